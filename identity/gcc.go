package identity

import "strings"

// gccRule is the shape of one GCC state's national ID number.
type gccRule struct {
	minLen, maxLen int
	prefixes       []string // allowed leading digits; nil means any
	noLeadingZero  bool
}

// gccRules are the national IDs of the other GCC states. Saudi Arabia is not
// here: Saudi citizens register with the national ID. None of these states
// publishes its check-digit algorithm in a form we could verify, so only
// length and leading digits are enforced; a wrong check digit is left to the
// central service's lookup.
var gccRules = map[string]gccRule{
	// UAE Emirates ID: 15 digits, 784 (ISO numeric for ARE) + birth year +
	// serial + check digit, printed 784-YYYY-NNNNNNN-C. Widely documented;
	// the last digit is reportedly Luhn (unverified, not enforced).
	UAE: {minLen: 15, maxLen: 15, prefixes: []string{"784"}},
	// Kuwait Civil ID: 12 digits, century digit (2 = 1900s, 3 = 2000s) +
	// YYMMDD of birth + serial + check digit. Length well documented; the
	// weighted mod-11 check digit is community-reported (not enforced).
	Kuwait: {minLen: 12, maxLen: 12, prefixes: []string{"1", "2", "3"}},
	// Bahrain CPR: 9 digits, YYMM of birth + serial + check digit. Length
	// well documented; check digit not enforced.
	Bahrain: {minLen: 9, maxLen: 9},
	// Qatar QID: 11 digits, century digit (2 = 1900s, 3 = 2000s) + YY of
	// birth + 3-digit nationality code (634 Qatar) + serial. Length well
	// documented; leading 2/3 from the same community sources.
	Qatar: {minLen: 11, maxLen: 11, prefixes: []string{"2", "3"}},
	// Oman civil number: variable length, up to 8–9 digits, no leading zero.
	// LEAST certain: sources disagree on the minimum; 6 keeps short older
	// numbers in.
	Oman: {minLen: 6, maxLen: 9, noLeadingZero: true},
}

func (g gccRule) check(num string) error {
	if len(num) < g.minLen || len(num) > g.maxLen {
		return errf(CodeIDLength, FieldID)
	}
	if g.noLeadingZero && num[0] == '0' {
		return errf(CodeIDPrefix, FieldID)
	}
	if g.prefixes == nil {
		return nil
	}
	for _, p := range g.prefixes {
		if strings.HasPrefix(num, p) {
			return nil
		}
	}
	return errf(CodeIDPrefix, FieldID)
}

// GCCCountries returns the alpha-3 codes a GCC ID may be issued by, in the
// order the nationality picker shows them.
func GCCCountries() []string { return []string{UAE, Bahrain, Kuwait, Oman, Qatar} }
