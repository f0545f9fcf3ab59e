package digitalid

import (
	"errors"
	"fmt"
)

// base45Alphabet is RFC 9285's table: exactly the 45 characters of a QR code's
// alphanumeric mode, which is why a base45 text packs into 5.5 bits a character.
const base45Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

// base45Value maps a byte to its base45 value, or -1 when it is not in the alphabet.
var base45Value = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base45Alphabet); i++ {
		t[base45Alphabet[i]] = int8(i)
	}
	return t
}()

// errBase45 is wrapped by Base45Decode for every malformed input.
var errBase45 = errors.New("base45")

// Base45Encode encodes b as RFC 9285 base45: each two bytes become three characters
// (least significant first), a last odd byte becomes two.
func Base45Encode(b []byte) string {
	out := make([]byte, 0, (len(b)/2)*3+len(b)%2*2)
	for i := 0; i+1 < len(b); i += 2 {
		n := int(b[i])<<8 | int(b[i+1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45%45], base45Alphabet[n/2025])
	}
	if len(b)%2 == 1 {
		n := int(b[len(b)-1])
		out = append(out, base45Alphabet[n%45], base45Alphabet[n/45])
	}
	return string(out)
}

// Base45Decode decodes RFC 9285 base45. It refuses characters outside the alphabet,
// a length of 1 mod 3, and triplets or pairs whose value does not fit the bytes they
// stand for (RFC 9285 §6: "GGW" is 65535+1 and must be an error, not a wrap-around).
func Base45Decode(s string) ([]byte, error) {
	if len(s)%3 == 1 {
		return nil, fmt.Errorf("%w: length %d is 1 mod 3", errBase45, len(s))
	}
	out := make([]byte, 0, len(s)/3*2+1)
	for i := 0; i < len(s); i += 3 {
		end := min(i+3, len(s))
		n := 0
		for j := end - 1; j >= i; j-- {
			v := base45Value[s[j]]
			if v < 0 {
				return nil, fmt.Errorf("%w: character %q at %d is not base45", errBase45, s[j], j)
			}
			n = n*45 + int(v)
		}
		if end-i == 3 {
			if n > 0xFFFF {
				return nil, fmt.Errorf("%w: triplet at %d is %d, over 65535", errBase45, i, n)
			}
			out = append(out, byte(n>>8), byte(n))
		} else {
			if n > 0xFF {
				return nil, fmt.Errorf("%w: pair at %d is %d, over 255", errBase45, i, n)
			}
			out = append(out, byte(n))
		}
	}
	return out, nil
}
