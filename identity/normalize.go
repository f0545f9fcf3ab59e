package identity

import (
	"strings"
	"unicode"
)

// normalizeDigits maps Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII
// and drops bidi controls and zero-width characters that copying from Arabic
// text leaves behind. Everything else is kept.
func normalizeDigits(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '٠' && r <= '٩':
			b.WriteByte(byte('0' + r - '٠'))
		case r >= '۰' && r <= '۹':
			b.WriteByte(byte('0' + r - '۰'))
		case isInvisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvisible reports bidi marks and embeddings (LRM, RLM, ALM, LRE…PDI),
// zero-width characters and the BOM.
func isInvisible(r rune) bool {
	switch {
	case r == '\u200e', r == '\u200f', r == '\u061c', r == '\ufeff':
		return true
	case r >= '\u200b' && r <= '\u200d':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// compact normalises digits, then removes spaces and the given separators.
func compact(s, seps string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune(seps, r) {
			return -1
		}
		return r
	}, normalizeDigits(s))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// NormalizeDigits is the digit normalisation every parser applies, exported
// for the UI (e.g. to echo what a scanner or keypad produced).
func NormalizeDigits(s string) string { return normalizeDigits(s) }
