package places

import (
	"strings"
	"unicode"
)

// Index is a list of places prepared for filtering as a person types: each
// entry's Arabic and English names are folded once, so a keystroke costs one
// substring search per entry.
type Index struct {
	places []Place
	keys   []string
}

// NewIndex prepares ps for Filter. It keeps ps; do not modify it afterwards.
func NewIndex(ps []Place) *Index {
	ix := &Index{places: ps, keys: make([]string, len(ps))}
	for i, p := range ps {
		ix.keys[i] = Fold(p.AR) + "\x00" + Fold(p.EN)
	}
	return ix
}

// Len is the number of places in the index.
func (ix *Index) Len() int { return len(ix.places) }

// Place is the i-th place.
func (ix *Index) Place(i int) Place { return ix.places[i] }

// Filter appends to dst the positions of the places whose Arabic or English
// name contains query, folded, in list order; an empty query matches all.
// Pass dst[:0] of the previous call to filter without allocating.
func (ix *Index) Filter(query string, dst []int) []int {
	q := Fold(query)
	for i, k := range ix.keys {
		if q == "" || strings.Contains(k, q) {
			dst = append(dst, i)
		}
	}
	return dst
}

// Fold maps a name or a query to the form the search compares: Latin letters
// in lower case; Arabic without diacritics or tatweel, with the hamza forms
// of alef as bare alef, taa marbuta as haa and alef maqsura as yaa; Arabic-Indic
// digits as ASCII; runs of spaces and punctuation as one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading spaces
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
			continue
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ة':
			r = 'ه'
		case r == 'ى' || r == 'ئ':
			r = 'ي'
		case r == 'ؤ':
			r = 'و'
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			r = '0' + (r - '۰')
		case unicode.IsSpace(r) || unicode.IsPunct(r) || r == '\u200e' || r == '\u200f':
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}
