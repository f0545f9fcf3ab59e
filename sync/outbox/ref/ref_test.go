package ref

import (
	"errors"
	"strings"
	"testing"
)

func TestNewIsValid(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		r := New()
		if !Valid(r) {
			t.Fatalf("New() = %q is not valid", r)
		}
		if strings.ContainsAny(r, "01OIU") {
			t.Fatalf("New() = %q has an ambiguous character", r)
		}
		if seen[r] {
			t.Fatalf("New() repeated %q", r)
		}
		seen[r] = true
	}
}

func TestBitsRoundTrip(t *testing.T) {
	for range 1000 {
		r := New()
		x := Bits(r)
		if x>>45 != 0 {
			t.Fatalf("Bits(%q) = %#x has more than 45 bits", r, x)
		}
		if back, ok := FromBits(x); !ok || back != r {
			t.Fatalf("FromBits(Bits(%q)) = %q, %v", r, back, ok)
		}
	}
	if _, ok := FromBits(0x1f); ok {
		t.Fatal("FromBits accepted a 5-bit group of 31")
	}
	if _, ok := FromBits(1 << 45); ok {
		t.Fatal("FromBits accepted a bit above the 45th")
	}
}

func TestParse(t *testing.T) {
	good := New()
	tests := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{"when canonical, returns it", good, good, nil},
		{"when lower case with a dash, normalises", strings.ToLower(Format(good)), good, nil},
		{"when spaced, normalises", " " + good[:3] + " " + good[3:] + " ", good, nil},
		{"when one character short, is ErrLength", good[:9], "", ErrLength},
		{"when one character long, is ErrLength", good + "2", "", ErrLength},
		{"when empty, is ErrLength", "", "", ErrLength},
		{"when it has an O, is ErrChar", "O" + good[1:], "", ErrChar},
		{"when it has a 1, is ErrChar", "1" + good[1:], "", ErrChar},
		{"when it has Arabic digits, is ErrChar", "٢٣٤٥٦٧٨٩٢٣", "", ErrChar},
		{"when very long, is ErrLength", strings.Repeat("2", 100), "", ErrLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Fatalf("Parse(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCheckCatchesTypos(t *testing.T) {
	for range 200 {
		r := []byte(New())
		for i := range Len {
			for _, c := range []byte(Alphabet) {
				if c == r[i] {
					continue
				}
				typo := append([]byte(nil), r...)
				typo[i] = c
				if _, err := Parse(string(typo)); !errors.Is(err, ErrCheck) {
					t.Fatalf("substitution %q -> %q not caught: %v", r, typo, err)
				}
			}
			for j := i + 1; j < Len; j++ {
				if r[i] == r[j] {
					continue
				}
				swap := append([]byte(nil), r...)
				swap[i], swap[j] = swap[j], swap[i]
				if _, err := Parse(string(swap)); !errors.Is(err, ErrCheck) {
					t.Fatalf("swap of %d,%d in %q not caught: %v", i, j, r, err)
				}
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(New())
	f.Add("abcde-fghjk")
	f.Add("")
	f.Add("OOOOOOOOOO")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if !Valid(p) {
			t.Fatalf("Parse(%q) = %q, which is not Valid", s, p)
		}
		if again, err := Parse(Format(p)); err != nil || again != p {
			t.Fatalf("Format/Parse round trip of %q = %q, %v", p, again, err)
		}
	})
}
