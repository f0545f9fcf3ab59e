package wizard

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
)

// startSpeaking is startUI with a speaking shell: speech mode is switched on
// with the attract screen's "touch here to hear", as a person who cannot read
// would.
func startSpeaking(t *testing.T, lang i18n.Lang, deps register.Deps, rec *speechtest.Recorder) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	f := New(Options{Deps: deps, Go: func(fn func()) { fn() }, TickEvery: -1})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Speech: rec})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, win: win, s: s, f: f, lang: lang, shots: os.Getenv("BAWABA_SCREENSHOTS"), name: "speech"}
	u.tapText(i18n.T(i18n.AR, "a11y.speech.hear"))
	if !s.SpeechOn() || s.Screen() != shell.ScreenLanguage {
		t.Fatalf("touch here to hear: speech %v, screen %s", s.SpeechOn(), s.Screen())
	}
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "register.title"))
	return u
}

// TestRegistrationIsSpoken drives a whole registration (online, with an SMS
// code) with speech on, and checks that every step, every error met and the
// result were said, in the session's language, with keys the catalogue has —
// and that no secret was ever handed to the speech engine.
func TestRegistrationIsSpoken(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			clk := registertest.NewClock(testNow)
			live := newLive("424242", clk.Now)
			u := startSpeaking(t, lang, register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: fakeTerms{}, Now: clk.Now,
				Live: live, Online: func() bool { return true }, Rand: rand.New(rand.NewPCG(1, 2)), KioskID: "kiosk-test-1"}, rec)
			u.fill(false)

			// The visual code, heard: its characters, slowly.
			u.f.w.GoTo(register.StepCaptcha)
			u.f.show()
			u.tap("captcha_listen")
			c, _ := u.f.w.Captcha()
			last := rec.Last()
			if len(last.Parts) != 2 || last.Parts[1].Spell != c.Answer() || !last.Parts[1].Slow {
				t.Fatalf("listen to the code said %+v, want the code %q slowly", last, c.Answer())
			}
			u.s.Repeat()
			if got := rec.Last(); got.Parts[1].Spell != c.Answer() {
				t.Errorf("repeat said %+v, want the code again", got)
			}
			u.typeInto(register.FieldCaptcha, c.Answer())
			u.next() // terms, accepted already
			u.next() // review
			u.next() // submit: an SMS code
			u.typeInto(register.FieldOTP, "111111")
			u.tap("verify")
			n := len(rec.Said())
			u.typeInto(register.FieldOTP, "111111")
			u.tap("verify") // the same error again is said again
			if got := rec.Keys(); got[len(got)-2] != ErrorKey("otp_wrong") || len(rec.Said()) <= n {
				t.Errorf("a second wrong code said %v", rec.Last().Keys())
			}
			u.typeInto(register.FieldOTP, "424242")
			u.tap("verify")
			if u.step() != register.StepDone {
				t.Fatalf("step %s, want done", u.step())
			}

			keys := rec.Keys()
			var want []string
			for s := register.StepIdentityType; s <= register.StepOTP; s++ {
				want = append(want, StepKey(s, identity.Citizen))
			}
			want = append(want, "speech.register.done", "speech.register.next.verified", "speech.register.done.printed",
				"speech.language.ar.right", "speech.language.en.left", "speech.home", "speech.tile.register")
			for _, code := range []string{"choose_id_type", "id.checksum", "date.required", "mobile.saudi", "email.format",
				"username.length", "captcha_wrong", "terms_not_accepted", "otp_wrong"} {
				want = append(want, ErrorKey(code))
			}
			for _, k := range want {
				if !slices.Contains(keys, k) {
					t.Errorf("never said %s", k)
				}
			}
			for _, k := range keys {
				if !i18n.Default().Has(lang, k) {
					t.Errorf("said %s, which the %s catalogue lacks", k, lang)
				}
			}
			for _, u := range rec.Said() {
				if u.Lang != lang && !slices.Contains(u.Keys(), "speech.language.ar.right") {
					t.Errorf("said %v in %q, want %s", u.Keys(), u.Lang, lang)
				}
			}

			// The result: the reference, slowly.
			if done := rec.Last(); !strings.Contains(rec.Spelled(), testRef) || done.Keys()[0] != "speech.register.done" {
				t.Errorf("done screen said %+v, want the reference %s", done, testRef)
			}
			// Never a secret: the password, the SMS codes typed.
			spelled := rec.Spelled()
			for _, secret := range []string{testPass, "424242", "111111", "4242", "1111"} {
				if strings.Contains(spelled, secret) {
					t.Errorf("the secret %q was spoken: %s", secret, spelled)
				}
			}
			// Personal values only after the warning that they are heard aloud.
			for _, said := range rec.Said() {
				for i, p := range said.Parts {
					if p.Personal && p.Spell == citizenID && (i == 0 || said.Parts[i-1].Key != speech.KeyAloud) {
						t.Errorf("the ID number was spoken without the warning: %+v", said)
					}
				}
			}
		})
	}
}

// TestSecretKeysSayOnlyTyped types into each secret field and checks that each
// key press said only "one character typed", never the character.
func TestSecretKeysSayOnlyTyped(t *testing.T) {
	rec := &speechtest.Recorder{}
	u := startSpeaking(t, i18n.EN, register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: fakeTerms{},
		Now: registertest.NewClock(testNow).Now, Rand: rand.New(rand.NewPCG(1, 2))}, rec)
	u.goToStep(register.StepCredentials, identity.Citizen)
	for _, field := range []register.Field{register.FieldPassword, register.FieldConfirm} {
		test.Tap(u.f.fields[field])
		rec.Reset()
		u.typeInto(field, testPass)
		said := rec.Said()
		if len(said) < len(testPass) {
			t.Fatalf("%s: %d utterances for %d keys", field, len(said), len(testPass))
		}
		for _, s := range said {
			for _, p := range s.Parts {
				if strings.HasPrefix(p.Key, "speech.register.field.") {
					continue // the field's label, when typing taps it
				}
				// Typed, deleted, and the clear key's "cleared" or "empty": none
				// says anything of what was typed.
				if p.Spell != "" || p.Text != "" || !slices.Contains(secretKeyPrompts, p.Key) {
					t.Fatalf("%s: a key press said %+v", field, s)
				}
			}
		}
	}
	// A username key is echoed: it is not secret, and the field warned it is heard.
	rec.Reset()
	u.typeInto(register.FieldUsername, "Ab")
	if got := rec.Spelled(); !strings.Contains(got, "A|") || !strings.Contains(got, "b|") {
		t.Errorf("username keys echoed %q", got)
	}
}

// secretKeyPrompts are all a key press may say in a secret field.
var secretKeyPrompts = []string{speech.KeyTyped, speech.KeyDeleted, "speech.key.cleared", "speech.key.empty"}

// TestSilentWithSpeechOff: without speech mode nothing reaches the engine, and
// the visual code has no listen button (it would say nothing).
func TestSilentWithSpeechOff(t *testing.T) {
	rec := &speechtest.Recorder{}
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	f := New(Options{Deps: register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: fakeTerms{},
		Now: registertest.NewClock(testNow).Now, Rand: rand.New(rand.NewPCG(1, 2))}, Go: func(fn func()) { fn() }, TickEvery: -1})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Speech: rec})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, win: win, s: s, f: f, lang: i18n.EN}
	u.tapText(i18n.T(i18n.AR, "attract.touch"))
	u.tapText("English")
	u.tapText(i18n.T(i18n.EN, "register.title"))
	u.goToStep(register.StepCaptcha, identity.Citizen)
	if _, ok := u.f.buttons["captcha_listen"]; ok {
		t.Error("listen to the code shown with speech off")
	}
	u.typeInto(register.FieldCaptcha, "AB")
	if n := len(rec.Said()); n != 0 {
		t.Errorf("speech off, yet %d utterances: %v", n, rec.Keys())
	}
}

// TestEveryScreenAndErrorHasAPrompt is the spoken counterpart of the text
// completeness test: every step (for every identity type), every field, every
// error the flow can show (its own and the identity rules') and every refusal
// has a spoken prompt in both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	cat := i18n.Default()
	var keys []string
	for s := register.StepIdentityType; s <= register.StepOTP; s++ {
		for _, ty := range identity.IdentityTypes() {
			keys = append(keys, StepKey(s, ty))
		}
	}
	keys = append(keys, "speech.register.done", "speech.register.next.verified", "speech.register.next.queued",
		"speech.register.done.printed", "speech.register.done.print_failed", "speech.register.done.finish",
		"speech.register.wait", "speech.register.refused", "speech.register.refused.home", "speech.register.captcha.code",
		"speech.register.step.birth_date.calendars", "speech.register.step.otp.action", "speech.register.otp.tries")
	for _, r := range []string{register.ReasonQueueFull, register.ReasonBacklogOld, register.ReasonKeyExpired, register.ReasonStorage, register.ReasonNoTerms, "unknown"} {
		keys = append(keys, refusedKey(r))
	}
	for _, fl := range []register.Field{register.FieldIDNumber, register.FieldMobile, register.FieldEmail, register.FieldUsername,
		register.FieldPassword, register.FieldConfirm, register.FieldCaptcha, register.FieldOTP, "day", "year", "nationality_search"} {
		for _, ty := range identity.IdentityTypes() {
			keys = append(keys, FieldKey(fl, ty))
		}
	}
	// Every error text the flow has: its own ("register.err.<code>") and the
	// identity rules' it checks (all but the national address's).
	for _, k := range cat.Keys(i18n.EN) {
		if code, ok := strings.CutPrefix(k, "register.err."); ok && code != "start_failed" {
			keys = append(keys, ErrorKey(code))
		}
	}
	for _, c := range identity.Codes() {
		if !strings.HasPrefix(string(c), "address.") {
			keys = append(keys, ErrorKey(string(c)))
		}
	}
	choices := []string{"type:citizen", "type:resident", "type:visitor", "type:gcc", "cal:hijri", "cal:gregorian", "lang:ar", "lang:en"}
	for _, c := range identity.Countries() {
		choices = append(choices, "country:"+c.Alpha3)
	}
	for _, b := range choices {
		if choiceKey(i18n.AR, b) == "" || choiceKey(i18n.EN, b) == "" {
			t.Errorf("choice %s has no spoken name", b)
		}
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !strings.HasPrefix(k, speech.KeyPrefix) || !cat.Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}

// catalogueTerms are the terms the central service sends by default: the
// catalogue's own texts.
type catalogueTerms struct{}

func (catalogueTerms) Terms() (register.Terms, bool) {
	tx := func(k string) register.Text { return register.Text{AR: i18n.T(i18n.AR, k), EN: i18n.T(i18n.EN, k)} }
	return register.Terms{Version: "2026-1", Terms: tx("terms.pledge"), Privacy: tx("terms.privacy")}, true
}

// TestNamesAndTermsAreSaidWithDiacritics: the terms the catalogue has are said
// by their spoken forms, terms central changed are read as written; a month
// changed by its arrow and a nationality chosen are said by their spoken
// names.
func TestNamesAndTermsAreSaidWithDiacritics(t *testing.T) {
	for _, tt := range []struct {
		name  string
		terms register.TermsSource
		want  []string // the terms step's parts after its prompt: keys, or "text"
	}{
		{"when central sends the catalogue's terms, their spoken forms are said", catalogueTerms{},
			[]string{"speech.terms.pledge", "speech.terms.privacy"}},
		{"when central sends other terms, they are read as written", fakeTerms{}, []string{"text", "text"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := &speechtest.Recorder{}
			u := startSpeaking(t, i18n.AR, register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: tt.terms,
				Now: registertest.NewClock(testNow).Now, Rand: rand.New(rand.NewPCG(1, 2))}, rec)
			u.goToStep(register.StepCaptcha, identity.Citizen)
			c, _ := u.f.w.Captcha()
			u.typeInto(register.FieldCaptcha, c.Answer())
			u.next()
			if u.step() != register.StepTerms {
				t.Fatalf("step %s, want terms", u.step())
			}
			var got []string
			for _, p := range rec.Last().Parts[1:] {
				if p.Text != "" {
					got = append(got, "text")
				} else {
					got = append(got, p.Key)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("the terms step said %v, want %v", got, tt.want)
			}
		})
	}

	rec := &speechtest.Recorder{}
	u := startSpeaking(t, i18n.AR, register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: fakeTerms{},
		Now: registertest.NewClock(testNow).Now, Rand: rand.New(rand.NewPCG(1, 2))}, rec)
	u.goToStep(register.StepBirthDate, identity.Citizen)
	u.tap("month+")
	if got := rec.Last().Keys(); !slices.Equal(got, []string{speech.MonthKey("hijri", 6)}) {
		t.Errorf("the month arrow said %v, want the spoken Jumada al-Akhirah", got)
	}
	u.f.w.GoTo(register.StepIDNumber)
	u.f.w.SetIDType(identity.GCC)
	u.f.show()
	u.tap("country:" + identity.Kuwait)
	if got := rec.Last().Keys(); !slices.Equal(got, []string{speech.CountryKey(identity.Kuwait), "speech.register.selected"}) {
		t.Errorf("choosing Kuwait said %v", got)
	}
}
