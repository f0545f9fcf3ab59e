package identity

import (
	"slices"
	"strings"
	"testing"
)

func codes(es []Error) []Code {
	var out []Code
	for _, e := range es {
		out = append(out, e.Code)
	}
	return out
}

func TestCheckUsername(t *testing.T) {
	tests := []struct {
		name, u string
		want    []Code
	}{
		{"valid", "TestUser1", nil},
		{"exactly 8", "Abcdefg1", nil},
		{"7 characters", "Abcdef1", []Code{CodeUsernameLength}},
		{"no digit", "TestUserX", []Code{CodeUsernameDigit}},
		{"no upper", "testuser1", []Code{CodeUsernameUpper}},
		{"no lower", "TESTUSER1", []Code{CodeUsernameLower}},
		{"underscore", "Test_User1", []Code{CodeUsernameChars}},
		{"space inside", "Test User1", []Code{CodeUsernameChars}},
		{"trailing space is not trimmed", "TestUser1 ", []Code{CodeUsernameChars}},
		{"Arabic letters", "مستخدمTest1", []Code{CodeUsernameChars}},
		{"Arabic-Indic digit is not an English digit", "TestUser١", []Code{CodeUsernameChars, CodeUsernameDigit}},
		{"empty: every rule listed in order", "", []Code{CodeUsernameLength, CodeUsernameDigit, CodeUsernameUpper, CodeUsernameLower}},
		{"all digits", "12345678", []Code{CodeUsernameUpper, CodeUsernameLower}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckUsername(tc.u)
			if !slices.Equal(codes(got), tc.want) {
				t.Fatalf("CheckUsername(%q) = %v, want %v", tc.u, codes(got), tc.want)
			}
			for _, e := range got {
				if e.Field != FieldUsername {
					t.Errorf("field %q", e.Field)
				}
			}
		})
	}
}

func TestCheckPassword(t *testing.T) {
	const user = "TestUser1"
	tests := []struct {
		name, pw, confirm string
		want              []Code
	}{
		{"valid", "Kiosk#2024", "Kiosk#2024", nil},
		{"exactly 8", "Abcd#123", "Abcd#123", nil},
		{"7 characters", "Abc#123", "Abc#123", []Code{CodePasswordLength}},
		{"no upper", "kiosk#2024", "kiosk#2024", []Code{CodePasswordUpper}},
		{"no lower", "KIOSK#2024", "KIOSK#2024", []Code{CodePasswordLower}},
		{"no symbol", "Kiosk2024", "Kiosk2024", []Code{CodePasswordSymbol}},
		{"digits are not required", "Kiosk#Pass", "Kiosk#Pass", nil},
		{"space is not allowed", "Kiosk #2024", "Kiosk #2024", []Code{CodePasswordChars}},
		{"Arabic letter", "Kiosk#2024ب", "Kiosk#2024ب", []Code{CodePasswordChars}},
		{"Arabic-Indic digits", "Kiosk#٢٠٢٤", "Kiosk#٢٠٢٤", []Code{CodePasswordChars}},
		{"non-ASCII symbol only", "Kiosk2024€", "Kiosk2024€", []Code{CodePasswordSymbol, CodePasswordChars}},
		{"4 username characters are fine", "Test#9876x", "Test#9876x", nil},
		{"5 username characters are not", "TestU#9876", "TestU#9876", []Code{CodePasswordUsername}},
		{"overlap ignores case", "tESTu#9876", "tESTu#9876", []Code{CodePasswordUsername}},
		{"overlap in the middle", "X#stUser9", "X#stUser9", []Code{CodePasswordUsername}},
		{"character 4 times", "Aaaa#bcd1", "Aaaa#bcd1", nil},
		{"character 5 times, not consecutive", "a#Ba1a2a3a", "a#Ba1a2a3a", []Code{CodePasswordRepeat}},
		{"character 5 times in a row", "Kaaaaa#1", "Kaaaaa#1", []Code{CodePasswordRepeat}},
		{"repeat is case-sensitive", "aaAAaaAA#1", "aaAAaaAA#1", nil},
		{"confirmation differs", "Kiosk#2024", "Kiosk#2025", []Code{CodePasswordConfirm}},
		{"confirmation differs in case", "Kiosk#2024", "kiosk#2024", []Code{CodePasswordConfirm}},
		{"empty password, empty confirmation", "", "", []Code{CodePasswordLength, CodePasswordUpper, CodePasswordLower, CodePasswordSymbol}},
		{"everything wrong at once", "testuser", "x", []Code{CodePasswordUpper, CodePasswordSymbol, CodePasswordUsername, CodePasswordConfirm}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckPassword(tc.pw, tc.confirm, user)
			if !slices.Equal(codes(got), tc.want) {
				t.Fatalf("CheckPassword(%q) = %v, want %v", tc.pw, codes(got), tc.want)
			}
			for _, e := range got {
				want := FieldPassword
				if e.Code == CodePasswordConfirm {
					want = FieldPasswordConfirm
				}
				if e.Field != want {
					t.Errorf("%s field %q, want %q", e.Code, e.Field, want)
				}
			}
		})
	}
}

func TestPasswordEmptyUsername(t *testing.T) {
	if got := CheckPassword("Kiosk#2024", "Kiosk#2024", ""); got != nil {
		t.Errorf("empty username: %v", codes(got))
	}
}

func TestChecklistsMatchRules(t *testing.T) {
	list := PasswordChecklist("x", "y", "TestUser1")
	if len(list) != len(PasswordRules()) {
		t.Fatalf("%d states for %d rules", len(list), len(PasswordRules()))
	}
	for i, s := range list {
		if s.Code != PasswordRules()[i] || s.Message("ar") == "" {
			t.Errorf("checklist[%d] = %v, want %v", i, s.Code, PasswordRules()[i])
		}
	}
	ul := UsernameChecklist("x")
	for i, s := range ul {
		if s.Code != UsernameRules()[i] {
			t.Errorf("username checklist[%d] = %v", i, s.Code)
		}
	}
}

func TestSharesRun(t *testing.T) {
	tests := []struct {
		a, b string
		n    int
		want bool
	}{
		{"abcde", "xabcdex", 5, true},
		{"abcd", "xabcdex", 5, false},
		{"", "", 5, false},
		{"ناصر١٢٣", "ناصر١٢", 5, true},
		{strings.Repeat("a", 1000) + "Zyxwv", strings.Repeat("b", 1000) + "Zyxwv", 5, true},
	}
	for _, tc := range tests {
		if got := sharesRun(tc.a, tc.b, tc.n); got != tc.want {
			t.Errorf("sharesRun(%.10q, %.10q) = %v", tc.a, tc.b, got)
		}
	}
}
