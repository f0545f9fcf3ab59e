package seal

import (
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"
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

// version is the first byte of every sealed payload, so a later format can coexist.
const version byte = 1

// Overhead is how many bytes Seal adds to a plaintext: the version byte, the
// MLKEM768-X25519 encapsulated key (1120 bytes) and the AES-GCM tag (16 bytes).
const Overhead = 1 + 1120 + 16

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
	if _, err := kem.NewPublicKey(p.Key); err != nil {
		return fmt.Errorf("%w: key %q: %v", ErrKey, p.ID, err)
	}
	if now.After(p.NotAfter) {
		return fmt.Errorf("%w: key %q not after %s", ErrExpired, p.ID, p.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}

// Seal encrypts plaintext for the holder of the private key, bound to recordID and
// kind. The result is a version byte, the encapsulated key and the ciphertext.
func (p PublicKey) Seal(recordID, kind string, plaintext []byte) ([]byte, error) {
	if err := checkID(p.ID); err != nil {
		return nil, err
	}
	pk, err := kem.NewPublicKey(p.Key)
	if err != nil {
		return nil, fmt.Errorf("%w: key %q: %v", ErrKey, p.ID, err)
	}
	ct, err := hpke.Seal(pk, kdf, aead, info(p.ID, recordID, kind), plaintext)
	if err != nil {
		return nil, fmt.Errorf("seal: record %s: %w", recordID, err)
	}
	return append([]byte{version}, ct...), nil
}

// Open decrypts a payload sealed by PublicKey.Seal for the same record ID and kind.
func Open(k *PrivateKey, recordID, kind string, sealed []byte) ([]byte, error) {
	if k == nil || len(sealed) < 1 || sealed[0] != version {
		return nil, ErrOpen
	}
	pt, err := hpke.Open(k.key, kdf, aead, info(k.id, recordID, kind), sealed[1:])
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

// info builds the HPKE info string. Every field carries a 4-byte length so that no
// choice of IDs or kinds can make two different tuples encode to the same bytes
// ("a|b","c" versus "a","b|c").
func info(keyID, recordID, kind string) []byte {
	fields := []string{"bawaba-seal-v1", Suite, keyID, recordID, kind}
	n := 0
	for _, f := range fields {
		n += 4 + len(f)
	}
	b := make([]byte, 0, n)
	for _, f := range fields {
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
