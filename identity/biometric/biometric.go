// Package biometric holds the synthetic fingerprint template format: how a
// synthetic finger's template is derived, how two templates are compared, and the
// score from which they are one finger. The fingerprint driver and its simulator,
// the central service's registry generator and its matcher all call this package,
// so a template the simulator uploads is compared by the same rule that stored it.
//
// It lives under identity, not under devices/fingerprint or sync/wire: the central
// service must not import a device driver, sync/wire is the protocol and not a
// matcher, and identity is the layer both the kiosk side and the central side
// already stand on. It imports nothing of ours.
//
// # Caveats
//
// This format exists so the whole system can be exercised without a person's
// biometrics. Real sensors produce vendor templates; matching them is the vendor
// matcher's job, and nothing here pretends otherwise.
package biometric

import (
	"crypto/sha256"
	"math/bits"
)

// Template sizes. A template is a sequence of 32-byte feature blocks; the sensor
// (an R30x module, real or simulated) uploads TemplateSize bytes.
const (
	TemplateSize  = 512 // bytes in a sensor template (R30x character file)
	TemplateBlock = 32  // bytes in one feature block, the unit MatchScore compares
)

// Threshold is the MatchScore from which two templates are the same finger.
const Threshold = 0.90

// SyntheticTemplate is the fingerprint template of the synthetic finger named
// fingerID, TemplateSize bytes: block 0 is SHA-256("bawaba-sim-finger:" + fingerID)
// and each following block i is SHA-256(block 0 || byte(i)). The fingerprint
// simulator uploads it, optionally with a few bits flipped as real reads differ,
// and `central gen-registry` stores it for each synthetic person, whose finger is
// named by their ID number. This is the only derivation.
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
// one finger score >= Threshold, two different fingers about 0.5.
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

// Match reports whether two templates are the same finger.
func Match(a, b []byte) bool { return MatchScore(a, b) >= Threshold }
