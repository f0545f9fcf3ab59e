package speechtest

import (
	"strings"
	"testing"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
)

// AssertDiacritised fails t for each of keys whose Arabic prompt in the
// default catalogue lacks its diacritics (see Undiacritised): espeak-ng reads
// undiacritised Arabic poorly. A flow's completeness test calls it beside
// AssertPrompts.
func AssertDiacritised(t testing.TB, keys ...string) {
	t.Helper()
	cat := i18n.Default()
	for _, k := range keys {
		if !cat.Has(i18n.AR, k) {
			continue // AssertPrompts says so
		}
		if bare := Undiacritised(cat.T(i18n.AR, k)); len(bare) > 0 {
			t.Errorf("ar: %s lacks diacritics in %q", k, bare)
		}
	}
}

// Undiacritised returns the Arabic words of text that carry too few
// diacritics for espeak-ng to read them right: a word of two letters or more
// needs a mark (a short vowel, sukun, shadda, tanwin or dagger alif) for at
// least every second letter. Every prompt with full tashkeel passes; a text
// copied from the screen's catalogue does not.
func Undiacritised(text string) []string {
	var bare []string
	words := strings.FieldsFunc(text, func(r rune) bool {
		// The marks are of the Inherited script, not Arabic: keep them in the word.
		return !unicode.In(r, unicode.Arabic) && !unicode.Is(unicode.Mn, r)
	})
	for _, w := range words {
		letters, marks := 0, 0
		for _, r := range w {
			switch {
			case r >= 0x064B && r <= 0x0652, r == 0x0670:
				marks++
			case unicode.IsLetter(r):
				letters++
			}
		}
		if letters >= 2 && 2*marks < letters {
			bare = append(bare, w)
		}
	}
	return bare
}

// AssertNotEchoed fails t when one of secrets was echoed key by key: the
// characters spelled alone, one key press after another, spell it out. (A
// secret field says "one character typed" instead; AssertNeverSaid catches
// a secret said in one part.)
func (r *Recorder) AssertNotEchoed(t testing.TB, secrets ...string) {
	t.Helper()
	var keys strings.Builder
	for _, u := range r.Said() {
		for _, p := range u.Parts {
			if len([]rune(p.Spell)) == 1 {
				keys.WriteString(p.Spell)
			}
		}
	}
	for _, s := range secrets {
		if len(s) > 1 && strings.Contains(keys.String(), s) {
			t.Errorf("the secret %q was echoed key by key", s)
		}
	}
}
