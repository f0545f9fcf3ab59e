package register

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Synthetic people: numbers built with a valid check digit, obviously not real.
var (
	citizenID  = registertest.SynthID("100000001")
	residentID = registertest.SynthID("200000002")
	testMobile = "0500000123"
	testE164   = "+966500000123"
	testPass   = "Xy!9pass#Q"
)

type harness struct {
	w     *Wizard
	q     *registertest.Queue
	live  *registertest.Live
	print *registertest.Printer
	clk   *registertest.Clock
	on    bool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{q: &registertest.Queue{}, print: &registertest.Printer{}, clk: registertest.NewClock(clockStart)}
	h.live = &registertest.Live{
		Known: map[string]bool{citizenID: true, residentID: true}, HasAccount: map[string]bool{},
		MobileOwner: map[string]string{}, Code: "424242", Now: h.clk.Now,
	}
	w, err := New(Deps{
		Queue: h.q, Printer: h.print, Live: h.live, Online: func() bool { return h.on },
		Terms:   fakeTerms{Terms{Version: "t-7", Terms: Text{"الشروط", "Terms"}}},
		KioskID: "kiosk-test-1", Now: h.clk.Now, Rand: seeded(3),
	})
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	return h
}

// fill enters valid input for step s.
func (h *harness) fill(t *testing.T, s Step) {
	t.Helper()
	w := h.w
	switch s {
	case StepIdentityType:
		w.SetIDType(identity.Citizen)
	case StepIDNumber:
		w.Set(FieldIDNumber, citizenID)
	case StepBirthDate:
		w.SetBirthDate(1410, 5, 12)
	case StepMobile:
		w.Set(FieldMobile, testMobile)
	case StepEmail:
		w.Set(FieldEmail, "test.resident@example.com")
	case StepCredentials:
		w.Set(FieldUsername, "TestUser2026")
		w.Set(FieldPassword, testPass)
		w.Set(FieldConfirm, testPass)
	case StepLanguage:
		w.SetLanguage(LangEnglish)
	case StepCaptcha:
		c, err := w.Captcha()
		if err != nil {
			t.Fatal(err)
		}
		w.Set(FieldCaptcha, c.Answer())
	case StepTerms:
		w.AcceptTerms(true)
	}
}

// walk completes every step before target.
func (h *harness) walk(t *testing.T, target Step) {
	t.Helper()
	for h.w.Step() < target {
		s := h.w.Step()
		h.fill(t, s)
		if err := h.w.Next(context.Background()); err != nil {
			t.Fatalf("step %s: %v", s, err)
		}
	}
}

func TestInvalidInputDoesNotAdvance(t *testing.T) {
	tests := []struct {
		name  string
		step  Step
		input func(w *Wizard)
		field Field
		code  string
	}{
		{"no identity type chosen", StepIdentityType, func(w *Wizard) {}, FieldIDType, "choose_id_type"},
		{"empty ID number", StepIDNumber, func(w *Wizard) { w.Set(FieldIDNumber, " ") }, FieldIDNumber, "id.required"},
		{"ID with a wrong check digit", StepIDNumber, func(w *Wizard) { w.Set(FieldIDNumber, "1000000010") }, FieldIDNumber, "id.checksum"},
		{"iqama number for a citizen", StepIDNumber, func(w *Wizard) { w.Set(FieldIDNumber, residentID) }, FieldIDNumber, "id.prefix"},
		{"ID with letters", StepIDNumber, func(w *Wizard) { w.Set(FieldIDNumber, "10000A0001") }, FieldIDNumber, "id.digits"},
		{"visitor without nationality", StepIDNumber, func(w *Wizard) {
			w.SetIDType(identity.Visitor)
			w.Set(FieldIDNumber, "X1234567")
		}, FieldNationality, "nationality.required"},
		{"no date picked", StepBirthDate, func(w *Wizard) {}, FieldBirthDate, "date.required"},
		{"30 Rabi al-Awwal does not exist in 1410", StepBirthDate, func(w *Wizard) { w.SetBirthDate(1410, 3, 30) }, FieldBirthDate, "date.day"},
		{"birth date in the future", StepBirthDate, func(w *Wizard) { w.SetBirthDate(1460, 1, 1) }, FieldBirthDate, "dob.future"},
		{"empty mobile", StepMobile, func(w *Wizard) {}, FieldMobile, "mobile.required"},
		{"landline-looking mobile", StepMobile, func(w *Wizard) { w.Set(FieldMobile, "0112345678") }, FieldMobile, "mobile.saudi"},
		{"email without domain", StepEmail, func(w *Wizard) { w.Set(FieldEmail, "test.resident@") }, FieldEmail, "email.format"},
		{"short username", StepCredentials, func(w *Wizard) {
			w.Set(FieldUsername, "Ab1")
			w.Set(FieldPassword, testPass)
			w.Set(FieldConfirm, testPass)
		}, FieldUsername, "username.length"},
		{"password without symbol", StepCredentials, func(w *Wizard) {
			w.Set(FieldUsername, "TestUser2026")
			w.Set(FieldPassword, "Abcdefgh9")
			w.Set(FieldConfirm, "Abcdefgh9")
		}, FieldPassword, "password.symbol"},
		{"confirmation differs", StepCredentials, func(w *Wizard) {
			w.Set(FieldUsername, "TestUser2026")
			w.Set(FieldPassword, testPass)
			w.Set(FieldConfirm, testPass+"x")
		}, FieldConfirm, "password.confirm"},
		{"no language", StepLanguage, func(w *Wizard) { w.SetLanguage("") }, FieldLanguage, "choose_language"},
		{"empty visual code", StepCaptcha, func(w *Wizard) {}, FieldCaptcha, "captcha_empty"},
		{"wrong visual code", StepCaptcha, func(w *Wizard) { w.Set(FieldCaptcha, "ZZZZZ") }, FieldCaptcha, "captcha_wrong"},
		{"terms not accepted", StepTerms, func(w *Wizard) {}, FieldTerms, "terms_not_accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.walk(t, tt.step)
			tt.input(h.w)
			err := h.w.Next(context.Background())
			var ie *InvalidError
			if !errors.As(err, &ie) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Next = %v, want *InvalidError", err)
			}
			fe, ok := ie.For(tt.field)
			if !ok || fe.Code != tt.code {
				t.Fatalf("errors %v, want %s on %s", ie.Errors, tt.code, tt.field)
			}
			if fe.Message(LangArabic) == "" || fe.Message(LangEnglish) == "" || fe.Message(LangArabic) == fe.Message(LangEnglish) {
				t.Errorf("messages ar=%q en=%q", fe.Message(LangArabic), fe.Message(LangEnglish))
			}
			if got := h.w.Step(); got != tt.step {
				t.Errorf("step = %s, want %s (no advance)", got, tt.step)
			}
			if e, ok := h.w.ErrorFor(tt.field); !ok || e.Code != tt.code {
				t.Errorf("ErrorFor(%s) = %v %v", tt.field, e, ok)
			}
		})
	}
}

func TestWrongCaptchaDrawsANewOne(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepCaptcha)
	first, _ := h.w.Captcha()
	h.w.Set(FieldCaptcha, swapFirst(first.Answer()))
	if err := h.w.Next(context.Background()); err == nil {
		t.Fatal("wrong code accepted")
	}
	second, _ := h.w.Captcha()
	if second == first {
		t.Fatal("captcha not replaced after a wrong answer")
	}
	if first.Check(first.Answer()) && second.Check(first.Answer()) && first.Answer() == second.Answer() {
		t.Log("new code happens to equal the old one")
	}
	h.w.Set(FieldCaptcha, strings.ToLower(second.Answer()))
	if err := h.w.Next(context.Background()); err != nil {
		t.Fatalf("right answer to the new code: %v", err)
	}
}

func decode(t *testing.T, r outbox.Request) *wire.Registration {
	t.Helper()
	v, err := wire.DecodePayload(r.Kind, r.Payload)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*wire.Registration)
}

func assertNoPersonalMeta(t *testing.T, r outbox.Request) {
	t.Helper()
	for k, v := range r.Meta {
		for _, secret := range []string{testPass, citizenID, testE164, testMobile, "TestUser2026", "test.resident"} {
			if strings.Contains(v, secret) {
				t.Errorf("Meta[%s] = %q holds personal data", k, v)
			}
		}
	}
}

func TestOfflineSubmitQueuesThenPrints(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepReview)
	if err := h.w.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.w.Step() != StepDone {
		t.Fatalf("step %s", h.w.Step())
	}
	if len(h.q.Requests()) != 1 {
		t.Fatalf("%d requests queued", len(h.q.Requests()))
	}
	req := h.q.Requests()[0]
	if req.Kind != wire.KindRegistration || req.Meta[MetaActivation] != ActivationPendingSMS || req.Meta[MetaMobile] != "05•••••123" {
		t.Errorf("request kind %q meta %v", req.Kind, req.Meta)
	}
	assertNoPersonalMeta(t, req)
	p := decode(t, req)
	want := wire.Registration{
		IDType: wire.IDCitizen, IDNumber: citizenID, Nationality: "SA",
		BirthDate: wire.Date{Calendar: "hijri", Year: 1410, Month: 5, Day: 12},
		Mobile:    testE164, Email: "test.resident@example.com", Username: "TestUser2026",
		Password: testPass, Language: LangEnglish, TermsVersion: "t-7",
	}
	if *p != want {
		t.Errorf("payload\n got %+v\nwant %+v", *p, want)
	}
	res, ok := h.w.Result()
	if !ok || res.Ref != "REF0000001" || res.Verified || res.PrintErr != nil {
		t.Fatalf("result %+v", res)
	}
	if len(h.print.Printed()) != 1 || h.print.Printed()[0].Reference != res.Ref || h.print.Printed()[0].QR != StatusQR(res.Ref) {
		t.Fatalf("printed %+v", h.print.Printed())
	}
	if h.live.Sends() != 0 {
		t.Error("offline path sent an SMS code")
	}
	if f := h.w.Form(); f.Password != "" || f.IDNumber != "" || f.Mobile != "" {
		t.Error("form still holds personal data after the request was queued")
	}
	if err := h.w.Submit(context.Background()); !errors.Is(err, ErrWrongStep) || len(h.q.Requests()) != 1 {
		t.Errorf("second submit: %v, %d requests", err, len(h.q.Requests()))
	}
}

func TestOnlineSubmitVerifiesTheMobile(t *testing.T) {
	h := newHarness(t)
	h.on = true
	h.walk(t, StepReview)
	if err := h.w.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if h.w.Step() != StepOTP || h.live.Sends() != 1 || len(h.q.Requests()) != 0 {
		t.Fatalf("step %s sends %d queued %d", h.w.Step(), h.live.Sends(), len(h.q.Requests()))
	}
	st := h.w.OTP()
	if st.MaskedMobile != "05•••••123" || st.TriesLeft != 5 || st.ResendIn != OTPResendWait || !st.CanResend {
		t.Errorf("otp status %+v", st)
	}
	err := h.w.VerifyOTP(context.Background(), "111111")
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Errors[0].Code != "otp_wrong" || !strings.Contains(ie.Errors[0].Message(LangEnglish), "4") {
		t.Fatalf("wrong code: %v", err)
	}
	if err := h.w.VerifyOTP(context.Background(), "12"); !errors.As(err, &ie) || ie.Errors[0].Code != "otp_format" {
		t.Fatalf("short code: %v", err)
	}
	if h.live.Verifies() != 1 {
		t.Errorf("a malformed code reached central (%d calls)", h.live.Verifies())
	}
	if err := h.w.VerifyOTP(context.Background(), "٤٢٤٢٤٢"); err != nil {
		t.Fatalf("right code in Arabic-Indic digits: %v", err)
	}
	if h.w.Step() != StepDone || len(h.q.Requests()) != 1 {
		t.Fatalf("step %s, %d queued", h.w.Step(), len(h.q.Requests()))
	}
	req := h.q.Requests()[0]
	p := decode(t, req)
	if !p.OTPVerified || p.OTPChallenge != "ch-1" || req.Meta[MetaActivation] != ActivationVerified {
		t.Errorf("payload otp %v %q meta %v", p.OTPVerified, p.OTPChallenge, req.Meta)
	}
	assertNoPersonalMeta(t, req)
	if res, _ := h.w.Result(); !res.Verified {
		t.Error("result not verified")
	}
}

func TestOTPLimits(t *testing.T) {
	ctx := context.Background()
	t.Run("expired code is refused without asking central", func(t *testing.T) {
		h := onlineAtOTP(t)
		h.clk.Advance(wire.OTPTTL + time.Second)
		err := h.w.VerifyOTP(ctx, "424242")
		assertOTPCode(t, err, "otp_expired")
		if h.live.Verifies() != 0 || len(h.q.Requests()) != 0 {
			t.Error("expired code reached central or queued")
		}
	})
	t.Run("five wrong codes exhaust the code", func(t *testing.T) {
		h := onlineAtOTP(t)
		for i := range 4 {
			assertOTPCode(t, h.w.VerifyOTP(ctx, "000000"), "otp_wrong")
			if h.w.OTP().TriesLeft != 4-i {
				t.Fatalf("tries left %d after %d", h.w.OTP().TriesLeft, i+1)
			}
		}
		assertOTPCode(t, h.w.VerifyOTP(ctx, "000000"), "otp_exhausted")
		assertOTPCode(t, h.w.VerifyOTP(ctx, "424242"), "otp_exhausted")
		if h.live.Verifies() != 5 || len(h.q.Requests()) != 0 {
			t.Errorf("%d verifies, %d queued", h.live.Verifies(), len(h.q.Requests()))
		}
		h.clk.Advance(OTPResendWait)
		if err := h.w.ResendOTP(ctx); err != nil {
			t.Fatal(err)
		}
		if err := h.w.VerifyOTP(ctx, "424242"); err != nil || h.w.Step() != StepDone {
			t.Fatalf("new code after exhaustion: %v, step %s", err, h.w.Step())
		}
	})
	t.Run("resend waits for the countdown and stops after the last code", func(t *testing.T) {
		h := onlineAtOTP(t)
		if err := h.w.ResendOTP(ctx); !errors.Is(err, ErrResendTooSoon) {
			t.Fatalf("immediate resend: %v", err)
		}
		h.clk.Advance(OTPResendWait - time.Second)
		if h.w.OTP().ResendIn != time.Second {
			t.Errorf("ResendIn %v", h.w.OTP().ResendIn)
		}
		for range OTPMaxSends - 1 {
			h.clk.Advance(OTPResendWait)
			if err := h.w.ResendOTP(ctx); err != nil {
				t.Fatal(err)
			}
		}
		h.clk.Advance(OTPResendWait)
		if h.w.OTP().CanResend {
			t.Error("CanResend after the last code")
		}
		if err := h.w.ResendOTP(ctx); !errors.Is(err, ErrTooManyResends) {
			t.Fatalf("resend past the limit: %v", err)
		}
		if h.live.Sends() != OTPMaxSends {
			t.Errorf("%d codes sent", h.live.Sends())
		}
		if err := h.w.VerifyOTP(ctx, "424242"); err != nil {
			t.Fatalf("latest code: %v", err)
		}
	})
	t.Run("back from the code step returns to review", func(t *testing.T) {
		h := onlineAtOTP(t)
		h.w.Back()
		if h.w.Step() != StepReview {
			t.Fatalf("step %s", h.w.Step())
		}
	})
}

func onlineAtOTP(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.on = true
	h.walk(t, StepReview)
	if err := h.w.Next(context.Background()); err != nil || h.w.Step() != StepOTP {
		t.Fatalf("submit: %v, step %s", err, h.w.Step())
	}
	return h
}

func assertOTPCode(t *testing.T, err error, code string) {
	t.Helper()
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Errors[0].Field != FieldOTP || ie.Errors[0].Code != code {
		t.Fatalf("got %v, want %s", err, code)
	}
}

func TestOnlineChecksSendBackToTheField(t *testing.T) {
	tests := []struct {
		name  string
		setup func(h *harness)
		step  Step
		code  string
	}{
		{"ID already has an account", func(h *harness) { h.live.HasAccount[citizenID] = true }, StepIDNumber, "id_has_account"},
		{"ID not in the registry", func(h *harness) { delete(h.live.Known, citizenID) }, StepIDNumber, "id_not_in_registry"},
		{"mobile belongs to someone else", func(h *harness) { h.live.MobileOwner[testE164] = residentID }, StepMobile, "mobile_taken"},
		{"too many codes for the number", func(h *harness) {
			h.live.SendErr = &wire.Error{Code: wire.ErrRateLimited, Message: "rate limited"}
		}, StepMobile, "otp_rate_limited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.on = true
			h.walk(t, StepReview)
			tt.setup(h)
			err := h.w.Next(context.Background())
			var ie *InvalidError
			if !errors.As(err, &ie) || ie.Errors[0].Code != tt.code {
				t.Fatalf("submit: %v", err)
			}
			if h.w.Step() != tt.step || len(h.q.Requests()) != 0 {
				t.Errorf("step %s, %d queued", h.w.Step(), len(h.q.Requests()))
			}
			if _, ok := h.w.ErrorFor(ie.Errors[0].Field); !ok {
				t.Error("error not attached to its field")
			}
		})
	}
	t.Run("mobile already the applicant's own is fine", func(t *testing.T) {
		h := newHarness(t)
		h.on = true
		h.live.MobileOwner[testE164] = citizenID
		h.walk(t, StepReview)
		if err := h.w.Next(context.Background()); err != nil || h.w.Step() != StepOTP {
			t.Fatalf("%v %s", err, h.w.Step())
		}
	})
}

func TestCentralLostMidwayQueuesForSMS(t *testing.T) {
	ctx := context.Background()
	down := fmt.Errorf("dial: %w", ErrUnreachable)
	t.Run("at the ID check", func(t *testing.T) {
		h := newHarness(t)
		h.on = true
		h.live.CallErr = down
		h.walk(t, StepReview)
		if err := h.w.Next(ctx); err != nil || h.w.Step() != StepDone {
			t.Fatalf("%v %s", err, h.w.Step())
		}
		if decode(t, h.q.Requests()[0]).OTPVerified {
			t.Error("queued as verified")
		}
	})
	t.Run("at verification", func(t *testing.T) {
		h := onlineAtOTP(t)
		h.live.CallErr = down
		if err := h.w.VerifyOTP(ctx, "424242"); err != nil || h.w.Step() != StepDone {
			t.Fatalf("%v %s", err, h.w.Step())
		}
		if res, _ := h.w.Result(); res.Verified || len(h.q.Requests()) != 1 {
			t.Errorf("result %+v, %d queued", res, len(h.q.Requests()))
		}
	})
}

func TestFreezeIsExplained(t *testing.T) {
	full := &outbox.FreezeError{Reason: outbox.FreezeQueueFull, Detail: "10000 records"}
	t.Run("at the start", func(t *testing.T) {
		q := &registertest.Queue{}
		q.Freeze(full)
		_, err := New(Deps{Queue: q, Printer: &registertest.Printer{}, Terms: fakeTerms{Terms{Version: "1", Terms: Text{"a", "b"}}}})
		var re *RefusedError
		if !errors.As(err, &re) || re.Reason != ReasonQueueFull || !errors.Is(err, outbox.ErrFull) {
			t.Fatalf("New: %v", err)
		}
		if !strings.Contains(re.Message(LangEnglish), "not saved") || re.Message(LangArabic) == "" {
			t.Errorf("message %q", re.Message(LangEnglish))
		}
	})
	tests := []struct {
		name   string
		err    error
		reason string
	}{
		{"queue full", full, ReasonQueueFull},
		{"offline too long", &outbox.FreezeError{Reason: outbox.FreezeTooOld}, ReasonBacklogOld},
		{"sealing key expired", &outbox.FreezeError{Reason: outbox.FreezeKeyExpired}, ReasonKeyExpired},
		{"storage degraded", &outbox.FreezeError{Reason: outbox.FreezeDegraded}, ReasonStorage},
		{"disk full at enqueue", fmt.Errorf("outbox: enqueue: %w", outbox.ErrStorage), ReasonStorage},
	}
	for _, tt := range tests {
		t.Run("at submission: "+tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.walk(t, StepReview)
			h.q.Freeze(tt.err)
			err := h.w.Next(context.Background())
			var re *RefusedError
			if !errors.As(err, &re) || re.Reason != tt.reason {
				t.Fatalf("submit: %v", err)
			}
			if h.w.Step() != StepReview || len(h.q.Requests()) != 0 || len(h.print.Printed()) != 0 {
				t.Errorf("step %s, %d queued, %d printed", h.w.Step(), len(h.q.Requests()), len(h.print.Printed()))
			}
			if strings.Contains(err.Error(), testPass) {
				t.Error("error text holds the password")
			}
		})
	}
	t.Run("no terms cached", func(t *testing.T) {
		_, err := New(Deps{Queue: &registertest.Queue{}, Printer: &registertest.Printer{}, Terms: fakeTerms{}})
		var re *RefusedError
		if !errors.As(err, &re) || re.Reason != ReasonNoTerms {
			t.Fatalf("New: %v", err)
		}
	})
}

func TestPrinterFailureShowsTheReceipt(t *testing.T) {
	h := newHarness(t)
	h.print.Err = errors.New("printer: paper out")
	h.walk(t, StepReview)
	if err := h.w.Next(context.Background()); err != nil {
		t.Fatalf("a printer failure must not fail the request: %v", err)
	}
	res, ok := h.w.Result()
	if !ok || h.w.Step() != StepDone || len(h.q.Requests()) != 1 {
		t.Fatalf("step %s, %d queued", h.w.Step(), len(h.q.Requests()))
	}
	if res.PrintErr == nil || res.Receipt.Reference != res.Ref || res.Receipt.QR == "" {
		t.Errorf("result %+v", res)
	}
}

func TestCalendarSwitchKeepsTheDay(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepBirthDate)
	h.w.SetBirthDate(1410, 5, 12)
	b, ok := h.w.BirthDates()
	if !ok || b.Gregorian.String() != "1989-12-11" {
		t.Fatalf("both calendars: %+v %v", b, ok)
	}
	h.w.SetCalendar(identity.Gregorian)
	if d := h.w.Form().BirthDate; d.Calendar != identity.Gregorian || d.String() != "1989-12-11" {
		t.Errorf("after switch: %+v", d)
	}
	h2 := newHarness(t)
	h2.w.SetIDType(identity.Resident)
	h2.w.SetCalendar(identity.Hijri)
	if h2.w.Form().BirthDate.Calendar != identity.Gregorian {
		t.Error("a resident could switch to Hijri")
	}
}

func TestReviewNeverShowsThePassword(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepReview)
	items := h.w.Review()
	b, _ := json.Marshal(items)
	if strings.Contains(string(b), testPass) {
		t.Fatal("review shows the password")
	}
	got := map[Field]ReviewItem{}
	for _, it := range items {
		got[it.Field] = it
	}
	if v := got[FieldBirthDate].Value.EN; v != "12 Jumada al-Ula 1410 AH (11 December 1989)" {
		t.Errorf("birth date %q", v)
	}
	if v := got[FieldBirthDate].Value.AR; v != "12 جمادى الأولى 1410 هـ (11 ديسمبر 1989 م)" {
		t.Errorf("birth date %q", v)
	}
	if got[FieldMobile].Value.EN != "050 000 0123" || got[FieldIDNumber].Step != StepIDNumber {
		t.Errorf("items %+v", got)
	}
	if err := h.w.GoTo(StepMobile); err != nil || h.w.Step() != StepMobile {
		t.Fatalf("edit: %v", err)
	}
	h.walk(t, StepReview)
}

func TestChecklistFollowsTheInput(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepCredentials)
	h.w.Set(FieldUsername, "TestUser2026")
	h.w.Set(FieldPassword, "abc")
	ok := map[string]bool{}
	for _, c := range h.w.PasswordChecklist() {
		ok[c.Code] = c.OK
		if c.Text.AR == "" || c.Text.EN == "" {
			t.Errorf("%s has no text", c.Code)
		}
	}
	if !ok["username.length"] || ok["password.length"] || ok["password.upper"] || !ok["password.lower"] || ok["password.confirm"] {
		t.Errorf("checklist %v", ok)
	}
	h.w.Set(FieldPassword, testPass)
	h.w.Set(FieldConfirm, testPass)
	for _, c := range h.w.PasswordChecklist() {
		if !c.OK {
			t.Errorf("%s not met by a valid password", c.Code)
		}
	}
}

func TestFillFromDocument(t *testing.T) {
	tests := []struct {
		name   string
		doc    mrz.Document
		idType identity.IdentityType
		number string
		nat    string
	}{
		{"visitor passport", mrz.Document{DocumentCode: "P", Issuer: "GBR", Nationality: "GBR", Number: "X1234567", BirthDate: "900315"}, identity.Visitor, "X1234567", "GBR"},
		{"Saudi card", mrz.Document{DocumentCode: "ID", Issuer: "SAU", Nationality: "SAU", Number: citizenID, BirthDate: "891210"}, identity.Citizen, citizenID, "SAU"},
		{"iqama card", mrz.Document{DocumentCode: "ID", Issuer: "SAU", Nationality: "EGY", Number: "A0000000", Optional1: residentID, BirthDate: "900315"}, identity.Resident, residentID, "EGY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			if err := h.w.FillFromDocument(tt.doc); err != nil {
				t.Fatal(err)
			}
			f := h.w.Form()
			if f.IDType != tt.idType || f.IDNumber != tt.number || h.w.Step() != StepIDNumber {
				t.Fatalf("form %+v step %s", f, h.w.Step())
			}
			if err := h.w.Next(context.Background()); err != nil {
				t.Fatalf("read document does not pass the ID step: %v", err)
			}
			if err := h.w.Next(context.Background()); err != nil {
				t.Fatalf("read birth date does not pass: %v (%+v)", err, h.w.Form().BirthDate)
			}
		})
	}
	t.Run("unusable document changes nothing", func(t *testing.T) {
		h := newHarness(t)
		err := h.w.FillFromDocument(mrz.Document{DocumentCode: "ID", Issuer: "SAU", Number: "1234"})
		var ie *InvalidError
		if !errors.As(err, &ie) || ie.Errors[0].Code != "document_unusable" || h.w.Step() != StepIdentityType || h.w.Form().IDNumber != "" {
			t.Fatalf("%v step %s", err, h.w.Step())
		}
	})
}

func TestWipeForgetsEverything(t *testing.T) {
	h := newHarness(t)
	h.walk(t, StepReview)
	h.w.Wipe()
	if h.w.Step() != StepIdentityType || h.w.Form() != (Form{Language: LangArabic}) {
		t.Fatalf("after wipe: %s %+v", h.w.Step(), h.w.Form())
	}
	if err := h.w.GoTo(StepReview); err == nil {
		t.Error("GoTo a step not reached since the wipe")
	}
}

func TestMaskMobile(t *testing.T) {
	for in, want := range map[string]string{
		"+966500000123": "05•••••123",
		"+201001234567": "+2••••••••567",
		"":              "",
	} {
		if got := MaskMobile(in); got != want {
			t.Errorf("MaskMobile(%q) = %q, want %q", in, got, want)
		}
	}
}
