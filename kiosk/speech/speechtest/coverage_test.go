package speechtest

import (
	"context"
	"slices"
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

// TestEveryArabicPromptIsDiacritised: every spoken prompt of every flow
// carries its tashkeel.
func TestEveryArabicPromptIsDiacritised(t *testing.T) {
	AssertDiacritised(t, speech.Keys(i18n.Default())...)
}

// fakeT records the failures of the checks under test.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) { f.errs = append(f.errs, format) }

func TestAssertDiacritisedFailsForBareArabic(t *testing.T) {
	ft := &fakeT{TB: t}
	AssertDiacritised(ft, "speech.on", "a11y.speech.hear")
	if len(ft.errs) != 1 { // the button's caption is written without marks
		t.Errorf("%d failures, want 1: %q", len(ft.errs), ft.errs)
	}
}

func TestAssertNotEchoed(t *testing.T) {
	for _, c := range []struct {
		name string
		said []speech.Utterance
		fail bool
	}{
		{"when only typed is said, it passes", []speech.Utterance{speech.Typed(), speech.Typed()}, false},
		{"when a PIN is echoed key by key, it fails", []speech.Utterance{speech.Spell("4"), speech.Spell("3"), speech.Spell("2"), speech.Spell("1")}, true},
		{"when other keys are echoed, it passes", []speech.Utterance{speech.Spell("4"), speech.Spell("3"), speech.Spell("9")}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Recorder{}
			for _, u := range c.said {
				_ = r.Say(context.Background(), u)
			}
			ft := &fakeT{TB: t}
			r.AssertNotEchoed(ft, "4321")
			if got := len(ft.errs) > 0; got != c.fail {
				t.Errorf("failed %v, want %v", got, c.fail)
			}
		})
	}
}
