package status

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// good is a reference with a valid check character; bad differs from it in one place.
var good = ref.New()

func typo(r string) string {
	b := []byte(r)
	for _, c := range []byte(ref.Alphabet) {
		if c != b[3] {
			b[3] = c
			break
		}
	}
	return string(b)
}

func TestParse(t *testing.T) {
	lower := []byte(good)
	for i, c := range lower {
		if c >= 'A' && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	tests := []struct {
		name    string
		scan    bool
		in      string
		want    string
		errCode string
	}{
		{"a typed reference is taken", false, good, good, ""},
		{"case, spaces and dashes do not matter", false, string(lower[:5]) + " - " + string(lower[5:]), good, ""},
		{"one wrong character is caught by the check", false, typo(good), "", ErrCodeCheck},
		{"a zero is no reference character", false, "0" + good[1:], "", ErrCodeChar},
		{"nine characters are too few", false, good[:9], "", ErrCodeLength},
		{"nothing typed", false, "  ", "", ErrCodeEmpty},
		{"a receipt's QR code is taken", true, QRPrefix + good, good, ""},
		{"a receipt's QR code with CR LF", true, QRPrefix + good + "\r\n", good, ""},
		{"a damaged receipt QR code is a typo", true, QRPrefix + typo(good), "", ErrCodeCheck},
		{"a bare reference barcode is taken", true, good, good, ""},
		{"an AIM identifier before the QR text is skipped", true, "]Q1" + QRPrefix + good, good, ""},
		{"a web address is not ours", true, "https://example.com/" + good, "", ErrCodeNotOurs},
		{"a digital ID is not a receipt", true, goldenCredential(t), "", ErrCodeDigitalID},
		{"a long text containing a reference is not ours", true, "XX " + good + " YY", "", ErrCodeNotOurs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			var err error
			if tt.scan {
				got, err = ParseScan([]byte(tt.in))
			} else {
				got, err = ParseTyped(tt.in)
			}
			var ie *InputError
			switch {
			case tt.errCode == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.errCode != "" && (!errors.As(err, &ie) || ie.Code != tt.errCode):
				t.Fatalf("error %v, want code %s", err, tt.errCode)
			case got != tt.want:
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParseScan feeds the parser what a scanner may put on the line: whatever it
// returns without error is a canonical reference, and nothing panics.
func FuzzParseScan(f *testing.F) {
	for _, s := range []string{QRPrefix + good, good, "https://example.com", "BWID1.a.b", "", QRPrefix, "\x00\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseScan(b)
		if err == nil && !ref.Valid(r) {
			t.Fatalf("ParseScan(%q) = %q, not a canonical reference", b, r)
		}
		var ie *InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("ParseScan(%q): error %v is not an InputError", b, err)
		}
	})
}

// goldenCredential is a real digital-ID credential (digitalid's golden one), as a
// person might hold up to the scanner by mistake.
func goldenCredential(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../../digitalid/testdata/golden.qr")
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
