package identity

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/bawaba/bawaba/i18n"
)

func TestEveryCodeHasBothMessages(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z]+\.[a-z_]+$`)
	all := Codes()
	if len(all) < 40 {
		t.Fatalf("only %d codes", len(all))
	}
	for _, c := range all {
		if !shape.MatchString(string(c)) {
			t.Errorf("code %q is not group.name", c)
		}
		ar, en := c.Message("ar"), c.Message("en")
		if ar == "" || en == "" || ar == en {
			t.Errorf("%s: ar %q en %q", c, ar, en)
		}
		if !strings.ContainsFunc(ar, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			t.Errorf("%s: Arabic message has no Arabic: %q", c, ar)
		}
		if strings.ContainsFunc(en, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			t.Errorf("%s: English message has Arabic: %q", c, en)
		}
		if strings.Contains(ar+en, "%!") || strings.Contains(ar+en, "⟦") {
			t.Errorf("%s: a placeholder or key is shown: ar %q en %q", c, ar, en)
		}
	}
	// Every rule list only names codes that have messages.
	for _, c := range append(PasswordRules(), UsernameRules()...) {
		if !hasMessage(c) {
			t.Errorf("rule %s has no message", c)
		}
	}
}

func hasMessage(c Code) bool {
	return i18n.Default().Has(i18n.AR, c.MessageKey()) && i18n.Default().Has(i18n.EN, c.MessageKey())
}

// TestMessagesAreCatalogueTexts proves that Message returns the catalogue's text
// for every code, word for word, and that the catalogue holds no identity error
// text that no code uses: the texts live in assets/translations and nowhere else.
func TestMessagesAreCatalogueTexts(t *testing.T) {
	for _, c := range Codes() {
		if c == CodeDOBTooYoung {
			continue // formatted with its count, checked in TestErrorMessages
		}
		for _, l := range i18n.Langs {
			if got, want := c.Message(string(l)), i18n.T(l, c.MessageKey()); got != want {
				t.Errorf("%s/%s: Message = %q, catalogue %q", c, l, got, want)
			}
		}
	}
	known := map[string]bool{"identity.err.invalid": true}
	for _, c := range Codes() {
		known[c.MessageKey()] = true
	}
	for _, k := range i18n.Default().Keys(i18n.AR) {
		if strings.HasPrefix(k, "identity.err.") && !known[k] {
			t.Errorf("catalogue key %s belongs to no Code", k)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		e        Error
		lang     string
		want     string
		contains bool
	}{
		{Error{Code: CodeIDChecksum}, "ar", "رقم الهوية غير صحيح، تأكد من كتابته", false},
		{Error{Code: CodeIDChecksum}, "en", "The ID number is not valid; check that you typed it correctly", false},
		{Error{Code: CodeIDChecksum}, "en-GB", "The ID number is not valid; check that you typed it correctly", false},
		{Error{Code: CodeIDChecksum}, "fr", "رقم الهوية غير صحيح، تأكد من كتابته", false},
		{Error{Code: CodeDOBTooYoung, Arg: 1}, "ar", "عن سنة واحدة", true},
		{Error{Code: CodeDOBTooYoung, Arg: 1}, "en", "The applicant must be at least 1 year old", false},
		{Error{Code: CodeDOBTooYoung, Arg: 15}, "ar", "يجب ألا يقل عمر مقدم الطلب عن 15 سنة", false},
		{Error{Code: CodeDOBTooYoung, Arg: 10}, "ar", "عن 10 سنوات", true},
		{Error{Code: CodeDOBTooYoung, Arg: 2}, "ar", "عن سنتين", true},
		{Error{Code: CodeDOBTooYoung, Arg: 18}, "en", "The applicant must be at least 18 years old", false},
		{Error{Code: "no.such"}, "en", "The entered value is not valid", false},
		{Error{Code: "no.such"}, "ar", "البيانات المدخلة غير صحيحة", false},
	}
	for _, tc := range tests {
		got := tc.e.Message(tc.lang)
		if tc.contains && !strings.Contains(got, tc.want) || !tc.contains && got != tc.want {
			t.Errorf("%s/%s = %q, want %q", tc.e.Code, tc.lang, got, tc.want)
		}
	}
}

func TestErrorsIsAs(t *testing.T) {
	_, err := ParseID(NationalID, "1000000000", "")
	wrapped := fmt.Errorf("registration: %w", err)
	if !errors.Is(wrapped, CodeIDChecksum) {
		t.Error("errors.Is(code) fails through wrapping")
	}
	if !errors.Is(wrapped, Error{Code: CodeIDChecksum, Field: FieldID}) || !errors.Is(wrapped, Error{Code: CodeIDChecksum}) {
		t.Error("errors.Is(Error) fails")
	}
	if errors.Is(wrapped, Error{Code: CodeIDChecksum, Field: FieldMobile}) || errors.Is(wrapped, CodeIDLength) {
		t.Error("errors.Is matches the wrong field or code")
	}
	var e Error
	if !errors.As(wrapped, &e) || e.Code != CodeIDChecksum || e.Field != FieldID {
		t.Errorf("errors.As = %+v", e)
	}
	// Errors are log-safe: the typed number never appears.
	if strings.Contains(err.Error(), "1000000000") || !strings.Contains(err.Error(), "id.checksum") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestCountries(t *testing.T) {
	cs := Countries()
	if len(isoCountries) != 249 {
		t.Errorf("%d ISO countries, want 249", len(isoCountries))
	}
	seen := map[string]bool{}
	for i, c := range cs {
		if len(c.Alpha3) != 3 || len(c.Alpha2) != 2 || strings.HasPrefix(c.Name("en"), "⟦") || strings.HasPrefix(c.Name("ar"), "⟦") {
			t.Errorf("bad entry %+v", c)
		}
		if seen[c.Alpha3] || seen[c.Alpha2] {
			t.Errorf("duplicate %s/%s", c.Alpha3, c.Alpha2)
		}
		seen[c.Alpha3], seen[c.Alpha2] = true, true
		if i > 0 && cs[i-1].Alpha3 >= c.Alpha3 {
			t.Errorf("not sorted at %s", c.Alpha3)
		}
		for _, code := range []string{c.Alpha3, strings.ToLower(c.Alpha3), " " + c.Alpha2 + " "} {
			if got, err := ParseNationality(code); err != nil || got != c.Alpha3 {
				t.Errorf("ParseNationality(%q) = %q, %v", code, got, err)
			}
		}
	}
	for code, want := range map[string][2]string{
		"SAU": {"Saudi Arabia", "المملكة العربية السعودية"}, "ARE": {"United Arab Emirates", "الإمارات العربية المتحدة"},
		"BHR": {"Bahrain", "البحرين"}, "KWT": {"Kuwait", "الكويت"}, "OMN": {"Oman", "سلطنة عُمان"}, "QAT": {"Qatar", "قطر"},
		"EGY": {"Egypt", "مصر"}, "IND": {"India", "الهند"}, "PAK": {"Pakistan", "باكستان"}, "BGD": {"Bangladesh", "بنغلاديش"},
		"PHL": {"Philippines", "الفلبين"}, "IDN": {"Indonesia", "إندونيسيا"}, "YEM": {"Yemen", "اليمن"}, "SDN": {"Sudan", "السودان"},
		"JOR": {"Jordan", "الأردن"}, "SYR": {"Syria", "سوريا"}, "PSE": {"Palestine", "فلسطين"}, "TUR": {"Türkiye", "تركيا"},
		"GBR": {"United Kingdom", "المملكة المتحدة"}, "USA": {"United States", "الولايات المتحدة الأمريكية"},
	} {
		c, ok := LookupCountry(code)
		if !ok || c.Name("en") != want[0] || c.Name("ar") != want[1] {
			t.Errorf("%s = %q / %q, want %q / %q", code, c.Name("en"), c.Name("ar"), want[0], want[1])
		}
	}
	for _, bad := range []string{"XXX", "ZZ", "SA U", "SAUD", "٩٩٩"} {
		if _, err := ParseNationality(bad); !errors.Is(err, CodeNationalityUnknown) {
			t.Errorf("ParseNationality(%q) err = %v", bad, err)
		}
	}
	if _, err := ParseNationality(" "); !errors.Is(err, CodeNationalityRequired) {
		t.Errorf("blank nationality err = %v", err)
	}
	if got, _ := ParseNationality("d"); got != "DEU" {
		t.Errorf("ICAO D = %q", got)
	}
}

func TestGCCCountries(t *testing.T) {
	for _, c := range GCCCountries() {
		if _, ok := gccRules[c]; !ok {
			t.Errorf("%s has no rule", c)
		}
		if _, ok := LookupCountry(c); !ok {
			t.Errorf("%s is not a country", c)
		}
	}
	if _, ok := gccRules[SaudiArabia]; ok || len(gccRules) != 5 {
		t.Error("gccRules must hold exactly the five non-Saudi GCC states")
	}
}
