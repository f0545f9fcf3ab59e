package speechtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// AssertPrompts fails t for every key that is not a spoken prompt ("speech."
// and in cat in every language): the spoken counterpart of the text
// completeness test, for a flow's list of every screen and error it can say.
// cat nil means i18n.Default().
func AssertPrompts(t testing.TB, cat *i18n.Catalog, keys ...string) {
	t.Helper()
	if cat == nil {
		cat = i18n.Default()
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if !strings.HasPrefix(k, speech.KeyPrefix) {
			t.Errorf("%s is not a spoken prompt key", k)
			continue
		}
		for _, l := range i18n.Langs {
			if !cat.Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}

// AssertSaidKnown fails t for every key said so far that the catalogue of the
// language it was said in lacks: a prompt a flow reached but nobody wrote.
func (r *Recorder) AssertSaidKnown(t testing.TB) {
	t.Helper()
	cat := i18n.Default()
	for _, u := range r.Said() {
		for _, p := range u.Parts {
			l := u.Lang
			if p.Lang != "" {
				l = p.Lang
			}
			if p.Key != "" && !cat.Has(l, p.Key) {
				t.Errorf("said %s, which the %q catalogue lacks", p.Key, l)
			}
		}
	}
}

// AssertNeverSaid fails t when any of secrets (a password, a code typed, a
// PIN) reached the engine in a spelled or read part, whole or as its last
// four characters.
func (r *Recorder) AssertNeverSaid(t testing.TB, secrets ...string) {
	t.Helper()
	var all strings.Builder
	for _, u := range r.Said() {
		for _, p := range u.Parts {
			all.WriteString(p.Spell + "|" + p.Text + "|")
		}
	}
	for _, s := range secrets {
		for _, leak := range []string{s, s[max(0, len(s)-4):]} {
			if leak != "" && strings.Contains(all.String(), leak) {
				t.Errorf("the secret %q was handed to the speech engine", s)
				break
			}
		}
	}
}

// AssertPersonalWarned fails t for a personal value said unmarked or before
// the person was warned it is heard aloud: a part that spells one of values
// must be marked Personal, and every Personal part (a value, or one character
// of it echoed as it is typed) must come after speech.KeyAloud in its
// utterance or after one of warnings (the prompts that say "what you type is
// read aloud") said earlier.
func (r *Recorder) AssertPersonalWarned(t testing.TB, values []string, warnings ...string) {
	t.Helper()
	warned := false
	for _, u := range r.Said() {
		aloud := false
		for _, p := range u.Parts {
			switch {
			case p.Key == speech.KeyAloud:
				aloud = true
			case slices.Contains(warnings, p.Key):
				warned = true
			}
			if p.Spell == "" {
				continue
			}
			if !p.Personal && slices.ContainsFunc(values, func(v string) bool { return v != "" && strings.Contains(p.Spell, v) }) {
				t.Errorf("%q said without the personal mark: %+v", p.Spell, u)
			}
			if p.Personal && !aloud && !warned {
				t.Errorf("%q said before any warning that it is heard aloud: %+v", p.Spell, u)
			}
		}
	}
}
