package identity

import (
	"errors"
	"testing"
)

func TestParseMobile(t *testing.T) {
	const sa = "+966501234567"
	tests := []struct {
		name  string
		raw   string
		e164  string
		local string
		code  Code
	}{
		{"local 05", "0501234567", sa, "050 123 4567", ""},
		{"without trunk zero", "501234567", sa, "050 123 4567", ""},
		{"plus", "+966501234567", sa, "050 123 4567", ""},
		{"double zero", "00966501234567", sa, "050 123 4567", ""},
		{"country code without plus", "966501234567", sa, "050 123 4567", ""},
		{"plus with trunk zero", "+966 0501234567", sa, "050 123 4567", ""},
		{"no plus with trunk zero", "9660501234567", sa, "050 123 4567", ""},
		{"spaces", " 050 123 4567 ", sa, "050 123 4567", ""},
		{"dashes", "050-123-4567", sa, "050 123 4567", ""},
		{"parentheses", "(050) 123-4567", sa, "050 123 4567", ""},
		{"plus, parentheses", "+966 (50) 123 4567", sa, "050 123 4567", ""},
		{"Arabic-Indic", "٠٥٠١٢٣٤٥٦٧", sa, "050 123 4567", ""},
		{"Persian", "۰۵۰۱۲۳۴۵۶۷", sa, "050 123 4567", ""},
		{"mixed scripts", "05٠1۲34567", sa, "050 123 4567", ""},
		{"Arabic-Indic with plus", "+٩٦٦٥٠١٢٣٤٥٦٧", sa, "050 123 4567", ""},
		{"bidi marks", "\u200f0501234567\u200e", sa, "050 123 4567", ""},
		{"UK number change", "+44 7911 123456", "+447911123456", "+44 7911123456", ""},
		{"Egypt with 00", "00201001234567", "+201001234567", "+20 1001234567", ""},
		{"Kuwait", "+965 5123 4567", "+96551234567", "+965 51234567", ""},
		{"NANP", "+1 (202) 555-0143", "+12025550143", "+1 2025550143", ""},
		{"shortest E.164 allowed (8 digits)", "+2481234567", "+2481234567", "+248 1234567", ""},
		{"longest E.164 allowed (15 digits)", "+861234567890123", "+861234567890123", "+86 1234567890123", ""},
		{"16 digits", "+8612345678901234", "", "", CodeMobileLength},
		{"7 digits", "+2481234", "", "", CodeMobileLength},
		{"unassigned country code", "+999 123456789", "", "", CodeMobileCountryCode},
		{"non-geographic code", "+882 12345678", "", "", CodeMobileCountryCode},
		{"Saudi landline", "0112345678", "", "", CodeMobileSaudi},
		{"Saudi landline with +966", "+966112345678", "", "", CodeMobileSaudi},
		{"9 digits after 05", "05012345678", "", "", CodeMobileSaudi},
		{"too short", "05012345", "", "", CodeMobileSaudi},
		{"letters", "05O1234567", "", "", CodeMobileFormat},
		{"plus in the middle", "05+01234567", "", "", CodeMobileFormat},
		{"only plus", "+", "", "", CodeMobileFormat},
		{"empty", "  ", "", "", CodeMobileRequired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMobile(tc.raw)
			if tc.code != "" {
				if !errors.Is(err, tc.code) || !errors.Is(err, Error{Code: tc.code, Field: FieldMobile}) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.E164() != tc.e164 || m.Local() != tc.local {
				t.Fatalf("E164 %q Local %q; want %q %q", m.E164(), m.Local(), tc.e164, tc.local)
			}
			for _, again := range []string{m.E164(), m.Local()} {
				if m2, err := ParseMobile(again); err != nil || m2 != m {
					t.Errorf("re-parse %q = %v, %v", again, m2.E164(), err)
				}
			}
		})
	}
}

func TestMobileAccessors(t *testing.T) {
	m, _ := ParseMobile("0501234567")
	if !m.IsSaudi() || m.CountryCode() != "966" || m.Country() != "SAU" || m.IsZero() {
		t.Errorf("Saudi accessors wrong: %v %v %v", m.IsSaudi(), m.CountryCode(), m.Country())
	}
	if m.String() != "+966******567" {
		t.Errorf("String() = %q, want masked", m.String())
	}
	uk, _ := ParseMobile("+447911123456")
	if uk.IsSaudi() || uk.Country() != "GBR" {
		t.Errorf("UK accessors wrong")
	}
	if !(Mobile{}).IsZero() || (Mobile{}).String() != "" {
		t.Error("zero Mobile")
	}
}

// Calling codes must be prefix-free, or "+<code>…" would be ambiguous, and
// each must name a country we know.
func TestCallingCodesPrefixFree(t *testing.T) {
	for a, ca := range callingCodes {
		if _, ok := LookupCountry(ca); !ok {
			t.Errorf("+%s maps to unknown country %s", a, ca)
		}
		for b := range callingCodes {
			if a != b && len(b) > len(a) && b[:len(a)] == a {
				t.Errorf("+%s is a prefix of +%s", a, b)
			}
		}
	}
	for cc, want := range map[string]string{"966": "SAU", "971": "ARE", "973": "BHR", "965": "KWT", "968": "OMN", "974": "QAT", "20": "EGY", "92": "PAK", "91": "IND", "63": "PHL", "880": "BGD", "62": "IDN"} {
		if got, ok := CallingCodeCountry(cc); !ok || got != want {
			t.Errorf("+%s = %s, want %s", cc, got, want)
		}
	}
}
