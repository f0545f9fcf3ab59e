package outbox

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// idGen makes UUIDv7s (RFC 9562) whose string order is their creation order, also
// within one millisecond: the 12-bit rand_a field is a counter (RFC 9562 §6.2,
// method 1), so Lease's "oldest first" is a plain key-order scan. The low 45 of the
// 62 rand_b bits carry the record's random receipt reference (ref.Bits), so that a
// record is stored under its reference and found from its ID without a second index
// written on every Enqueue.
type idGen struct {
	mu     sync.Mutex
	lastMS int64
	seq    uint16
}

func (g *idGen) next(now time.Time, refBits uint64) string {
	var b [16]byte
	rand.Read(b[6:]) // crypto/rand.Read never fails

	g.mu.Lock()
	ms := now.UnixMilli()
	if ms <= g.lastMS {
		// Same millisecond, or the clock went back: keep counting from the last ID.
		ms = g.lastMS
		g.seq++
		if g.seq > 0xfff {
			ms++
			g.seq = 0
		}
	} else {
		// Start low in the counter's range so a burst in one millisecond rarely overflows.
		g.seq = binary.BigEndian.Uint16(b[6:8]) & 0x1ff
	}
	g.lastMS = ms
	seq := g.seq
	g.mu.Unlock()

	var t [8]byte
	binary.BigEndian.PutUint64(t[:], uint64(ms))
	copy(b[0:6], t[2:8])
	b[6] = 0x70 | byte(seq>>8)
	b[7] = byte(seq)
	const refMask = 1<<45 - 1
	lo := binary.BigEndian.Uint64(b[8:16])
	lo = lo&^refMask | refBits&refMask
	lo = lo&^(3<<62) | 2<<62 // RFC 9562 variant
	binary.BigEndian.PutUint64(b[8:16], lo)

	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], b[10:16])
	return string(s[:])
}

// refOfID returns the receipt reference carried in a record ID made by idGen.
func refOfID(id string) (string, bool) {
	if len(id) != 36 || id[23] != '-' {
		return "", false
	}
	var b [8]byte
	if _, err := hex.Decode(b[0:2], []byte(id[19:23])); err != nil {
		return "", false
	}
	if _, err := hex.Decode(b[2:8], []byte(id[24:36])); err != nil {
		return "", false
	}
	return ref.FromBits(binary.BigEndian.Uint64(b[:]) & (1<<45 - 1))
}
