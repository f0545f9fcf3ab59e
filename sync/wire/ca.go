package wire

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"strings"
)

// ErrNoCACert is returned by CAFingerprint when the bytes hold no PEM
// CERTIFICATE block.
var ErrNoCACert = errors.New("wire: no CA certificate in PEM")

// MaxCABytes bounds the PEM answer of PathCA: a CA certificate is well under
// 2 KiB; anything much larger is not one.
const MaxCABytes = 16 << 10

// CAFingerprint is how a person compares a central CA certificate at a kiosk
// with the one the central service holds: the SHA-256 of the first certificate's
// DER bytes, as 16 groups of 4 upper-case hexadecimal digits
// ("3F2A 9C01 …"). `central ca-fingerprint` and `central enroll-code` print it
// and the kiosk's enrolment screen shows it, so both come from this function.
//
// PathCA is fetched over a TLS connection the kiosk cannot verify yet (it has
// no CA to verify with), so the fingerprint read aloud or compared by eye is
// what makes the kiosk's pin trustworthy.
func CAFingerprint(certPEM []byte) (string, error) {
	for {
		var blk *pem.Block
		blk, certPEM = pem.Decode(certPEM)
		if blk == nil {
			return "", ErrNoCACert
		}
		if blk.Type == "CERTIFICATE" {
			return FormatFingerprint(sha256.Sum256(blk.Bytes)), nil
		}
	}
}

// FormatFingerprint writes a SHA-256 digest as CAFingerprint shows it.
func FormatFingerprint(sum [sha256.Size]byte) string {
	h := strings.ToUpper(hex.EncodeToString(sum[:]))
	var b strings.Builder
	for i := 0; i < len(h); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i : i+4])
	}
	return b.String()
}
