package magstripe

import (
	"testing"
	"time"
)

func TestExpired(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		expiry string
		want   bool
	}{
		{"2612", false}, // valid to the end of its month
		{"2611", true},
		{"3012", false},
		{"2001", true},
		{"2613", true}, // no such month: unreadable
		{"26", true},
		{"", true},
	}
	for _, tt := range tests {
		if got := (Card{Expiry: tt.expiry}).Expired(now); got != tt.want {
			t.Errorf("Expired(%q) = %v, want %v", tt.expiry, got, tt.want)
		}
	}
}
