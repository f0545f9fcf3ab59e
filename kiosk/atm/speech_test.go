package atm

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/central/backoffice"
)

// TestEveryScreenAndErrorHasAPrompt is the spoken counterpart of the text
// completeness test: every screen, every bad card and every outcome of the ATM
// activation has a spoken prompt in both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	cat := i18n.Default()
	keys := []string{"speech.atm.card", "speech.atm.card.again", "speech.atm.wait",
		"speech.atm.confirm", "speech.atm.ref", "speech.atm.refused", "speech.atm.finish", "speech.tile.atm"}
	// Every outcome the flow can show has its text in the catalogue; each
	// needs its prompt.
	for _, k := range cat.Keys(i18n.EN) {
		if o, ok := strings.CutPrefix(k, "atm.result."); ok && strings.HasSuffix(o, ".title") {
			keys = append(keys, OutcomePromptKey(strings.TrimSuffix(o, ".title")))
		}
	}
	for _, o := range []string{OutcomeActivated, OutcomeActive, OutcomeNotLinked, OutcomeNoAccount, OutcomeDeclined, OutcomePending} {
		if !cat.Has(i18n.EN, "atm.result."+o+".title") {
			t.Errorf("outcome %s has no text", o)
		}
	}
	for _, k := range []string{shell.CardProblem(nil, nil, time.Now()), "atm.card.unsupported", "atm.card.expired"} {
		keys = append(keys, CardPromptKey(k))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !strings.HasPrefix(k, speech.KeyPrefix) || !cat.Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}

// TestSpokenActivation: with speech on, each screen of the ATM activation says
// what it is for, a bad card says what is wrong, the result spells the
// reference and reminds the person of their card, in the person's language;
// the card number is never said.
func TestSpokenActivation(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			q := &registertest.Queue{}
			f := New(Options{Go: func(fn func()) { fn() }, Deps: Deps{Queue: q, Printer: &registertest.Printer{}}})
			rec := &speechtest.Recorder{}
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(1280, 800))
			s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Mode: shell.ModeATM, Lang: lang, Speech: rec})
			t.Cleanup(s.Stop)
			s.Start()
			s.SetSpeech(true)
			u := &prooftest.UI{T: t, Win: win, Shell: s, Lang: lang, Svc: f}
			other := map[i18n.Lang]i18n.Lang{i18n.AR: i18n.EN, i18n.EN: i18n.AR}[lang]
			u.TapText(i18n.T(i18n.EN, "atmhome.attract.touch"))
			u.TapText(i18n.T(other, "nav.language"))
			u.TapText(i18n.T(lang, "atm.title"))
			said := func(want ...string) {
				t.Helper()
				last := rec.Last()
				if !slices.Equal(last.Keys(), want) || (last.Lang != "" && last.Lang != lang) {
					t.Fatalf("said %v in %q, want %v in %s", last.Keys(), last.Lang, want, lang)
				}
			}
			said("speech.atm.card")
			p := backoffice.SyntheticPerson(5)
			f.CardInserted(prooftest.CardExpiring(t, 5, "2001"), nil)
			said("speech.atm.card.expired", "speech.atm.card.again")
			f.CardInserted(prooftest.Card(t, 5), nil)
			said("speech.atm.confirm")
			u.Tap("next") // offline: queued at once, central decides on arrival
			said("speech.atm.result.pending", "speech.atm.ref", "speech.atm.finish")
			if got := rec.Last().Parts[2].Spell; got != f.Ref() {
				t.Fatalf("spelled %q, want the reference %q", got, f.Ref())
			}
			if strings.Contains(rec.Spelled(), p.IDNumber) || strings.Contains(rec.Spelled(), p.CardPAN) {
				t.Fatal("the ID number or the card number was said")
			}
		})
	}
}

// TestArabicPromptsHaveTashkeel: the ATM's Arabic prompts (the activation, the
// ATM home and the prover's card screens) are written with diacritics, which
// the speech engine needs to say them right: every word of two letters or
// more carries at least one.
func TestArabicPromptsHaveTashkeel(t *testing.T) {
	cat := i18n.Default()
	n := 0
	for _, k := range cat.Keys(i18n.AR) {
		if !strings.HasPrefix(k, "speech.atm.") && !strings.HasPrefix(k, "speech.atmhome.") && !strings.HasPrefix(k, "speech.prove.card") {
			continue
		}
		n++
		for _, w := range strings.FieldsFunc(cat.T(i18n.AR, k), func(r rune) bool { return r < 0x0600 || r > 0x06FF }) {
			letters, marks := 0, 0
			for _, r := range w {
				switch {
				case r >= 0x0621 && r <= 0x064A:
					letters++
				case r >= 0x064B && r <= 0x0652, r == 0x0670:
					marks++
				}
			}
			if letters >= 2 && marks == 0 {
				t.Errorf("%s: %q has no diacritics", k, w)
			}
		}
	}
	if n < 25 {
		t.Fatalf("only %d prompts checked: the prefixes found too few", n)
	}
}
