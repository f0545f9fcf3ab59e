package speechtest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
)

func TestUndiacritised(t *testing.T) {
	for _, c := range []struct {
		name, text string
		bare       []string
	}{
		{"when every word is voweled, none is bare", "اِلْمِسِ الزِّرَّ الْأَيْمَنَ.", nil},
		{"when a word has no marks, it is named", "اِلْمِسِ الزر الْأَيْمَنَ.", []string{"الزر"}},
		{"when a long word has one mark only, it is named", "الْمستخدم", []string{"الْمستخدم"}},
		{"when the text is English, nothing is named", "Touch the button on the right.", nil},
		{"when a one-letter word has no mark, it passes", "و اِلْمِسْ", nil},
		{"when the dagger alif voices hādhā, it counts", "هٰذَا", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Undiacritised(c.text); !slices.Equal(got, c.bare) {
				t.Errorf("Undiacritised(%q) = %q, want %q", c.text, got, c.bare)
			}
		})
	}
}

func TestEveryArabicPromptIsDiacritised(t *testing.T) {
	cat := i18n.Default()
	Coverage(t, speech.Keys(cat))
}

// fakeT records the failures of the checks under test.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) { f.errs = append(f.errs, format) }

func TestCoverageFailsForMissingPrompts(t *testing.T) {
	ft := &fakeT{TB: t}
	Coverage(ft, []string{"speech.on", "speech.no.such.prompt", "nav.home"})
	if len(ft.errs) != 3 { // two languages lack the prompt; nav.home is no prompt
		t.Errorf("%d failures, want 3: %q", len(ft.errs), ft.errs)
	}
}

func TestCheckFindsSecretsAndUnwarnedValues(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		said []speech.Utterance
		fail bool
	}{
		{"when only typed is said, it passes", []speech.Utterance{speech.Typed(), speech.Typed()}, false},
		{"when a PIN is spelled, it fails", []speech.Utterance{speech.Spell("4321")}, true},
		{"when a PIN is echoed key by key, it fails", []speech.Utterance{speech.Spell("4"), speech.Spell("3"), speech.Spell("2"), speech.Spell("1")}, true},
		{"when a personal value follows the warning, it passes", []speech.Utterance{speech.Say("speech.on").ThenPersonal("1234567890")}, false},
		{"when a personal value has no warning, it fails", []speech.Utterance{{Parts: []speech.Part{{Spell: "1234567890", Personal: true}}}}, true},
		{"when a key is unknown, it fails", []speech.Utterance{speech.Say("speech.no.such.prompt").In(i18n.EN)}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Recorder{}
			for _, u := range c.said {
				if u.Lang == "" {
					u.Lang = i18n.EN
				}
				_ = r.Say(ctx, u)
			}
			ft := &fakeT{TB: t}
			r.Check(ft, "4321")
			if got := len(ft.errs) > 0; got != c.fail {
				t.Errorf("failed %v (%s), want %v", got, strings.Join(ft.errs, "; "), c.fail)
			}
		})
	}
}
