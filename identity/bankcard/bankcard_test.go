package bankcard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestValidPAN(t *testing.T) {
	tests := []struct {
		name string
		pan  string
		want bool
	}{
		{"when a 16-digit PAN has a correct check digit, it is valid", "4000001234567899", true},
		{"when the check digit is wrong, it is not", "4000001234567890", false},
		{"when it has 12 digits and a correct check digit, it is valid", "400000000002", true},
		{"when it has 11 digits, it is too short", "40000000006", false},
		{"when it has 20 digits, it is too long", "40000000000000000002", false},
		{"when it holds a space, it is not", "4000 01234567899", false},
		{"when it is empty, it is not", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidPAN(tt.pan); got != tt.want {
				t.Errorf("ValidPAN(%q) = %v, want %v", tt.pan, got, tt.want)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ pan, want string }{
		{"4000001234567899", "400000******7899"},
		{"400000000002", "400000**0002"},
		{"4000001234567890123", "400000*********0123"},
		{"4000000000", "****"}, // too short to hide anything: nothing shown
		{"", "****"},
	}
	for _, tt := range tests {
		if got := Mask(tt.pan); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.pan, got, tt.want)
		}
	}
}

func TestToken(t *testing.T) {
	key, pan := []byte("key-a"), "4000001234567899"
	m := hmac.New(sha256.New, key)
	m.Write([]byte(pan))
	if got, want := Token(key, pan), hex.EncodeToString(m.Sum(nil)); got != want {
		t.Fatalf("Token = %s, want HMAC-SHA256 %s", got, want)
	}
	if Token([]byte("key-b"), pan) == Token(key, pan) {
		t.Fatal("two keys give one token")
	}
	if Token(key, "4000001234567881") == Token(key, pan) {
		t.Fatal("two cards give one token")
	}
}

func TestExpired(t *testing.T) {
	now := time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC)
	tests := []struct {
		name   string
		expiry string
		want   bool
	}{
		{"when the card ends this month, it is valid to the month's end", "2612", false},
		{"when it ended last month, it is expired", "2611", true},
		{"when it ends in a later year, it is valid", "3001", false},
		{"when the month is 13, the expiry is unreadable: expired", "2613", true},
		{"when the month is 00, the expiry is unreadable: expired", "2700", true},
		{"when it holds a letter, it is unreadable: expired", "27A1", true},
		{"when it is short, it is unreadable: expired", "271", true},
		{"when it is empty, it is unreadable: expired", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Expired(tt.expiry, now); got != tt.want {
				t.Errorf("Expired(%q) = %v, want %v", tt.expiry, got, tt.want)
			}
		})
	}
	if !Expired("2612", now.Add(time.Minute)) {
		t.Error("a card ending in December 2026 is still valid in January 2027")
	}
}

// FuzzExpired: any expiry a stripe or a kiosk's request may carry is decided
// without a panic; only four digits with a real month can be valid, and a card
// once expired stays expired.
func FuzzExpired(f *testing.F) {
	for _, s := range []string{"3012", "2611", "2613", "0000", "", "12", "abcd", "٣٠١٢", "-101"} {
		f.Add(s)
	}
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, yymm string) {
		valid := !Expired(yymm, now)
		if valid {
			if len(yymm) != 4 || strings.Trim(yymm, "0123456789") != "" || yymm[2:] == "00" || yymm[2:] > "12" {
				t.Fatalf("%q is valid but is not YYMM", yymm)
			}
		}
		if !valid && !Expired(yymm, now.AddDate(1, 0, 0)) {
			t.Fatalf("%q expired now but valid a year later", yymm)
		}
	})
}
