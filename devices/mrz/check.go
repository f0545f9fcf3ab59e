package mrz

// value is the ICAO character value: digits 0–9, letters 10–35, filler 0; -1 for
// anything else.
func value(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	case c == '<':
		return 0
	}
	return -1
}

// CheckDigit returns the ICAO 9303 check digit ('0'–'9') of s: character values
// weighted 7, 3, 1 repeating, summed, mod 10. Characters outside the MRZ set count
// as 0; Parse rejects them before any check digit is computed.
func CheckDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v := value(s[i])
		if v < 0 {
			v = 0
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}
