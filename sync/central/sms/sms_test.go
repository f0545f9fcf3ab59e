package sms

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileSendAndLast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sms.log")
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	f := NewFile(path, func() time.Time { return now })
	ctx := context.Background()
	for _, m := range []struct{ to, text string }{
		{"+966550000001", "رمز التحقق: 111111"},
		{"+966550000002", "code\t222222\nline"},
		{"+966550000001", "رمز التحقق: 333333"},
	} {
		if err := f.Send(ctx, m.to, m.text); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, mobile, code string
		err                error
	}{
		{"the newest message to a number wins", "+966550000001", "333333", nil},
		{"tabs and newlines do not split a message", "+966550000002", "222222", nil},
		{"a number never messaged has none", "+966550000009", "", ErrNoMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Last(path, tt.mobile)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if c, _ := Code(m.Text, 6); c != tt.code || !m.Time.Equal(now) {
				t.Fatalf("code %q at %v", c, m.Time)
			}
		})
	}
}

func TestCode(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"code 123456.", "123456"}, {"1234567 then 654321", "654321"}, {"12345", ""}, {"987654", "987654"},
	} {
		if got, _ := Code(tt.in, 6); got != tt.want {
			t.Errorf("Code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add("2026-01-02T03:04:05Z\t+966550000001\tcode 123456")
	f.Add("\t\t")
	f.Fuzz(func(t *testing.T, s string) {
		if m, ok := parseLine(s); ok && m.Time.IsZero() {
			t.Fatalf("accepted %q with zero time", s)
		}
		if code, ok := Code(s, 6); ok && (len(code) != 6 || strings.Trim(code, "0123456789") != "" || !strings.Contains(s, code)) {
			t.Fatalf("Code(%q) = %q: not six digits of the text", s, code)
		}
	})
}
