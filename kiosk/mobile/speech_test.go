package mobile

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/wire"
)

// startSpeaking is start with a speaking shell: speech mode is switched on
// with the attract screen's "touch here to hear", as a person who cannot read
// would.
func startSpeaking(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, rec *speechtest.Recorder) *ui {
	t.Helper()
	u := &ui{t: t, k: k, lang: lang, finger: prooftest.NewFinger()}
	u.f = New(Options{Go: func(fn func()) { fn() }, Deps: deps(k, online, &registertest.Printer{}, false, u)})
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	s := shell.New(win, shell.Options{Flows: []shell.Flow{u.f}, StatusEvery: -1, IdleTimeout: time.Hour, Speech: rec})
	t.Cleanup(s.Stop)
	s.Start()
	u.UI = &prooftest.UI{T: t, Win: win, Shell: s, Lang: lang, Svc: u.f, Where: u.where}
	u.TapText(i18n.T(i18n.AR, "a11y.speech.hear"))
	if !s.SpeechOn() {
		t.Fatal("touch here to hear did not switch speech on")
	}
	if lang == i18n.AR {
		u.TapText("العربية")
	} else {
		u.TapText("English")
	}
	u.TapText(i18n.T(lang, u.f.TitleKey()))
	return u
}

// onlyTyped fails unless everything said after the first n utterances is
// "one character typed" or "deleted" (or a field's label, when a tap focuses
// it).
func onlyTyped(t *testing.T, rec *speechtest.Recorder, n int, what string) {
	t.Helper()
	typed := 0
	for _, s := range rec.Said()[n:] {
		for _, p := range s.Parts {
			if strings.HasPrefix(p.Key, "speech.mobile.field.") {
				continue
			}
			// Clearing the box first is said too ("the box is empty"):
			// nothing of the code is in those.
			if p.Key == "speech.key.empty" || p.Key == "speech.key.cleared" {
				continue
			}
			if p.Spell != "" || p.Text != "" || (p.Key != speech.KeyTyped && p.Key != speech.KeyDeleted) {
				t.Fatalf("%s: a key press said %+v", what, s)
			}
			if p.Key == speech.KeyTyped {
				typed++
			}
		}
	}
	if typed != wire.OTPDigits {
		t.Fatalf("%s: %d keys said typed, want %d", what, typed, wire.OTPDigits)
	}
}

// TestMobileChangeIsSpoken drives both cases with speech on, and checks that
// every screen, the errors met and the result were said with keys the
// catalogue has; that a code typed never reached the speech engine; and that
// the ID and mobile numbers were said only after the warning that they are
// heard aloud.
func TestMobileChangeIsSpoken(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			p := k.Account(t, base+1, true)
			other := k.Account(t, base+2, false)
			u := startSpeaking(t, k, lang, &online, rec)
			u.Tap("have_sim")
			u.typeInto(u.f.Form().Field(), "123")
			u.Tap("next")
			u.typeInto(u.f.Form().Field(), p.IDNumber)
			u.Tap("next")
			u.expectStep(StepOldCode)

			var typed []string
			n := len(rec.Said())
			u.typeInto(u.field("code"), "000000")
			onlyTyped(t, rec, n, "the old number's code")
			typed = append(typed, "000000")
			u.Tap("next")
			code := u.lastCode(p.Mobile)
			n = len(rec.Said())
			u.typeInto(u.field("code"), code)
			onlyTyped(t, rec, n, "the old number's code")
			typed = append(typed, code)
			u.Tap("next")
			u.expectStep(StepNewNumber)

			u.Tap("cc_20")
			u.Tap("cc_966")
			u.typeInto(u.field("number"), "0"+other.Mobile[4:])
			u.Tap("next")
			u.expectStep(StepNewNumber)
			newLocal := fmt.Sprintf("05077700%02d", base+10)
			newMobile := "+966" + newLocal[1:]
			u.typeInto(u.field("number"), newLocal)
			u.Tap("next")
			u.expectStep(StepNewCode)
			code = u.lastCode(newMobile)
			n = len(rec.Said())
			u.typeInto(u.field("code"), code)
			onlyTyped(t, rec, n, "the new number's code")
			typed = append(typed, code)
			u.Tap("next")
			u.expectStep(StepDone)
			res, _ := u.f.Result()
			done := rec.Last()
			if !slices.Contains(done.Keys(), "speech.mobile.done") || !strings.Contains(rec.Spelled(), res.Ref) {
				t.Errorf("done said %+v, want the reference %s", done, res.Ref)
			}
			// The lost SIM, in a second session: the prover speaks its own
			// screens, the change only from the new number on.
			said := rec.Said()

			rec2 := &speechtest.Recorder{}
			q := k.Account(t, base+3, true)
			u2 := startSpeaking(t, k, lang, &online, rec2)
			u2.Tap("lost_sim")
			n = len(rec2.Said())
			prooftest.ProveByFinger(t, u2.prover(), u2.finger, q.IDNumber)
			u2.expectStep(StepNewNumber)
			for _, s := range rec2.Said()[n:] {
				if slices.ContainsFunc(s.Keys(), func(k string) bool { return strings.HasPrefix(k, "speech.mobile.") && k != "speech.mobile.number" }) {
					t.Errorf("the change spoke over the prover: %v", s.Keys())
				}
			}
			if !slices.Contains(rec2.Keys(), "speech.mobile.number") {
				t.Errorf("the new number screen after the proof was not said: %v", rec2.Keys())
			}
			said = append(said, rec2.Said()...)

			var keys []string
			for _, s := range said {
				keys = append(keys, s.Keys()...)
			}
			for _, want := range []string{"speech.mobile.choose", "speech.mobile.id", "speech.err.id.length", "speech.mobile.old",
				"speech.mobile.code.action", "speech.mobile.code.wrong", "speech.mobile.number", "speech.mobile.chip.20",
				"speech.mobile.number.taken", "speech.mobile.new_code", "speech.mobile.done", "speech.mobile.done.next",
				"speech.mobile.done.printed", "speech.mobile.done.finish"} {
				if !slices.Contains(keys, want) {
					t.Errorf("never said %s", want)
				}
			}
			for _, key := range keys {
				if !i18n.Default().Has(lang, key) {
					t.Errorf("said %s, which the %s catalogue lacks", key, lang)
				}
			}
			// Never a code typed.
			var spelled strings.Builder
			for _, s := range said {
				for _, part := range s.Parts {
					spelled.WriteString(part.Spell + "|")
				}
			}
			for _, c := range typed {
				if strings.Contains(spelled.String(), c) {
					t.Errorf("the code %s typed was spoken", c)
				}
			}
			// The digits of the ID and the new number were echoed, as personal.
			echoed := 0
			for _, s := range said {
				if len(s.Parts) == 1 && s.Parts[0].Personal && len(s.Parts[0].Spell) == 1 {
					echoed++
				}
			}
			if echoed < len(p.IDNumber)+len(newLocal) {
				t.Errorf("%d digits echoed as personal, want at least %d", echoed, len(p.IDNumber)+len(newLocal))
			}
			// Personal values only after the warning: in the same utterance, or
			// (a digit echoed as it is typed) once it was said on that screen.
			aloud := false
			for _, s := range said {
				for i, part := range s.Parts {
					if part.Key == speech.KeyAloud {
						aloud = true
					}
					if !part.Personal {
						if part.Spell == wire.MaskMobile(newMobile) || part.Spell == p.IDNumber || part.Spell == q.IDNumber {
							t.Errorf("%q spoken without the heard-aloud mark", part.Spell)
						}
						continue
					}
					warned := i > 0 && s.Parts[i-1].Key == speech.KeyAloud
					if !warned && !(len(s.Parts) == 1 && len([]rune(part.Spell)) == 1 && aloud) {
						t.Errorf("personal %+v said without the warning", s)
					}
				}
			}
			for _, s := range said {
				for i, part := range s.Parts {
					if part.Spell == wire.MaskMobile(newMobile) && (!part.Personal || i == 0 || s.Parts[i-1].Key != speech.KeyAloud) {
						t.Errorf("the new number said as %+v", s)
					}
				}
			}
		})
	}
}

// TestEveryScreenAndErrorHasAPrompt is the spoken counterpart of the text
// completeness test: every screen of the change (the prover's are the
// prover's), every field, every message under a field and every country of
// the one-tap list has a prompt in both languages, the Arabic with its
// diacritics.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	var keys []string
	for _, s := range Steps {
		if s == StepProve {
			continue
		}
		for _, card := range []bool{false, true} {
			for _, answer := range []string{AnswerNotInRegistry, AnswerNoAccount} {
				for _, res := range []*Result{{Ref: "R"}, {Ref: "R", Card: true, PrintErr: errors.New("paper")}} {
					f := New(Options{Deps: Deps{CardProof: card}})
					f.step, f.answer, f.result, f.oldMasked, f.newMobile = s, answer, res, "05•••••567", "+966501234567"
					_, u := f.screenSpeech()
					if u.Empty() {
						t.Errorf("step %s says nothing", s)
					}
					keys = append(keys, u.Keys()...)
				}
			}
		}
	}
	// The messages under the fields: the flow's own, and the identity rules'
	// for the ID and the mobile number.
	for _, e := range []fieldErr{
		{key: codeErrKey(ErrRateLimited)}, {key: codeErrKey(errors.New("x"))}, {key: "mobile.code.digits", arg: 6, has: true},
		{key: "mobile.code.wrong", arg: 2, has: true}, {key: "mobile.code.expired"}, {key: "mobile.number.invalid"},
		{key: "mobile.number.taken"}, {key: "mobile.number.same"},
	} {
		if !i18n.Default().Has(i18n.EN, e.key) {
			t.Errorf("no text %s", e.key)
		}
		keys = append(keys, errPrompt(e).Keys()...)
	}
	for _, c := range identity.Codes() {
		if strings.HasPrefix(string(c), "mobile.") || strings.HasPrefix(string(c), "id.") {
			keys = append(keys, errPrompt(fieldErr{code: c}).Keys()...)
		}
	}
	keys = append(keys, "speech.err.invalid", "speech.err.document_unusable", "speech.mobile.wait")
	for _, name := range []string{"id", "code", "cc", "number"} {
		keys = append(keys, "speech.mobile.field."+name)
	}
	for _, cc := range quickCodes {
		keys = append(keys, "speech.mobile.chip."+cc)
	}
	cat := i18n.Default()
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !strings.HasPrefix(k, speech.KeyPrefix) || !cat.Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
		if strings.HasPrefix(k, "speech.mobile.") && !diacritised(i18n.T(i18n.AR, k)) {
			t.Errorf("ar: %s has no diacritics: %q", k, i18n.T(i18n.AR, k))
		}
	}
}

// diacritised reports whether most Arabic words of s carry tashkeel, which
// espeak-ng needs to read Arabic well.
func diacritised(s string) bool {
	words, marked := 0, 0
	for _, w := range strings.Fields(s) {
		if !strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) }) {
			continue
		}
		words++
		if strings.ContainsFunc(w, func(r rune) bool { return r >= 0x064B && r <= 0x0652 }) {
			marked++
		}
	}
	return words > 0 && marked*10 >= words*9
}
