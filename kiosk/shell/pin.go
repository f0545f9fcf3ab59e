package shell

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrBadPINHash is returned by ParsePINHash for a malformed hash string.
var ErrBadPINHash = errors.New("shell: malformed staff PIN hash")

const pinIterations = 200_000

// PINHash is a salted PBKDF2-SHA256 hash of the staff PIN, as stored in the kiosk
// config: "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>". The PIN itself
// is never stored.
type PINHash struct {
	iter       int
	salt, hash []byte
}

// HashPIN hashes pin with a fresh salt.
func HashPIN(pin string) (PINHash, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return PINHash{}, fmt.Errorf("shell: pin salt: %w", err)
	}
	h, err := pbkdf2.Key(sha256.New, pin, salt, pinIterations, 32)
	if err != nil {
		return PINHash{}, fmt.Errorf("shell: hash pin: %w", err)
	}
	return PINHash{iter: pinIterations, salt: salt, hash: h}, nil
}

// ParsePINHash parses the String form of a PINHash.
func ParsePINHash(s string) (PINHash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 4 || parts[0] != "pbkdf2-sha256" {
		return PINHash{}, ErrBadPINHash
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1000 || iter > 10_000_000 {
		return PINHash{}, ErrBadPINHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[2])
	hash, err2 := base64.RawStdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(hash) != 32 {
		return PINHash{}, ErrBadPINHash
	}
	return PINHash{iter: iter, salt: salt, hash: hash}, nil
}

// String returns the storable form.
func (p PINHash) String() string {
	return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", p.iter,
		base64.RawStdEncoding.EncodeToString(p.salt), base64.RawStdEncoding.EncodeToString(p.hash))
}

// IsZero reports whether no PIN is configured (staff entry is then impossible).
func (p PINHash) IsZero() bool { return len(p.hash) == 0 }

// Verify reports whether pin matches, in constant time.
func (p PINHash) Verify(pin string) bool {
	if p.IsZero() {
		return false
	}
	h, err := pbkdf2.Key(sha256.New, pin, p.salt, p.iter, len(p.hash))
	return err == nil && subtle.ConstantTimeCompare(h, p.hash) == 1
}
