package identity

import (
	"errors"
	"strings"
	"testing"
)

func TestParseEmail(t *testing.T) {
	tests := []struct {
		name, raw, want string
		code            Code
	}{
		{"plain", "test.resident@example.com", "test.resident@example.com", ""},
		{"spaces and domain case", "  Test.Resident@Example.COM ", "Test.Resident@example.com", ""},
		{"plus tag", "resident+kiosk@mail.example.sa", "resident+kiosk@mail.example.sa", ""},
		{"atext symbols", "a!#$%&'*+/=?^_`{|}~-b@example.org", "a!#$%&'*+/=?^_`{|}~-b@example.org", ""},
		{"digits in domain", "x@123.example.net", "x@123.example.net", ""},
		{"hyphen in label", "x@my-mail.example.com", "x@my-mail.example.com", ""},
		{"punycode TLD", "x@example.xn--mgberp4a5d4ar", "x@example.xn--mgberp4a5d4ar", ""},
		{"RLM pasted", "\u200fx@example.com", "x@example.com", ""},
		{"empty", " ", "", CodeEmailRequired},
		{"no at", "example.com", "", CodeEmailFormat},
		{"two ats", "a@b@example.com", "", CodeEmailFormat},
		{"no local", "@example.com", "", CodeEmailFormat},
		{"no domain", "x@", "", CodeEmailFormat},
		{"no TLD", "x@localhost", "", CodeEmailFormat},
		{"numeric TLD", "x@example.123", "", CodeEmailFormat},
		{"one-letter TLD", "x@example.c", "", CodeEmailFormat},
		{"leading dot", ".x@example.com", "", CodeEmailFormat},
		{"trailing dot", "x.@example.com", "", CodeEmailFormat},
		{"double dot", "x..y@example.com", "", CodeEmailFormat},
		{"space inside", "test resident@example.com", "", CodeEmailFormat},
		{"label starting with hyphen", "x@-example.com", "", CodeEmailFormat},
		{"empty label", "x@example..com", "", CodeEmailFormat},
		{"IP literal", "x@[127.0.0.1]", "", CodeEmailFormat},
		{"quoted local part", `"x y"@example.com`, "", CodeEmailFormat},
		{"Arabic local part (IDN not supported)", "مستخدم@example.com", "", CodeEmailFormat},
		{"Arabic domain (IDN not supported)", "x@مثال.السعودية", "", CodeEmailFormat},
		{"local part 65 chars", strings.Repeat("a", 65) + "@example.com", "", CodeEmailLength},
		{"total over 254", "a@" + strings.Repeat("b", 250) + ".com", "", CodeEmailLength},
		{"label over 63", "a@" + strings.Repeat("b", 64) + ".com", "", CodeEmailFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEmail(tc.raw)
			if tc.code != "" {
				if !errors.Is(err, tc.code) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseEmail = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if got, err := ParseEmail(strings.Repeat("a", 64) + "@example.com"); err != nil || len(got) != 76 {
		t.Errorf("64-char local part rejected: %v", err)
	}
}
