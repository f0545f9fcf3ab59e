package speechtest

import (
	"strings"
	"testing"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Coverage is the spoken counterpart of the text completeness test, shared by
// every flow's TestEveryScreenAndErrorHasAPrompt: it fails t for each of keys
// that is not a spoken prompt ("speech.…") in every language of the default
// catalogue, and for each Arabic prompt among them written without its
// diacritics (see Undiacritised), which espeak-ng reads poorly.
func Coverage(t testing.TB, keys []string) {
	t.Helper()
	cat := i18n.Default()
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if !strings.HasPrefix(k, speech.KeyPrefix) {
			t.Errorf("%s is not a spoken prompt's key (%s…)", k, speech.KeyPrefix)
			continue
		}
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
		if cat.Has(i18n.AR, k) {
			if bare := Undiacritised(cat.T(i18n.AR, k)); len(bare) > 0 {
				t.Errorf("ar: %s lacks diacritics in %q", k, bare)
			}
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

// Check fails t for what a flow must never have said while it was driven:
// a key the catalogue lacks in the utterance's language, one of secrets (a
// password, a PIN, a code the person typed) in anything spelled or read — in
// one part, or typed key by key — and a personal value not preceded, in its
// utterance, by the warning that it is heard aloud (a key press echoed alone is not a value: the
// field's prompt warned when it gained focus).
func (r *Recorder) Check(t testing.TB, secrets ...string) {
	t.Helper()
	cat := i18n.Default()
	var keys strings.Builder // every character spelled, one key press after another
	for _, u := range r.Said() {
		warned := false
		for _, p := range u.Parts {
			l := u.Lang
			if p.Lang != "" {
				l = p.Lang
			}
			if p.Key != "" && l != "" && !cat.Has(l, p.Key) {
				t.Errorf("said %s, which the %s catalogue lacks", p.Key, l)
			}
			for _, s := range secrets {
				if s != "" && (strings.Contains(p.Spell, s) || strings.Contains(p.Text, s)) {
					t.Errorf("the secret %q was spoken: %+v", s, u)
				}
			}
			warned = warned || p.Key == speech.KeyAloud
			keyPress := len(u.Parts) == 1 && len([]rune(p.Spell)) == 1
			if p.Personal && !keyPress && !warned {
				t.Errorf("a personal value was spoken without the warning: %+v", u)
			}
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
