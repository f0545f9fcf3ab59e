package seal

import (
	"container/list"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hpke"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"sync"
	"time"
)

// exportAEAD makes version-2 contexts export-only: payloads are sealed with keys
// exported from the context, never with the context's own AEAD.
var exportAEAD = hpke.ExportOnly()

// epoch is one version-2 HPKE sender context. It lives in memory only, for a bounded
// number of payloads and a bounded time (see Sealer).
type epoch struct {
	enc     []byte
	sender  *hpke.Sender
	created time.Time
	next    uint64 // sequence number of the next payload; guarded by the Sealer
}

func (p PublicKey) newEpoch(now time.Time) (*epoch, error) {
	enc, sender, err := p.prepare(infoV2(p.ID), exportAEAD)
	if err != nil {
		return nil, err
	}
	return &epoch{enc: enc, sender: sender, created: now}, nil
}

// recordContext binds one payload: the record ID, the kind and its sequence number in
// the epoch. It is both the exporter context of the payload's key and the AES-GCM
// additional data, so a payload opens only as the record, kind and position it was
// sealed for.
func recordContext(recordID, kind string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(fields("bawaba-record-v2", recordID, kind), seq)
}

// recordAEAD derives the payload's own AES-256-GCM key. Every key seals exactly one
// payload (the sequence number never repeats within an epoch), so the nonce can be
// fixed at zero.
func recordAEAD(export func(string, int) ([]byte, error), rc []byte) (cipher.AEAD, error) {
	k, err := export(string(rc), 32)
	if err != nil {
		return nil, err
	}
	defer clear(k)
	b, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

var zeroNonce [12]byte

// seal writes version 2 | enc | sequence number | AES-GCM ciphertext and tag.
func (e *epoch) seal(seq uint64, recordID, kind string, plaintext []byte) ([]byte, error) {
	rc := recordContext(recordID, kind, seq)
	a, err := recordAEAD(e.sender.Export, rc)
	if err != nil {
		return nil, fmt.Errorf("seal: record %s: %w", recordID, err)
	}
	out := make([]byte, 0, Overhead+len(plaintext))
	out = append(out, version2)
	out = append(out, e.enc...)
	out = binary.BigEndian.AppendUint64(out, seq)
	return a.Seal(out, zeroNonce[:], plaintext, rc), nil
}

func (k *PrivateKey) openV2(recordID, kind string, sealed []byte) ([]byte, error) {
	if len(sealed) < Overhead {
		return nil, ErrOpen
	}
	enc := sealed[1 : 1+encLen]
	seq := binary.BigEndian.Uint64(sealed[1+encLen:])
	ct := sealed[1+encLen+seqLen:]
	sum := sha256.Sum256(enc)
	r := k.epochs.get(sum)
	cached := r != nil
	if !cached {
		var err error
		if r, err = hpke.NewRecipient(enc, k.key, kdf, exportAEAD, infoV2(k.id)); err != nil {
			return nil, ErrOpen
		}
	}
	rc := recordContext(recordID, kind, seq)
	a, err := recordAEAD(r.Export, rc)
	if err != nil {
		return nil, ErrOpen
	}
	pt, err := a.Open(nil, zeroNonce[:], ct, rc)
	if err != nil {
		return nil, ErrOpen
	}
	if !cached {
		// Only after a payload opened: garbage encapsulations cannot evict real epochs.
		k.epochs.put(sum, r)
	}
	return pt, nil
}

// maxEpochs bounds the decapsulated contexts a PrivateKey keeps: enough for one open
// epoch per kiosk of a large fleet pushing at once. Each holds a few hundred bytes.
const maxEpochs = 8192

// epochCache is a least-recently-used map from SHA-256(enc) to the recipient context
// decapsulated from enc. It is safe for concurrent use; a nil cache caches nothing.
type epochCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *epochEntry, most recent first
	byEnc map[[32]byte]*list.Element
}

type epochEntry struct {
	sum [32]byte
	r   *hpke.Recipient
}

func newEpochCache(max int) *epochCache {
	return &epochCache{max: max, order: list.New(), byEnc: map[[32]byte]*list.Element{}}
}

func (c *epochCache) get(sum [32]byte) *hpke.Recipient {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byEnc[sum]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*epochEntry).r
}

func (c *epochCache) put(sum [32]byte, r *hpke.Recipient) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byEnc[sum]; ok {
		c.order.MoveToFront(el)
		return
	}
	c.byEnc[sum] = c.order.PushFront(&epochEntry{sum: sum, r: r})
	for c.order.Len() > c.max {
		old := c.order.Remove(c.order.Back()).(*epochEntry)
		delete(c.byEnc, old.sum)
	}
}

func (c *epochCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
