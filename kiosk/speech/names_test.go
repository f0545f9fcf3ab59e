package speech

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
)

// stripMarks removes the Arabic diacritics (tashkeel): what is left is the
// text as it is written on the screen.
func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '\u064b' && r <= '\u0652' {
			return -1
		}
		return r
	}, s)
}

// TestSpokenNamesMatchTheScreen: every country of the nationality picker,
// every month of both calendars and the terms have a spoken form in both
// languages; the Arabic one carries diacritics on every word and, without
// them, is exactly the name on the screen (a spoken form never says another
// name than the one shown).
func TestSpokenNamesMatchTheScreen(t *testing.T) {
	pairs := map[string]string{ // spoken key → the key of the text shown
		"speech.terms.pledge": "terms.pledge", "speech.terms.privacy": "terms.privacy",
	}
	for _, c := range identity.Countries() {
		pairs[CountryKey(c.Alpha3)] = "country." + c.Alpha3
	}
	for _, cal := range []identity.Calendar{identity.Hijri, identity.Gregorian} {
		for m := 1; m <= 12; m++ {
			pairs[MonthKey(cal.String(), m)] = "identity.month." + cal.String() + "." + strconv.Itoa(m)
		}
	}
	if len(pairs) < 250+24+2 {
		t.Fatalf("only %d names: the lists are not what they seem", len(pairs))
	}
	cat := i18n.Default()
	for spoken, shown := range pairs {
		for _, l := range i18n.Langs {
			if !cat.Has(l, spoken) {
				t.Errorf("%s: no spoken form %s", l, spoken)
			}
		}
		ar := cat.T(i18n.AR, spoken)
		if got, want := stripMarks(ar), stripMarks(cat.T(i18n.AR, shown)); got != want {
			t.Errorf("%s %q reads %q without its diacritics, the screen says %q", spoken, ar, got, want)
		}
		for _, w := range strings.FieldsFunc(ar, func(r rune) bool { return !unicode.Is(unicode.Arabic, r) && !unicode.Is(unicode.Mn, r) }) {
			if stripMarks(w) == w {
				t.Errorf("%s: the word %q has no diacritics", spoken, w)
			}
		}
		if en := cat.T(i18n.EN, spoken); en != cat.T(i18n.EN, shown) {
			t.Errorf("%s: the English spoken form %q is not the name shown, %q", spoken, en, cat.T(i18n.EN, shown))
		}
	}
}

// TestWarmLeavesCountryNamesForLater: the country names are rendered when
// first said, not at start-up; the keys of the keyboards are rendered then.
func TestWarmLeavesCountryNamesForLater(t *testing.T) {
	r := &countingRenderer{}
	p := &Prompts{Dir: t.TempDir(), Renderer: r}
	if err := p.Warm(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, text := range r.texts {
		if text == i18n.T(i18n.AR, CountryKey("SAU")) || text == i18n.T(i18n.EN, CountryKey("FRA")) {
			t.Errorf("warm rendered the country name %q", text)
		}
	}
	if !slices.Contains(r.texts, "ب") || !slices.Contains(r.texts, "7") {
		t.Errorf("warm did not render the Arabic keyboard's letters and the digits: %d texts", len(r.texts))
	}
}

// countingRenderer renders every text as a short tone and keeps the texts.
type countingRenderer struct {
	mu    sync.Mutex
	texts []string
}

func (r *countingRenderer) Render(_ context.Context, _ i18n.Lang, text string) (PCM, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.texts = append(r.texts, text)
	return PCM{Rate: toneRate, Samples: []int16{10000, 10000}}, nil
}

// TestEveryCharacterPromptExists: each character said by a prompt of its own
// (a symbol of the keyboard) has it in both languages.
func TestEveryCharacterPromptExists(t *testing.T) {
	for r, k := range charKeys {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("%s: %q has no prompt %s", l, r, k)
			}
		}
	}
}
