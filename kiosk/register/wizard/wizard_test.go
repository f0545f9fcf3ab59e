package wizard

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

var testNow = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// fill walks one registration by touch: at each step it first gives invalid input
// and checks the message appears next to the field and the step does not advance,
// then gives valid input. snapshots names the goldens; empty skips them.
func (u *ui) fill(snapshots bool) { u.fillAs(testApplicant, snapshots) }

// applicant is who fillAs registers: a citizen born on a Hijri date.
type applicant struct {
	id                string
	year, month, day  int
	gregorian, mobile string // the date as the screen shows it in Gregorian (English), local mobile
}

var testApplicant = applicant{id: citizenID, year: 1410, month: 5, day: 12, gregorian: "11 December 1989", mobile: "0500000123"}

func (u *ui) fillAs(a applicant, snapshots bool) {
	t := u.t
	t.Helper()
	snap := func(name string) {
		u.checkTouch()
		if snapshots {
			u.snap(name)
		}
	}
	// Identity type.
	u.next()
	u.expectError(register.StepIdentityType, register.FieldIDType, "choose_id_type")
	snap("01_identity_type")
	u.tap("type:citizen")
	u.next()

	// ID number, with a wrong check digit first.
	u.typeInto(register.FieldIDNumber, "1000000010")
	u.next()
	u.expectError(register.StepIDNumber, register.FieldIDNumber, "id.checksum")
	snap("02_id_number")
	u.typeInto(register.FieldIDNumber, a.id)
	u.next()

	// Date of birth: nothing picked, then 12 Jumada al-Ula 1410 by keypad and arrows.
	u.next()
	u.expectError(register.StepBirthDate, register.FieldBirthDate, "date.required")
	u.typeInto("day", fmt.Sprint(a.day))
	for range a.month {
		u.tap("month+")
	}
	u.typeInto("year", fmt.Sprint(a.year))
	if u.lang == i18n.EN && !u.onScreen(a.gregorian) {
		t.Fatalf("the Gregorian date %q is not shown", a.gregorian)
	}
	if u.lang == i18n.AR && a == testApplicant && !u.onScreen("11 ديسمبر 1989 م") {
		t.Fatal("the Gregorian date is not shown in Arabic")
	}
	snap("03_birth_date")
	u.next()

	// Mobile.
	u.typeInto(register.FieldMobile, "0112345678")
	u.next()
	u.expectError(register.StepMobile, register.FieldMobile, "mobile.saudi")
	snap("04_mobile")
	u.typeInto(register.FieldMobile, a.mobile)
	u.next()

	// Email.
	u.typeInto(register.FieldEmail, "test.resident@")
	u.next()
	u.expectError(register.StepEmail, register.FieldEmail, "email.format")
	snap("05_email")
	u.typeInto(register.FieldEmail, "test.resident@example.com")
	u.next()

	// Username and password, with a username too short.
	u.typeInto(register.FieldUsername, "Ab1")
	u.typeInto(register.FieldPassword, testPass)
	u.typeInto(register.FieldConfirm, testPass)
	u.next()
	u.expectError(register.StepCredentials, register.FieldUsername, "username.length")
	snap("06_credentials")
	u.typeInto(register.FieldUsername, "TestUser2026")
	for _, c := range u.f.w.PasswordChecklist() {
		if !c.OK {
			t.Fatalf("checklist: %s not met", c.Code)
		}
	}
	u.next()

	// Preferred language.
	u.tap("lang:en")
	snap("07_language")
	u.next()

	// Visual code: a wrong guess draws a new picture.
	u.typeInto(register.FieldCaptcha, "zzzzz")
	u.next()
	u.expectError(register.StepCaptcha, register.FieldCaptcha, "captcha_wrong")
	snap("08_captcha")
	c, err := u.f.w.Captcha()
	if err != nil {
		t.Fatal(err)
	}
	u.typeInto(register.FieldCaptcha, strings.ToLower(c.Answer()))
	u.next()

	// Terms.
	u.next()
	u.expectError(register.StepTerms, register.FieldTerms, "terms_not_accepted")
	u.tap("accept")
	snap("09_terms")
	u.next()

	if u.step() != register.StepReview {
		t.Fatalf("step %s, want review", u.step())
	}
	for _, want := range []string{a.id, a.mobile[:3], "TestUser2026", "test.resident@example.com"} {
		if !u.onScreen(want) {
			t.Errorf("review does not show %q", want)
		}
	}
	if u.onScreen(testPass) {
		t.Error("review shows the password")
	}
	snap("10_review")
}

func TestRegistrationByTouch(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang)+"/offline", func(t *testing.T) {
			clk := registertest.NewClock(testNow)
			q, prn := newQueue(), &registertest.Printer{}
			u := startUI(t, lang, register.Deps{Queue: q, Printer: prn, Terms: fakeTerms{}, Now: clk.Now,
				Rand: rand.New(rand.NewPCG(1, 2)), KioskID: "kiosk-test-1"})
			u.fill(true)
			u.next() // submit: nobody to ask, so it is queued for SMS activation
			if u.step() != register.StepDone || len(q.Requests()) != 1 || len(prn.Printed()) != 1 {
				t.Fatalf("step %s, %d queued, %d printed", u.step(), len(q.Requests()), len(prn.Printed()))
			}
			if !u.onScreen(testRef) || !u.onScreen(register.NextSteps(false).In(string(lang))) {
				t.Error("done screen lacks the reference or what happens next")
			}
			u.snap("11_done_offline")
			u.doneFits()
			u.tap("finish")
			if u.s.FlowID() != "" {
				t.Error("finish did not return home")
			}
		})
		t.Run(string(lang)+"/online", func(t *testing.T) {
			clk := registertest.NewClock(testNow)
			q, prn := newQueue(), &registertest.Printer{Err: errPaperOut}
			live := newLive("424242", clk.Now)
			u := startUI(t, lang, register.Deps{Queue: q, Printer: prn, Terms: fakeTerms{}, Now: clk.Now,
				Live: live, Online: func() bool { return true },
				Rand: rand.New(rand.NewPCG(1, 2)), KioskID: "kiosk-test-1"})
			u.fill(false)
			u.next() // submit: live checks, then an SMS code
			if u.step() != register.StepOTP || live.Sends() != 1 || len(q.Requests()) != 0 {
				t.Fatalf("step %s, %d sends, %d queued", u.step(), live.Sends(), len(q.Requests()))
			}
			u.typeInto(register.FieldOTP, "111111")
			u.tap("verify")
			u.expectError(register.StepOTP, register.FieldOTP, "otp_wrong")
			if !u.onScreen(strings.Split(i18n.T(lang, "register.otp_resend_in"), "%")[0]) {
				t.Error("no resend countdown")
			}
			u.snap("12_otp")
			if !u.f.buttons["resend"].Disabled() {
				t.Error("resend enabled before the countdown ran out")
			}
			clk.Advance(register.OTPResendWait)
			u.f.refresh()
			if u.f.buttons["resend"].Disabled() {
				t.Fatal("resend still disabled after the countdown")
			}
			u.tap("resend")
			if live.Sends() != 2 || u.step() != register.StepOTP {
				t.Fatalf("resend: %d sends, step %s", live.Sends(), u.step())
			}
			u.typeInto(register.FieldOTP, "424242")
			u.tap("verify")
			if u.step() != register.StepDone || len(q.Requests()) != 1 {
				t.Fatalf("step %s, %d queued", u.step(), len(q.Requests()))
			}
			if q.Requests()[0].Meta[register.MetaActivation] != register.ActivationVerified || q.Requests()[0].Kind != wire.KindRegistration {
				t.Errorf("meta %v", q.Requests()[0].Meta)
			}
			if !u.onScreen(i18n.T(lang, "register.done_print_failed")) {
				t.Error("printer failure not explained")
			}
			u.snap("13_done_print_failed")
			u.doneFits()
		})
	}
}

func TestFreezeIsExplained(t *testing.T) {
	full := &outbox.FreezeError{Reason: outbox.FreezeQueueFull}
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang)+"/at start", func(t *testing.T) {
			q := frozenQueue(full)
			u := startUI(t, lang, register.Deps{Queue: q, Printer: &registertest.Printer{}, Terms: fakeTerms{}, Now: registertest.NewClock(testNow).Now})
			if u.f.refused == nil || !u.onScreen(u.f.refused.Message(string(lang))) || !u.onScreen(i18n.T(lang, "register.refused")) {
				t.Fatal("freeze not explained on the first screen")
			}
			u.snap("00_refused")
			u.tap("home")
			if u.s.FlowID() != "" {
				t.Error("home did not leave the flow")
			}
		})
		t.Run(string(lang)+"/at submission", func(t *testing.T) {
			q := newQueue()
			u := startUI(t, lang, register.Deps{Queue: q, Printer: &registertest.Printer{}, Terms: fakeTerms{}, Now: registertest.NewClock(testNow).Now,
				Rand: rand.New(rand.NewPCG(1, 2))})
			u.fill(false)
			q.Freeze(&outbox.FreezeError{Reason: outbox.FreezeTooOld})
			u.next()
			if u.step() != register.StepReview || len(q.Requests()) != 0 {
				t.Fatalf("step %s, %d queued", u.step(), len(q.Requests()))
			}
			msg := (&register.RefusedError{Reason: register.ReasonBacklogOld}).Reason
			re, ok := u.f.lastErr.(*register.RefusedError)
			if !ok || re.Reason != msg || !u.onScreen(re.Message(string(lang))) {
				t.Fatalf("refusal not shown: %v", u.f.lastErr)
			}
		})
	}
}

// doneFits fails the test unless the done screen's text fits without scrolling,
// with room to spare for the real kiosk's status strip (empty in these tests).
func (u *ui) doneFits() {
	u.t.Helper()
	const spare = 48
	if need, have := u.f.scroll.Content.MinSize().Height, u.f.scroll.Size().Height; need > have-spare {
		u.t.Errorf("%s: the done screen needs %v px, has %v (with %v to spare)", u.lang, need, have, spare)
	}
}
