package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
)

// Synthetic fingerprint template format. A template is a sequence of 32-byte feature
// blocks; the sensor (an R30x module, real or simulated) uploads TemplateSize bytes.
const (
	TemplateSize  = 512 // bytes in a sensor template (R30x character file)
	TemplateBlock = 32  // bytes in one feature block, the unit MatchScore compares
)

// SyntheticTemplate is the fingerprint template of the synthetic finger named
// fingerID, TemplateSize bytes: block 0 is SHA-256("bawaba-sim-finger:" + fingerID)
// and each following block i is SHA-256(block 0 || byte(i)). The fingerprint
// simulator (devices/fingerprint.SimTemplate) uploads it, optionally with a few bits
// flipped as real reads differ, and `central gen-registry` stores it for each
// synthetic person, whose finger is named by their ID number. This is the only
// derivation; real sensors produce vendor templates, and this format exists so the
// whole system can be exercised without a person's biometrics.
func SyntheticTemplate(fingerID string) []byte {
	first := sha256.Sum256([]byte("bawaba-sim-finger:" + fingerID))
	out := make([]byte, 0, TemplateSize)
	out = append(out, first[:]...)
	for i := 1; len(out) < TemplateSize; i++ {
		h := sha256.Sum256(append(first[:], byte(i)))
		out = append(out, h[:]...)
	}
	return out
}

// MatchScore compares two templates: the fraction of equal feature bits over the
// whole feature blocks both templates define, at most TemplateSize bytes. Comparing
// the common blocks, not demanding equal lengths, keeps a template on record in the
// older 32-byte form (block 0 alone) comparable with a full sensor upload; a
// template shorter than one block defines no features and scores 0. Two reads of
// one finger score >= FingerprintThreshold, two different fingers about 0.5.
func MatchScore(a, b []byte) float64 {
	n := min(len(a), len(b), TemplateSize)
	n -= n % TemplateBlock
	if n == 0 {
		return 0
	}
	diff := 0
	for i := range n {
		diff += bits.OnesCount8(a[i] ^ b[i])
	}
	return 1 - float64(diff)/float64(8*n)
}

// CardToken is the token that stands for a bank card in central's store:
// hex(HMAC-SHA256(key, PAN)) under central's secret card-token key. Without the key
// the token says nothing about the PAN, even with the masked number's 10 known
// digits. Only central computes it: the kiosk sends the PAN inside a sealed
// Activation (devices/magstripe.Card.Token computes the same value).
func CardToken(key []byte, pan string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(pan))
	return hex.EncodeToString(m.Sum(nil))
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
