package wire

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// NewRecordID returns a record ID as the protocol recommends: 16 hex digits of Unix
// nanoseconds at now, then 16 hex digits of crypto randomness (32 characters).
// Time order lets stores append; the random half keeps IDs unique across kiosks.
func NewRecordID(now time.Time) string {
	b := make([]byte, 8)
	rand.Read(b)
	return fmt.Sprintf("%016x", uint64(now.UnixNano())) + hex.EncodeToString(b)
}
