// Package ref makes and checks the short references printed on kiosk receipts, which
// people later read aloud or type in to ask for the status of a request.
//
// A reference is 10 characters: 9 random characters and 1 check character, from a
// 31-character alphabet without 0, O, 1, I (too easily confused) and U (read as V).
// The check makes the weighted sum of positions (weights 1..10) divisible by 31; since
// 31 is prime, any single wrong character and any swap of two characters is caught.
package ref

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// Alphabet holds the characters a reference may contain, in value order.
const Alphabet = "23456789ABCDEFGHJKLMNPQRSTVWXYZ"

// Len is the length of a reference, check character included.
const Len = 10

const base = len(Alphabet) // 31, a prime

var (
	// ErrLength is returned by Parse when, after removing spaces and dashes, the input
	// is not Len characters long.
	ErrLength = errors.New("ref: wrong length")
	// ErrChar is returned by Parse for a character outside Alphabet.
	ErrChar = errors.New("ref: character not allowed")
	// ErrCheck is returned by Parse when the check character does not match: a typo.
	ErrCheck = errors.New("ref: check character does not match")
)

var values = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := range len(Alphabet) {
		v[Alphabet[i]] = int8(i)
		v[Alphabet[i]|0x20] = int8(i) // lower case letters; digits are unaffected by |0x20
	}
	return v
}()

// New returns a fresh random reference.
func New() string {
	var r [2 * (Len - 1)]byte
	rand.Read(r[:]) // crypto/rand.Read never fails
	var x uint64
	for i := range Len - 1 {
		// 65536 mod 31 leaves a bias below 1/2000 between values; harmless for a
		// receipt reference, which is not a secret and is checked for uniqueness.
		v := (uint64(r[2*i])<<8 | uint64(r[2*i+1])) % uint64(base)
		x |= v << (5 * i)
	}
	s, _ := FromBits(x)
	return s
}

// Bits is the 45-bit form of a canonical reference: its 9 data characters, 5 bits
// each, first character lowest. The outbox hides it in the random bits of a record
// ID, so the ID names its reference without an index. The result of Bits on anything
// that is not Valid is meaningless.
func Bits(s string) uint64 {
	var x uint64
	for i := 0; i < Len-1 && i < len(s); i++ {
		x |= uint64(values[s[i]]&0x1f) << (5 * i)
	}
	return x
}

// FromBits is the inverse of Bits, with the check character added; ok is false when
// a 5-bit group is not a character's value or bits above the 45th are set.
func FromBits(x uint64) (s string, ok bool) {
	if x>>(5*(Len-1)) != 0 {
		return "", false
	}
	var b [Len]byte
	sum := 0
	for i := range Len - 1 {
		v := int(x>>(5*i)) & 0x1f
		if v >= base {
			return "", false
		}
		b[i] = Alphabet[v]
		sum += (i + 1) * v
	}
	b[Len-1] = Alphabet[checkValue(sum)]
	return string(b[:]), true
}

// checkValue returns c such that sum + Len*c ≡ 0 (mod 31).
func checkValue(sum int) int {
	for c := range base {
		if (sum+Len*c)%base == 0 {
			return c
		}
	}
	panic("unreachable: Len is invertible mod 31")
}

// Parse normalises a typed-in reference — upper case, spaces and dashes removed — and
// checks it. It returns the canonical 10-character form.
func Parse(s string) (string, error) {
	if len(s) > 4*Len {
		return "", fmt.Errorf("%w: %d characters", ErrLength, len(s))
	}
	var b [Len]byte
	n, sum := 0, 0
	for i := range len(s) {
		c := s[i]
		if c == ' ' || c == '-' || c == '\t' {
			continue
		}
		v := values[c]
		if v < 0 {
			return "", fmt.Errorf("%w: %q at %d", ErrChar, rune(c), i)
		}
		if n == Len {
			return "", fmt.Errorf("%w: more than %d characters", ErrLength, Len)
		}
		b[n] = Alphabet[v]
		n++
		sum += n * int(v)
	}
	if n != Len {
		return "", fmt.Errorf("%w: %d characters, want %d", ErrLength, n, Len)
	}
	if sum%base != 0 {
		return "", ErrCheck
	}
	return string(b[:]), nil
}

// Valid reports whether s is a reference in canonical form (as New returns it).
func Valid(s string) bool {
	p, err := Parse(s)
	return err == nil && p == s
}

// Format groups a reference as "ABCDE-FGHJK" for printing and reading aloud.
func Format(s string) string {
	if len(s) != Len {
		return s
	}
	return strings.Join([]string{s[:Len/2], s[Len/2:]}, "-")
}
