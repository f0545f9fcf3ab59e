package wire

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
)

// SyntheticTemplate is the fingerprint template of the synthetic finger named
// fingerID: SHA-256("bawaba-sim-finger:" + fingerID), 32 bytes. The fingerprint
// simulator produces it (optionally with a few bits flipped, as real reads differ),
// and `central gen-registry` stores it for each synthetic person, whose finger is
// named by their ID number. Real sensors produce vendor templates; this format exists
// so the whole system can be exercised without a person's biometrics.
func SyntheticTemplate(fingerID string) []byte {
	h := sha256.Sum256([]byte("bawaba-sim-finger:" + fingerID))
	return h[:]
}

// MatchScore compares two templates: the fraction of equal bits, 0 when the lengths
// differ or either is empty. Two reads of one finger score >= FingerprintThreshold.
func MatchScore(a, b []byte) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	diff := 0
	for i := range a {
		diff += bits.OnesCount8(a[i] ^ b[i])
	}
	return 1 - float64(diff)/float64(8*len(a))
}

// CardToken is the token an ATM sends for a bank card in place of its number:
// hex(SHA-256("bawaba-card:" + PAN)). The reference back office stores the same token
// for each synthetic person's card, so the PAN itself never travels.
func CardToken(pan string) string {
	h := sha256.Sum256([]byte("bawaba-card:" + pan))
	return hex.EncodeToString(h[:])
}

// MaskPAN keeps the first 6 and last 4 digits of a card number: "400000******0001".
func MaskPAN(pan string) string {
	if len(pan) < 11 {
		return "****"
	}
	b := []byte(pan)
	for i := 6; i < len(b)-4; i++ {
		b[i] = '*'
	}
	return string(b)
}
