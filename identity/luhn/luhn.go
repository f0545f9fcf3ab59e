// Package luhn is the Luhn (mod 10) check digit, the one implementation that the
// identity rules (national ID, iqama, border number), the bank-card readers and the
// central service's registry all call. It is a leaf: it imports nothing of ours, so
// a device driver can use it without pulling in the identity rules.
package luhn

// Valid reports whether s, ASCII digits only, ends in a correct Luhn check digit.
// An empty string, a single digit, or anything that is not an ASCII digit is not
// valid: a one-digit "number" has no payload for the check digit to protect.
func Valid(s string) bool {
	if len(s) < 2 {
		return false
	}
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[len(s)-1-i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 { // every second digit from the right, the check digit excluded
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// Digit returns the check digit that makes payload+Digit(payload) Valid. payload
// must be ASCII digits; for anything else Digit returns 0 (not a digit), so a
// caller that appends it gets an invalid number rather than a wrong valid one.
func Digit(payload string) byte {
	sum := 0
	for i := 0; i < len(payload); i++ {
		c := payload[len(payload)-1-i]
		if c < '0' || c > '9' {
			return 0
		}
		d := int(c - '0')
		if i%2 == 0 { // these digits are doubled once the check digit is appended
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}
