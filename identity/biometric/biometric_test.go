package biometric

import (
	"bytes"
	"crypto/sha256"
	"testing"
)

func flip(t []byte, bitsToFlip int) []byte {
	out := bytes.Clone(t)
	for i := range bitsToFlip {
		out[(i*37)%len(out)] ^= 1 << (i % 8)
	}
	return out
}

func TestSyntheticTemplate(t *testing.T) {
	a := SyntheticTemplate("1000000008")
	if len(a) != TemplateSize {
		t.Fatalf("len = %d, want %d", len(a), TemplateSize)
	}
	first := sha256.Sum256([]byte("bawaba-sim-finger:1000000008"))
	if !bytes.Equal(a[:TemplateBlock], first[:]) {
		t.Fatal("block 0 is not SHA-256 of the finger's name")
	}
	second := sha256.Sum256(append(first[:], 1))
	if !bytes.Equal(a[TemplateBlock:2*TemplateBlock], second[:]) {
		t.Fatal("block 1 is not SHA-256(block 0 || 1)")
	}
	if !bytes.Equal(a, SyntheticTemplate("1000000008")) {
		t.Fatal("the derivation is not deterministic")
	}
}

func TestMatchScore(t *testing.T) {
	a, b := SyntheticTemplate("1000000008"), SyntheticTemplate("2000000006")
	tests := []struct {
		name     string
		x, y     []byte
		min, max float64
		match    bool
	}{
		{"when a template is compared with itself, it scores 1", a, a, 1, 1, true},
		{"when three bits differ, as in a second read, it matches", a, flip(a, 3), Threshold, 1, true},
		{"when the record is the old 32-byte form of another finger, it does not match", a, b[:TemplateBlock], 0, Threshold - 0.01, false},
		{"when 25 bits differ, as a simulator's noisy read, it still matches", a, flip(a, 25), Threshold, 1, true},
		{"when two fingers differ, they score about one half", a, b, 0.4, 0.6, false},
		{"when the record is the old 32-byte form, block 0 is compared", a[:TemplateBlock], a, 1, 1, true},
		{"when a template is shorter than one block, it defines nothing and scores 0", a[:TemplateBlock-1], a, 0, 0, false},
		{"when a template is empty, it scores 0", nil, a, 0, 0, false},
		{"when bytes follow TemplateSize, they are ignored", append(bytes.Clone(a), 0xFF), a, 1, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MatchScore(tt.x, tt.y)
			if s < tt.min || s > tt.max {
				t.Errorf("MatchScore = %v, want in [%v, %v]", s, tt.min, tt.max)
			}
			if got := Match(tt.x, tt.y); got != tt.match {
				t.Errorf("Match = %v, want %v", got, tt.match)
			}
		})
	}
}

func FuzzMatchScore(f *testing.F) {
	f.Add(SyntheticTemplate("1"), SyntheticTemplate("2"))
	f.Add(SyntheticTemplate("1")[:40], []byte{})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		s := MatchScore(a, b)
		if s < 0 || s > 1 || s != MatchScore(b, a) {
			t.Fatalf("score %v (reverse %v)", s, MatchScore(b, a))
		}
		if self := MatchScore(a, a); (len(a) >= TemplateBlock) != (self == 1) {
			t.Fatalf("self score %v for %d bytes", self, len(a))
		}
	})
}
