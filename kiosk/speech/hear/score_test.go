package hear

import (
	"reflect"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Touch Next.", []string{"touch", "next"}},
		{"You have 10 seconds; 3 tries, 21 in all", []string{"you", "have", "ten", "seconds", "three", "tries", "twenty", "one", "in", "all"}},
		{"a one-time code", []string{"a", "one", "time", "code"}},
		{"the kiosk's 'reference'", []string{"the", "kiosk's", "reference"}},
		{"2026", []string{"2026"}},
		{"", nil},
	} {
		if got := Words(tc.text); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestWordErrors(t *testing.T) {
	for _, tc := range []struct {
		name, said, heard string
		errs, words       int
	}{
		{"heard exactly", "Touch next.", "touch next", 0, 2},
		{"one word wrong", "Enter your number", "enter your lumber", 1, 3},
		{"one word dropped", "Enter your number", "enter number", 1, 3},
		{"one word added", "Enter your number", "enter your own number", 1, 3},
		{"nothing heard", "Enter your number", "", 3, 3},
	} {
		errs, words := WordErrors(tc.said, tc.heard)
		if errs != tc.errs || words != tc.words {
			t.Errorf("%s: WordErrors = %d of %d, want %d of %d", tc.name, errs, words, tc.errs, tc.words)
		}
	}
}

func TestCharErrors(t *testing.T) {
	for _, tc := range []struct {
		name, spelled, heard string
		want                 CharScore
	}{
		{"all right", "A7Z0", "a seven zed oh", CharScore{Spelled: 4, Right: 4}},
		{"one misheard", "B3", "d three", CharScore{Spelled: 2, Right: 1}},
		{"one missed", "123", "one three", CharScore{Spelled: 3, Right: 2}},
		{"one extra", "93", "nine three e", CharScore{Spelled: 2, Right: 2, Extra: 1}},
		{"a word that is no character", "5", "hello", CharScore{Spelled: 1}},
		{"spaces are not spelled", "12 34", "one two three four", CharScore{Spelled: 4, Right: 4}},
	} {
		got := CharErrors(tc.spelled, tc.heard)
		if got != tc.want {
			t.Errorf("%s: CharErrors(%q, %q) = %+v, want %+v", tc.name, tc.spelled, tc.heard, got, tc.want)
		}
		if e := got.Errors(); e != tc.want.Spelled-tc.want.Right+tc.want.Extra {
			t.Errorf("%s: Errors() = %d", tc.name, e)
		}
	}
}

func TestCharGrammarNamesEveryCharacterOnce(t *testing.T) {
	g := CharGrammar("A0Z0b?")
	for _, w := range []string{"a", "zero", "oh", "z", "zed", "b"} {
		if !strings.Contains(g, " "+w+" ") && !strings.Contains(g, " "+w+";") {
			t.Errorf("grammar lacks %q:\n%s", w, g)
		}
	}
	if strings.Count(g, "zero") != 1 || strings.Contains(g, "?") {
		t.Errorf("grammar repeats a name or names a symbol:\n%s", g)
	}
	for _, r := range "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		for _, w := range names(r) {
			if CharOf(w) != r {
				t.Errorf("CharOf(%q) = %q, want %q", w, CharOf(w), r)
			}
		}
	}
}

func TestParseHyp(t *testing.T) {
	got, err := ParseHyp([]byte("please ENTER your number (p1 -23847)\n (p2 -100)\n\nzero one (s00 -5)\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"p1": "please enter your number", "p2": "", "s00": "zero one"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseHyp = %q, want %q", got, want)
	}
	for _, bad := range []string{"no id at all\n", "words ( )\n"} {
		if _, err := ParseHyp([]byte(bad)); err == nil {
			t.Errorf("ParseHyp(%q) took it", bad)
		}
	}
}

// FuzzParseHyp feeds the hypothesis parser what a broken or foreign
// pocketsphinx could write: it must return an error or words, never panic.
func FuzzParseHyp(f *testing.F) {
	f.Add([]byte("zero one (s00 -5)\n"))
	f.Add([]byte("(\n)\n((( )))"))
	f.Fuzz(func(t *testing.T, b []byte) {
		heard, err := ParseHyp(b)
		if err != nil {
			return
		}
		for id, words := range heard {
			if id == "" || strings.ContainsAny(id, " \t\n") || words != strings.ToLower(words) {
				t.Fatalf("ParseHyp gave id %q words %q", id, words)
			}
		}
	})
}
