package places

import (
	"errors"
	"testing"
)

// FuzzParse: any bytes give a directory or ErrData, never a panic; a
// directory's places are all reachable by their codes.
func FuzzParse(f *testing.F) {
	f.Add(embedded)
	f.Add([]byte("C\triyadh\tالرياض\tRiyadh\nD\triyadh.olaya\tالعليا\tAl Olaya\n"))
	f.Add([]byte("D\tx.y\ta\tb\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			if !errors.Is(err, ErrData) {
				t.Fatalf("err %v is not ErrData", err)
			}
			return
		}
		for _, c := range d.Cities() {
			if _, ok := d.City(c.Code); !ok {
				t.Fatalf("city %q not found by code", c.Code)
			}
			for _, p := range d.Districts(c.Code) {
				if _, ok := d.District(p.Code); !ok || !InCity(p.Code, c.Code) {
					t.Fatalf("district %q", p.Code)
				}
			}
		}
	})
}

// FuzzFold: folding is idempotent, so a folded name and a folded query
// compare the same however often they are folded.
func FuzzFold(f *testing.F) {
	f.Add("الرِّياض  Al-Olaya")
	f.Fuzz(func(t *testing.T, s string) {
		if a := Fold(s); Fold(a) != a {
			t.Fatalf("Fold(%q) = %q, Fold again = %q", s, a, Fold(a))
		}
	})
}
