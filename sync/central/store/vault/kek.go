package vault

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// KEK wraps and unwraps the data key. name is the wrapped key's name, bound to the
// result (associated data), so a wrapped key cannot be passed off as another.
// A PKCS#11 (HSM) implementation wraps with a key object that never leaves the
// module; see the package documentation.
type KEK interface {
	Wrap(name string, key []byte) ([]byte, error)
	Unwrap(name string, wrapped []byte) ([]byte, error)
}

// KEKSize is the size of a local KEK in bytes.
const KEKSize = 32

// Where FromEnvironment looks.
const (
	// CredentialName is the systemd credential's name under $CREDENTIALS_DIRECTORY.
	CredentialName = "bawaba-kek"
	// EnvKEK is the environment variable holding the KEK in hexadecimal.
	EnvKEK = "BAWABA_KEK"
)

// LocalKEK is a KEK held in this process: AES-256-GCM.
type LocalKEK struct{ aead cipher.AEAD }

// NewLocalKEK returns the KEK of a 32-byte key.
func NewLocalKEK(key []byte) (*LocalKEK, error) {
	if len(key) != KEKSize {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrBadKEK, len(key), KEKSize)
	}
	blk, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(blk)
	if err != nil {
		return nil, err
	}
	return &LocalKEK{aead: aead}, nil
}

// GenerateKEK returns a fresh KEK in its file form (64 hex digits and a newline).
func GenerateKEK() []byte {
	k := make([]byte, KEKSize)
	rand.Read(k)
	return []byte(hex.EncodeToString(k) + "\n")
}

// ParseKEK parses the file form of a KEK: 64 hexadecimal digits, surrounding white
// space ignored.
func ParseKEK(b []byte) (*LocalKEK, error) {
	b = bytes.TrimSpace(b)
	if len(b) != 2*KEKSize {
		return nil, fmt.Errorf("%w: want %d hexadecimal digits", ErrBadKEK, 2*KEKSize)
	}
	key := make([]byte, KEKSize)
	if _, err := hex.Decode(key, b); err != nil {
		return nil, fmt.Errorf("%w: not hexadecimal", ErrBadKEK)
	}
	defer clear(key)
	return NewLocalKEK(key)
}

// LoadKEKFile reads a KEK file, refusing one that group or others may read or
// write: the KEK is worth as much as every key it protects.
func LoadKEKFile(path string) (*LocalKEK, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("vault: KEK file: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("vault: KEK file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %04o (chmod 600 it)", ErrKEKPermissions, path, perm)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("vault: KEK file: %w", err)
	}
	defer clear(b)
	k, err := ParseKEK(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// FromEnvironment finds the KEK: the file at path when path is not empty, else the
// systemd credential CredentialName, else the environment variable EnvKEK. It
// returns where it found it ("file PATH", "systemd credential", "environment"), or
// ErrNoKEK when there is none.
func FromEnvironment(path string) (*LocalKEK, string, error) {
	if path != "" {
		k, err := LoadKEKFile(path)
		return k, "file " + path, err
	}
	if dir := os.Getenv("CREDENTIALS_DIRECTORY"); dir != "" {
		p := filepath.Join(dir, CredentialName)
		if _, err := os.Stat(p); err == nil {
			// systemd makes the credential readable by the service alone; its
			// directory is not ours to judge by mode, so it is read as it is.
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, "", fmt.Errorf("vault: systemd credential: %w", err)
			}
			defer clear(b)
			k, err := ParseKEK(b)
			if err != nil {
				return nil, "", fmt.Errorf("systemd credential %s: %w", CredentialName, err)
			}
			return k, "systemd credential", nil
		}
	}
	if v, ok := os.LookupEnv(EnvKEK); ok {
		k, err := ParseKEK([]byte(v))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", EnvKEK, err)
		}
		return k, "environment", nil
	}
	return nil, "", ErrNoKEK
}

// Wrap encrypts key under the KEK with name as associated data.
func (k *LocalKEK) Wrap(name string, key []byte) ([]byte, error) {
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, key, []byte(name)), nil
}

// Unwrap decrypts what Wrap returned for the same name; ErrWrongKEK when it does
// not open (another KEK, another name, or altered bytes).
func (k *LocalKEK) Unwrap(name string, wrapped []byte) ([]byte, error) {
	ns := k.aead.NonceSize()
	if len(wrapped) < ns+k.aead.Overhead() {
		return nil, fmt.Errorf("%w: wrapped %s too short", ErrWrongKEK, name)
	}
	key, err := k.aead.Open(nil, wrapped[:ns], wrapped[ns:], []byte(name))
	if err != nil {
		return nil, fmt.Errorf("%w: %s does not open", ErrWrongKEK, name)
	}
	return key, nil
}

// Errors callers act on.
var (
	// ErrNoKEK is returned by FromEnvironment when no KEK is configured.
	ErrNoKEK = errors.New("vault: no key-encryption key (give -kek-file, a systemd credential " + CredentialName + " or " + EnvKEK + ")")
	// ErrBadKEK is returned for a KEK that is not 32 bytes (64 hex digits).
	ErrBadKEK = errors.New("vault: malformed key-encryption key")
	// ErrKEKPermissions is returned by LoadKEKFile for a file group or others may access.
	ErrKEKPermissions = errors.New("vault: KEK file permissions too open")
	// ErrWrongKEK is returned by Open when the database's data key does not open
	// with the KEK given: another database's KEK, or a damaged wrapped key.
	ErrWrongKEK = errors.New("vault: the key-encryption key does not open this database")
	// ErrSealed is returned by CheckClear for a database encrypted by a vault:
	// it cannot be used without its KEK.
	ErrSealed = errors.New("vault: the database is encrypted; its key-encryption key is needed")
	// ErrClearValue is returned when a value read through the vault is not
	// encrypted (written behind the vault's back).
	ErrClearValue = errors.New("vault: value is not encrypted")
	// ErrDamaged is returned for an encrypted value that does not open.
	ErrDamaged = errors.New("vault: encrypted value does not open")
)
