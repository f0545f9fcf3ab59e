package seal

import (
	"bytes"
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

var (
	// ErrOpen is returned by Open when a payload cannot be opened: a different key,
	// record ID or kind than it was sealed for, or bytes that were changed or cut.
	ErrOpen = errors.New("seal: cannot open payload")
	// ErrExpired is returned by PublicKey.Valid once the key's NotAfter has passed;
	// new payloads must not be sealed to it.
	ErrExpired = errors.New("seal: key expired")
	// ErrKey is returned when a key's bytes or ID are malformed.
	ErrKey = errors.New("seal: invalid key")
)

// Suite names the fixed HPKE ciphersuite; it is part of every info string so that a
// future suite change cannot open old payloads under the wrong algorithms.
const Suite = "HPKE/MLKEM768X25519/HKDF-SHA256/AES-256-GCM"

// The first byte of every sealed payload names its format, so formats can coexist.
const (
	// version1: one HPKE context per payload; its AEAD seals the payload.
	version1 byte = 1
	// version2: an HPKE context shared by an epoch of payloads; each payload has its
	// own AES-256-GCM key exported from the context (see package doc).
	version2 byte = 2
)

// seqLen is the size of a version-2 payload's sequence number within its epoch.
const seqLen = 8

// Overhead is how many bytes Seal adds to a plaintext: the version byte, the
// MLKEM768-X25519 encapsulated key (1120 bytes), the sequence number within the
// epoch (8 bytes) and the AES-GCM tag (16 bytes).
const Overhead = 1 + encLen + seqLen + 16

// maxIDLen bounds key IDs: they travel in records and on the wire.
const maxIDLen = 128

var (
	kem  = hpke.MLKEM768X25519()
	kdf  = hpke.HKDFSHA256()
	aead = hpke.AES256GCM()
)

// PublicKey is the central service's sealing key as the kiosk receives it.
type PublicKey struct {
	ID       string    `json:"id"`
	NotAfter time.Time `json:"not_after"`
	Key      []byte    `json:"key"` // KEM public key bytes (SerializePublicKey)
}

// Valid reports ErrExpired when now is after NotAfter, ErrKey when the key is malformed.
func (p PublicKey) Valid(now time.Time) error {
	if err := checkID(p.ID); err != nil {
		return err
	}
	if _, err := parsePublic(p.Key); err != nil {
		return fmt.Errorf("%w: key %q: %v", ErrKey, p.ID, err)
	}
	if now.After(p.NotAfter) {
		return fmt.Errorf("%w: key %q not after %s", ErrExpired, p.ID, p.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

// Seal encrypts plaintext for the holder of the private key, bound to recordID and
// kind, in an epoch of its own: a Sealer shares the KEM cost across many payloads.
func (p PublicKey) Seal(recordID, kind string, plaintext []byte) ([]byte, error) {
	e, err := p.newEpoch(time.Time{})
	if err != nil {
		return nil, err
	}
	return e.seal(0, recordID, kind, plaintext)
}

// prepare does the expensive, payload-independent half of sealing: the KEM
// encapsulation and key schedule, bound to the suite and key ID through the HPKE
// info (labelled per format, so a context of one format never opens the other).
func (p PublicKey) prepare(info []byte, a hpke.AEAD) ([]byte, *hpke.Sender, error) {
	if err := checkID(p.ID); err != nil {
		return nil, nil, err
	}
	pk, err := parsePublic(p.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: key %q: %v", ErrKey, p.ID, err)
	}
	enc, sender, err := hpke.NewSender(pk, kdf, a, info)
	if err != nil {
		return nil, nil, fmt.Errorf("seal: key %q: %w", p.ID, err)
	}
	return enc, sender, nil
}

// sealV1 is the version-1 format: one HPKE context per payload, whose AEAD seals it
// with the record ID and kind as additional data. Kiosks no longer produce it; it is
// kept so tests can check that central still opens what older kiosks queued.
func (p PublicKey) sealV1(recordID, kind string, plaintext []byte) ([]byte, error) {
	enc, sender, err := p.prepare(info(p.ID), aead)
	if err != nil {
		return nil, err
	}
	ct, err := sender.Seal(aad(recordID, kind), plaintext)
	if err != nil {
		return nil, fmt.Errorf("seal: record %s: %w", recordID, err)
	}
	out := make([]byte, 0, 1+len(enc)+len(ct))
	out = append(out, version1)
	out = append(out, enc...)
	return append(out, ct...), nil
}

// encLen is the size of an MLKEM768-X25519 encapsulated key.
const encLen = 1120

// Open decrypts a payload sealed by PublicKey.Seal or a Sealer for the same record ID
// and kind. The KEM decapsulation of a version-2 epoch is done once and cached in k
// (a bounded number of epochs), so the other payloads of the epoch cost one key
// export and one AES-GCM pass.
func Open(k *PrivateKey, recordID, kind string, sealed []byte) ([]byte, error) {
	if k == nil || len(sealed) < 1+encLen {
		return nil, ErrOpen
	}
	switch sealed[0] {
	case version1:
		r, err := hpke.NewRecipient(sealed[1:1+encLen], k.key, kdf, aead, info(k.id))
		if err != nil {
			return nil, ErrOpen
		}
		pt, err := r.Open(aad(recordID, kind), sealed[1+encLen:])
		if err != nil {
			return nil, ErrOpen
		}
		return pt, nil
	case version2:
		return k.openV2(recordID, kind, sealed)
	}
	return nil, ErrOpen
}

// lastKey caches the most recently parsed public key: parsing an ML-KEM key expands
// its matrix, a large share of the cost of one Seal, and a kiosk seals every request
// to the same key until it rotates.
var lastKey atomic.Pointer[parsedKey]

type parsedKey struct {
	raw []byte
	pk  hpke.PublicKey
}

func parsePublic(raw []byte) (hpke.PublicKey, error) {
	if c := lastKey.Load(); c != nil && bytes.Equal(c.raw, raw) {
		return c.pk, nil
	}
	pk, err := kem.NewPublicKey(raw)
	if err != nil {
		return nil, err
	}
	lastKey.Store(&parsedKey{raw: bytes.Clone(raw), pk: pk})
	return pk, nil
}

// info is the version-1 HPKE info string: it binds the context to the suite and the
// key ID.
func info(keyID string) []byte {
	return fields("bawaba-seal-v1", Suite, keyID)
}

// infoV2 is the version-2 HPKE info string (an export-only context).
func infoV2(keyID string) []byte {
	return fields("bawaba-seal-v2", Suite, keyID)
}

// aad is the AEAD additional data: it binds the payload to its record and kind.
func aad(recordID, kind string) []byte {
	return fields("bawaba-record-v1", recordID, kind)
}

// fields encodes strings each with a 4-byte length, so that no choice of IDs or kinds
// can make two different tuples encode to the same bytes ("a|b","c" versus "a","b|c").
func fields(fs ...string) []byte {
	n := 0
	for _, f := range fs {
		n += 4 + len(f)
	}
	b := make([]byte, 0, n)
	for _, f := range fs {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

func checkID(id string) error {
	if id == "" || len(id) > maxIDLen {
		return fmt.Errorf("%w: key ID must be 1..%d bytes", ErrKey, maxIDLen)
	}
	return nil
}
