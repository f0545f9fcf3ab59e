package digitalid

import (
	"bytes"
	"testing"
)

// The examples of RFC 9285 §4.3 and §4.4, both directions.
func TestBase45RFCExamples(t *testing.T) {
	tests := []struct {
		plain, encoded string
	}{
		{"AB", "BB8"},
		{"Hello!!", "%69 VD92EX0"},
		{"base-45", "UJCLQE7W581"},
		{"ietf!", "QED8WEX0"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Base45Encode([]byte(tt.plain)); got != tt.encoded {
			t.Errorf("Base45Encode(%q) = %q, want %q", tt.plain, got, tt.encoded)
		}
		got, err := Base45Decode(tt.encoded)
		if err != nil || string(got) != tt.plain {
			t.Errorf("Base45Decode(%q) = %q, %v, want %q", tt.encoded, got, err, tt.plain)
		}
	}
}

func TestBase45DecodeRefuses(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"a triplet over 65535 (RFC 9285 §6)", "GGW"},
		{"a pair over 255", "::"},
		{"a length of 1 mod 3", "BB8A"},
		{"a lower-case letter", "bb8"},
		{"a character outside the alphabet", "BB#"},
		{"a non-ASCII byte", "BB\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Base45Decode(tt.in); err == nil {
				t.Fatalf("Base45Decode(%q) = %x, want an error", tt.in, got)
			}
		})
	}
}

func FuzzBase45(f *testing.F) {
	f.Add([]byte("Hello!!"))
	f.Add([]byte{0xff, 0xff, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Base45Decode(Base45Encode(b))
		if err != nil || !bytes.Equal(got, b) {
			t.Fatalf("round trip of %x = %x, %v", b, got, err)
		}
		// Decoding arbitrary text must not panic, and what decodes re-encodes to itself.
		if d, err := Base45Decode(string(b)); err == nil && Base45Encode(d) != string(b) {
			t.Fatalf("Base45Decode(%q) = %x does not re-encode to its input", b, d)
		}
	})
}
