package luhn

import (
	"strconv"
	"testing"
)

func TestValid(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"79927398713", true}, // the textbook example
		{"79927398710", false},
		{"1000000008", true},
		{"1000000009", false},
		{"4000001234567899", true},
		{"0", false}, // no payload
		{"", false},  // nothing
		{"00", true}, // zero payload, zero check digit
		{"1a00000008", false},
		{"١٠٠٠٠٠٠٠٠٨", false}, // Arabic-Indic digits are the caller's to normalise
		{" 1000000008", false},
	}
	for _, tt := range tests {
		if got := Valid(tt.in); got != tt.want {
			t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestDigitMakesValid checks Digit against Valid on every payload of up to five
// digits and on long ones: appending the digit is valid, any other digit is not.
func TestDigitMakesValid(t *testing.T) {
	payloads := []string{"7992739871", "400000123456789", "1234567890123456789"}
	for i := 0; i < 100000; i += 7 {
		payloads = append(payloads, strconv.Itoa(i))
	}
	for _, p := range payloads {
		d := Digit(p)
		for c := byte('0'); c <= '9'; c++ {
			if got := Valid(p + string(c)); got != (c == d) {
				t.Fatalf("payload %q: Valid with %c = %v, Digit = %c", p, c, got, d)
			}
		}
	}
	if d := Digit("12x"); d != 0 {
		t.Errorf("Digit of a non-digit payload = %q, want 0", d)
	}
}

func FuzzValid(f *testing.F) {
	f.Add("79927398713")
	f.Add("4000001234567899")
	f.Fuzz(func(t *testing.T, s string) {
		v := Valid(s)
		if len(s) < 2 {
			if v {
				t.Fatalf("Valid(%q) with no payload", s)
			}
			return
		}
		if d := Digit(s[:len(s)-1]); d != 0 && v != (d == s[len(s)-1]) {
			t.Fatalf("Valid(%q) = %v but Digit(payload) = %c", s, v, d)
		}
	})
}
