package bidi

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	xbidi "golang.org/x/text/unicode/bidi"
)

// describe writes runs as "R:word" for right-to-left words and "«text»" for the rest.
func describe(runs []Run) []string {
	var out []string
	for _, r := range runs {
		if r.RTL {
			out = append(out, "R:"+r.Text)
		} else {
			out = append(out, "«"+r.Text+"»")
		}
	}
	return out
}

func TestVisual(t *testing.T) {
	tests := []struct {
		name string
		in   string
		base Dir
		want []string
	}{
		{"when a line is empty, there is nothing to draw", "", RTL, nil},
		{"when English is shown in English, it is left as is", "Hello, world!", LTR, []string{"«Hello, world!»"}},
		{"when English is shown in Arabic, it is one left-to-right piece", "Hello world", RTL, []string{"«Hello world»"}},
		{"when Arabic words are shown in Arabic, the first word is on the right", "مرحبا بك", RTL,
			[]string{"R:بك", "« »", "R:مرحبا"}},
		{"when a reference code follows a label and colon, the colon stays with the label", "رقم الطلب: ABC-123", RTL,
			[]string{"«ABC-123»", "« :»", "R:الطلب", "« »", "R:رقم"}},
		{"when a phone number follows Arabic, it is left of the words and keeps its order", "اتصل على 0551234567", RTL,
			[]string{"«0551234567»", "« »", "R:على", "« »", "R:اتصل"}},
		{"when an international phone number follows Arabic, the plus sign stays in front", "الجوال: +966512345678", RTL,
			[]string{"«+966512345678»", "« :»", "R:الجوال"}},
		{"when an email follows Arabic, it is one piece with its dots and at-sign", "البريد: test.user@example.com", RTL,
			[]string{"«test.user@example.com»", "« :»", "R:البريد"}},
		{"when a sentence ends with a full stop after a code, the stop is on the far left", "المرجع BWB-2026-000123.", RTL,
			[]string{"«.»", "«BWB-2026-000123»", "« »", "R:المرجع"}},
		{"when two numbers are joined by an Arabic word, the first number is on the right", "الرقم 123 و 456", RTL,
			[]string{"«456»", "« »", "R:و", "« »", "«123»", "« »", "R:الرقم"}},
		{"when Arabic is wrapped in brackets, the brackets are mirrored", "(مرحبا)", RTL,
			[]string{"«(»", "R:مرحبا", "«)»"}},
		{"when a date of birth has the other calendar in brackets, the day is rightmost and the brackets mirror", "7 سبتمبر 1971 م (17 رجب 1391 هـ)", RTL,
			[]string{"«(»", "R:هـ", "« »", "«1391»", "« »", "R:رجب", "« »", "«17»", "«) »", "R:م", "« »", "«1971»", "« »", "R:سبتمبر", "« »", "«7»"}},
		{"when an Arabic question ends with an Arabic question mark, the mark is part of the last word", "هل أنت هنا؟", RTL,
			[]string{"R:هنا؟", "« »", "R:أنت", "« »", "R:هل"}},
		{"when a Latin question mark ends Arabic, it moves to the left end", "هل أنت هنا?", RTL,
			[]string{"«?»", "R:هنا", "« »", "R:أنت", "« »", "R:هل"}},
		{"when a Latin username sits inside an Arabic sentence, spaces survive on both sides", "اسم المستخدم TestUser99 محجوز", RTL,
			[]string{"R:محجوز", "« »", "«TestUser99»", "« »", "R:المستخدم", "« »", "R:اسم"}},
		{"when an Arabic name appears in English, it is one piece between the English words", "Name: محمد Ali", LTR,
			[]string{"«Name: »", "R:محمد", "« Ali»"}},
		{"when a number follows Arabic in English, the number goes left of the Arabic", "مرحبا 123 world", LTR,
			[]string{"«123»", "« »", "R:مرحبا", "« world»"}},
		{"when an Arabic sentence is shown in English, its words are still right to left", "مرحبا بك", LTR,
			[]string{"R:بك", "« »", "R:مرحبا"}},
		{"when Arabic has a percentage, the sign stays on the number's left as the algorithm says", "خصم 50%", RTL,
			[]string{"«%»", "«50»", "« »", "R:خصم"}},
		{"when Arabic-Indic digits follow Arabic, they keep left-to-right order", "الرقم ١٢٣", RTL,
			[]string{"«١٢٣»", "« »", "R:الرقم"}},
		{"when direction marks and embeddings are present, they are not drawn", "\u202Bمرحبا\u202C\u200F", RTL,
			[]string{"R:مرحبا"}},
		{"when a date with hyphens follows Arabic, it stays one number in order", "آخر نجاح: 2026-11-22 09:58:00", RTL,
			[]string{"«09:58:00»", "« »", "«2026-11-22»", "« :»", "R:نجاح", "« »", "R:آخر"}},
		{"when a hyphenated phone number follows Arabic, it keeps its order", "الجوال 055-123-4567", RTL,
			[]string{"«055-123-4567»", "« »", "R:الجوال"}},
		{"when a date with slashes follows Arabic, it keeps its order", "تاريخ الميلاد 1990/05/14", RTL,
			[]string{"«1990/05/14»", "« »", "R:الميلاد", "« »", "R:تاريخ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(Visual(tt.in, tt.base))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Visual(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		in, want string
		base     Dir
	}{
		{"abc def", "abc def", LTR},
		{"مرحبا بك", "كب ابحرم", RTL},
		{"(مرحبا)", "(ابحرم)", RTL},
		{"رقم 12", "12 مقر", RTL},
	}
	for _, tt := range tests {
		if got := Display(Visual(tt.in, tt.base)); got != tt.want {
			t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzVisual(f *testing.F) {
	for _, s := range []string{
		"", "Hello", "مرحبا بك", "رقم الطلب: ABC-123", "اتصل على +966512345678",
		"(مرحبا) [x] {y}", "خصم 50% و 20$", "\u202Eabc\u202C", "a\nb", "\xff\xfe", "مَرْحَبًا", "١٢٣ 456",
	} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		base := LTR
		if rtl {
			base = RTL
		}
		runs := Visual(s, base)
		var shown []rune
		for _, r := range runs {
			if r.Text == "" {
				t.Fatalf("empty run in %q", s)
			}
			if r.RTL {
				rs := []rune(r.Text)
				if strings.IndexFunc(r.Text, unicode.IsSpace) >= 0 || !strongRTL(rs[0]) {
					t.Fatalf("RTL run %q of %q has spaces or a weak start", r.Text, s)
				}
			}
			shown = append(shown, []rune(r.Text)...)
		}
		// Nothing is lost or invented: the same characters, brackets up to mirroring.
		want := clean(s)
		want = dropMarks(want)
		norm := func(rs []rune) []rune {
			out := make([]rune, len(rs))
			for i, r := range rs {
				m, _ := utf8.DecodeRuneInString(xbidi.ReverseString(string(r)))
				out[i] = min(r, m)
			}
			slices.Sort(out)
			return out
		}
		if !slices.Equal(norm(shown), norm(want)) {
			t.Fatalf("characters changed: %q -> %q", s, Display(runs))
		}
		// Text with no right-to-left letters or numbers is shown unchanged in LTR.
		if base == LTR && !strings.ContainsFunc(string(want), func(r rune) bool {
			c := class(r)
			return c == xbidi.R || c == xbidi.AL || c == xbidi.AN
		}) && Display(runs) != string(want) {
			t.Fatalf("LTR text reordered: %q -> %q", s, Display(runs))
		}
	})
}
