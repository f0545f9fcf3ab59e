package seal

import (
	"crypto/hpke"
	"encoding/binary"
	"fmt"
	"time"
)

// PrivateKey is the central service's opening key with its ID and expiry.
type PrivateKey struct {
	id       string
	notAfter time.Time
	key      hpke.PrivateKey
	epochs   *epochCache // decapsulated version-2 epochs, see Open
}

// GenerateKey makes a new MLKEM768-X25519 key pair named id, valid until notAfter.
func GenerateKey(id string, notAfter time.Time) (*PrivateKey, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	k, err := kem.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("seal: generate key %q: %w", id, err)
	}
	return &PrivateKey{id: id, notAfter: notAfter, key: k, epochs: newEpochCache(maxEpochs)}, nil
}

// ID names the key; records carry it so the central service picks the right key.
func (k *PrivateKey) ID() string { return k.id }

// Public returns the key the kiosks seal to.
func (k *PrivateKey) Public() PublicKey {
	return PublicKey{ID: k.id, NotAfter: k.notAfter, Key: k.key.PublicKey().Bytes()}
}

// keyMagic starts a marshalled private key so that other files are not taken for one.
const keyMagic = "BWSK1"

// MarshalBinary encodes the key as magic, ID, NotAfter and the KEM private key bytes.
func (k *PrivateKey) MarshalBinary() ([]byte, error) {
	kb, err := k.key.Bytes()
	if err != nil {
		return nil, fmt.Errorf("seal: marshal key %q: %w", k.id, err)
	}
	b := []byte(keyMagic)
	b = binary.BigEndian.AppendUint16(b, uint16(len(k.id)))
	b = append(b, k.id...)
	b = binary.BigEndian.AppendUint64(b, uint64(k.notAfter.UnixNano()))
	b = binary.BigEndian.AppendUint16(b, uint16(len(kb)))
	return append(b, kb...), nil
}

// ParsePrivateKey decodes MarshalBinary's output; anything else is ErrKey.
func ParsePrivateKey(b []byte) (*PrivateKey, error) {
	bad := func(what string) (*PrivateKey, error) {
		return nil, fmt.Errorf("%w: %s", ErrKey, what)
	}
	if len(b) < len(keyMagic) || string(b[:len(keyMagic)]) != keyMagic {
		return bad("not a bawaba private key")
	}
	b = b[len(keyMagic):]
	id, b, ok := field(b)
	if !ok {
		return bad("truncated key ID")
	}
	if err := checkID(string(id)); err != nil {
		return nil, err
	}
	if len(b) < 8 {
		return bad("truncated expiry")
	}
	notAfter := time.Unix(0, int64(binary.BigEndian.Uint64(b))).UTC()
	kb, rest, ok := field(b[8:])
	if !ok || len(rest) != 0 {
		return bad("truncated or trailing key bytes")
	}
	k, err := kem.NewPrivateKey(kb)
	if err != nil {
		return nil, fmt.Errorf("%w: key %q: %v", ErrKey, id, err)
	}
	return &PrivateKey{id: string(id), notAfter: notAfter, key: k, epochs: newEpochCache(maxEpochs)}, nil
}

// field reads a 2-byte length and that many bytes.
func field(b []byte) (v, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	if len(b)-2 < n {
		return nil, nil, false
	}
	return b[2 : 2+n], b[2+n:], true
}
