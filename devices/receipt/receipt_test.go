package receipt

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/bawaba/bawaba/devices/escpos"
)

// commands splits a job into its ESC/POS commands and fails on a truncated one.
func commands(t *testing.T, job []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for rest := job; len(rest) > 0; {
		n, ok := escpos.CommandLen(rest)
		if !ok {
			t.Fatalf("truncated command at offset %d: % x", len(job)-len(rest), rest[:min(len(rest), 16)])
		}
		out = append(out, rest[:n])
		rest = rest[n:]
	}
	return out
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name     string
		profile  Profile
		nativeQR bool
	}{
		{"80 mm printer with native QR", Profile{WidthDots: 576, NativeQR: true}, true},
		{"80 mm 180 dpi printer without QR", Profile{WidthDots: 512}, false},
		{"58 mm printer with small bands", Profile{WidthDots: 384, NativeQR: true, BandBytes: 512}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job, err := Encode(sampleReceipt(), tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(job, []byte{escpos.ESC, '@'}) {
				t.Errorf("job does not start with ESC @")
			}
			if !bytes.HasSuffix(job, escpos.AppendCut(nil, true, 3*textLine)) {
				t.Errorf("job does not end with a partial cut")
			}
			cmds := commands(t, job)
			band := tt.profile.BandBytes
			if band == 0 {
				band = defaultBand
			}
			var rasters, qr int
			for _, c := range cmds {
				switch {
				case bytes.HasPrefix(c, []byte{escpos.GS, 'v', '0'}):
					rasters++
					wb := int(c[4]) | int(c[5])<<8
					if len(c)-8 > band || wb*8 > tt.profile.WidthDots {
						t.Errorf("raster band of %d bytes, %d bytes wide exceeds the profile", len(c)-8, wb)
					}
				case bytes.HasPrefix(c, []byte{escpos.GS, '(', 'k'}):
					qr++
				}
			}
			if got := qr > 0; got != tt.nativeQR {
				t.Errorf("native QR commands = %d, want native %v", qr, tt.nativeQR)
			}
			if rasters == 0 {
				t.Errorf("no raster: Arabic lines must be raster")
			}
			// English in text mode, Arabic never as text bytes.
			for _, want := range []string{"Name: Test Resident\n", sampleRef + "\n", "2026-11-22 21:51\n"} {
				if !bytes.Contains(job, []byte(want)) {
					t.Errorf("job lacks text %q", want)
				}
			}
			if bytes.Contains(job, []byte("الاسم")) {
				t.Errorf("Arabic sent as text bytes")
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	if _, err := Encode(sampleReceipt(), Profile{WidthDots: 100}); !errors.Is(err, ErrProfile) {
		t.Errorf("width 100: err = %v, want ErrProfile", err)
	}
	if _, err := Render(sampleReceipt(), 4096); !errors.Is(err, ErrProfile) {
		t.Errorf("width 4096: err = %v, want ErrProfile", err)
	}
	if _, err := Encode(Receipt{Lang: "ar"}, Profile{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty receipt: err = %v, want ErrEmpty", err)
	}
}

func TestWrapColumns(t *testing.T) {
	tests := []struct {
		in   string
		cols int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"two words here", 9, []string{"two words", "here"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"", 5, []string{""}},
		{"a  b", 5, []string{"a b"}},
	}
	for _, tt := range tests {
		if got := wrapColumns(tt.in, tt.cols); !slices.Equal(got, tt.want) {
			t.Errorf("wrapColumns(%q, %d) = %q, want %q", tt.in, tt.cols, got, tt.want)
		}
	}
}
