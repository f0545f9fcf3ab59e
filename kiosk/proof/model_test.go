package proof

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/luhn"
)

func synthID(p string) string { return p + string(luhn.Digit(p)) }

func TestExplain(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		key    string
		hint   string
		counts bool
	}{
		{"when no finger came in time", context.DeadlineExceeded, "proof.fault.timeout", "proof.hint.place", false},
		{"when the sensor says no finger", fingerprint.ErrNoFinger, "proof.fault.timeout", "proof.hint.place", false},
		{"when the image is messy, press harder", &fingerprint.Error{Code: fingerprint.CodeImageMessy, Op: "Img2Tz"}, "proof.code.0x06", "proof.hint.harder", true},
		{"when too few features, press harder", fingerprint.ErrFewFeatures, "proof.code.0x07", "proof.hint.harder", true},
		{"when the image failed, clean the finger", &fingerprint.Error{Code: fingerprint.CodeImageFail}, "proof.code.0x03", "proof.hint.clean", true},
		{"when the sensor's memory failed, a fault", &fingerprint.Error{Code: fingerprint.CodeFlashError}, "proof.code.0x18", "proof.hint.retry_later", false},
		{"when an unknown code comes", &fingerprint.Error{Code: 0x77}, "proof.code.other", "proof.hint.retry_later", false},
		{"when a reply has a bad checksum", fmt.Errorf("%w: fingerprint: %w", manager.ErrUnavailable, fingerprint.ErrChecksum), "proof.fault.link", "proof.hint.retry_later", false},
		{"when the sensor is unplugged", fmt.Errorf("%w: fingerprint is noDevice", manager.ErrUnavailable), "proof.fault.unavailable", "proof.hint.retry_later", false},
		{"when something else fails", errors.New("boom"), "proof.fault.other", "proof.hint.retry_later", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Explain(tt.err)
			if p.Key != tt.key || p.Hint != tt.hint || p.Counts != tt.counts {
				t.Fatalf("Explain = %+v, want key %s hint %s counts %v", p, tt.key, tt.hint, tt.counts)
			}
		})
	}
}

// TestEveryCodeIsExplained: each confirmation code has its own text in both
// languages, and no two codes share one.
func TestEveryCodeIsExplained(t *testing.T) {
	seen := map[string]fingerprint.Code{}
	for _, c := range append(Codes, 0x77) {
		key := CodeKey(c)
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, key) {
				t.Errorf("code 0x%02x: %s has no %s text", byte(c), key, l)
			}
		}
		text := i18n.T(i18n.EN, key)
		if other, dup := seen[text]; dup {
			t.Errorf("codes 0x%02x and 0x%02x share the text %q", byte(other), byte(c), text)
		}
		seen[text] = c
	}
}

func TestAttempts(t *testing.T) {
	var a Attempts
	steps := []struct {
		switched, exhausted bool
		finger              Finger
		left                int
	}{
		{false, false, RightIndex, 2},
		{false, false, RightIndex, 1},
		{true, false, LeftIndex, 3},
		{false, false, LeftIndex, 2},
		{false, false, LeftIndex, 1},
		{false, true, LeftIndex, 0},
	}
	if a.Finger() != RightIndex || a.Left() != MaxAttempts {
		t.Fatalf("a fresh count asks for %s with %d tries", a.Finger(), a.Left())
	}
	for i, s := range steps {
		sw, ex := a.Failed()
		if sw != s.switched || ex != s.exhausted || a.Finger() != s.finger || a.Left() != s.left {
			t.Fatalf("failure %d: switched %v exhausted %v finger %s left %d, want %+v", i+1, sw, ex, a.Finger(), a.Left(), s)
		}
	}
	if !a.Exhausted() {
		t.Fatal("not exhausted after six failures")
	}
}

func TestParseTyped(t *testing.T) {
	citizen, resident := synthID("100000001"), synthID("200000001")
	tests := []struct {
		name string
		raw  string
		kind identity.IDType
		code identity.Code
	}{
		{"when a national ID is typed", citizen, identity.NationalID, ""},
		{"when an iqama is typed", resident, identity.Iqama, ""},
		{"when Arabic-Indic digits are typed", "١٠٠٠٠٠٠٠١" + citizen[9:], identity.NationalID, ""},
		{"when a border number is typed", "3000000001", identity.BorderNumber, ""},
		{"when nothing is typed", "", 0, identity.CodeIDRequired},
		{"when a digit is missing", citizen[:9], 0, identity.CodeIDLength},
		{"when the check digit is wrong", citizen[:9] + string('0'+(citizen[9]-'0'+1)%10), 0, identity.CodeIDChecksum},
		{"when it starts with 9", "9000000001", 0, identity.CodeIDPrefix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := ParseTyped(tt.raw, identity.Rules{})
			if tt.code != "" {
				var ie identity.Error
				if !errors.As(err, &ie) || ie.Code != tt.code {
					t.Fatalf("err = %v, want %s", err, tt.code)
				}
				return
			}
			if err != nil || id.Type != tt.kind {
				t.Fatalf("ParseTyped = %+v %v, want a %s", id, err, tt.kind)
			}
		})
	}
}

func TestFromDocument(t *testing.T) {
	citizen := synthID("100000001")
	tests := []struct {
		name string
		doc  mrz.Document
		ok   bool
		kind identity.IDType
		num  string
	}{
		{"when a Saudi ID card carries the number in the optional data",
			mrz.Document{Format: mrz.TD1, Issuer: "SAU", Nationality: "SAU", Number: "A1234567", Optional1: citizen}, true, identity.NationalID, citizen},
		{"when a foreign passport is read", mrz.Document{Format: mrz.TD3, Issuer: "UTO", Nationality: "GBR", Number: "L898902C3"}, true, identity.Passport, "L898902C3"},
		{"when the document carries nothing usable", mrz.Document{Format: mrz.TD1, Issuer: "SAU", Nationality: "SAU", Number: "12"}, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, ok := FromDocument(tt.doc, identity.Rules{})
			if ok != tt.ok || (ok && (id.Type != tt.kind || id.Number != tt.num)) {
				t.Fatalf("FromDocument = %+v %v", id, ok)
			}
		})
	}
}
