package fingerprint

import (
	"crypto/sha256"
	"math/bits"
)

// TemplateSize is the size of a character file / template on R30x modules.
const TemplateSize = 512

// SimTemplate is the synthetic template of the finger named fingerID, used by the
// simulator and by the central service's synthetic registry. The first 32 bytes are
// SHA-256("bawaba-sim-finger:" + fingerID) (sync/wire.SyntheticTemplate); each
// following 32-byte block i is SHA-256(first block || byte(i)), up to TemplateSize.
func SimTemplate(fingerID string) []byte {
	first := sha256.Sum256([]byte("bawaba-sim-finger:" + fingerID))
	out := make([]byte, 0, TemplateSize)
	out = append(out, first[:]...)
	for i := 1; len(out) < TemplateSize; i++ {
		h := sha256.Sum256(append(first[:], byte(i)))
		out = append(out, h[:]...)
	}
	return out[:TemplateSize]
}

// Similarity is the fraction of equal bits of two templates, 0 when their lengths
// differ or they are empty. The simulator scores matches with it.
func Similarity(a, b []byte) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	diff := 0
	for i := range a {
		diff += bits.OnesCount8(a[i] ^ b[i])
	}
	return 1 - float64(diff)/float64(8*len(a))
}
