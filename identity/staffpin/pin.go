package staffpin

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
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

var (
	// ErrBadHash is returned by ParseHash for a malformed hash string.
	ErrBadHash = errors.New("staff: malformed PIN hash")
	// ErrWeakPIN is returned by HashPIN for a PIN that fails ValidPIN.
	ErrWeakPIN = errors.New("staff: PIN too short or not digits")
)

// MinPINLen is the fewest digits a new staff PIN may have.
const MinPINLen = 6

// ValidID reports whether id is a possible staff ID: 1 to 12 ASCII digits.
func ValidID(id string) bool {
	return len(id) >= 1 && len(id) <= 12 && strings.Trim(id, "0123456789") == ""
}

// ValidName reports whether name can name a staff member: 1 to 64 characters,
// not only blanks.
func ValidName(name string) bool {
	return strings.TrimSpace(name) != "" && utf8.RuneCountInString(name) <= 64
}

// argon2id cost of new hashes: OWASP's second recommended setting (19 MiB, two
// passes, one lane), about 50 ms on a kiosk's ARM board — slow for guessing from
// a stolen config file, quick enough for a person at the screen.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
)

// Limits on a parsed hash, so a config file cannot make the kiosk spend minutes
// or gigabytes on one sign-in.
const (
	maxArgonMemoryKiB = 256 * 1024
	maxArgonTime      = 16
	maxArgonThreads   = 16
)

// Hash is a salted hash of a staff PIN, never the PIN. Its String form is what a
// config file holds:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt base64>$<hash base64>
//
// ParseHash also reads the PBKDF2-SHA256 form that staff_pin_hash held before
// staff accounts existed ("pbkdf2-sha256$<iterations>$<salt>$<hash>"), so a
// kiosk keeps its PIN across the upgrade; HashPIN only makes argon2id.
type Hash struct {
	kind          string // "argon2id" or "pbkdf2-sha256"
	memory, time  uint32 // argon2id
	threads       uint8  // argon2id
	iter          int    // pbkdf2
	salt, derived []byte
}

// ValidPIN reports whether pin is acceptable for a new hash: MinPINLen or more
// ASCII digits (the staff keypad has digits only), at most 32.
func ValidPIN(pin string) bool {
	if len(pin) < MinPINLen || len(pin) > 32 {
		return false
	}
	return strings.Trim(pin, "0123456789") == ""
}

// HashPIN hashes pin with argon2id and a fresh salt. A PIN that fails ValidPIN
// is ErrWeakPIN.
func HashPIN(pin string) (Hash, error) {
	if !ValidPIN(pin) {
		return Hash{}, fmt.Errorf("%w: %d or more digits", ErrWeakPIN, MinPINLen)
	}
	return hashWith(pin, argonMemoryKiB, argonTime, argonThreads)
}

func hashWith(pin string, memory, time uint32, threads uint8) (Hash, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return Hash{}, fmt.Errorf("staff: pin salt: %w", err)
	}
	h := Hash{kind: "argon2id", memory: memory, time: time, threads: threads, salt: salt}
	h.derived = argon2.IDKey([]byte(pin), salt, time, memory, threads, argonKeyLen)
	return h, nil
}

// ParseHash parses the String form of a Hash (argon2id, or the older PBKDF2 form).
func ParseHash(s string) (Hash, error) {
	if strings.HasPrefix(s, "$argon2id$") {
		return parseArgon(s)
	}
	if strings.HasPrefix(s, "pbkdf2-sha256$") {
		return parsePBKDF2(s)
	}
	return Hash{}, fmt.Errorf("%w: neither $argon2id$ nor pbkdf2-sha256$", ErrBadHash)
}

func parseArgon(s string) (Hash, error) {
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[2] != "v=19" {
		return Hash{}, fmt.Errorf("%w: argon2id needs $argon2id$v=19$m=,t=,p=$salt$hash", ErrBadHash)
	}
	var m, t, p uint64
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return Hash{}, fmt.Errorf("%w: argon2id parameter %q", ErrBadHash, kv)
		}
		switch k {
		case "m":
			m = n
		case "t":
			t = n
		case "p":
			p = n
		default:
			return Hash{}, fmt.Errorf("%w: argon2id parameter %q", ErrBadHash, kv)
		}
	}
	if m < 8*p || m > maxArgonMemoryKiB || t < 1 || t > maxArgonTime || p < 1 || p > maxArgonThreads {
		return Hash{}, fmt.Errorf("%w: argon2id parameters m=%d,t=%d,p=%d out of range", ErrBadHash, m, t, p)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	derived, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(derived) < 16 || len(derived) > 64 {
		return Hash{}, fmt.Errorf("%w: argon2id salt or hash", ErrBadHash)
	}
	return Hash{kind: "argon2id", memory: uint32(m), time: uint32(t), threads: uint8(p), salt: salt, derived: derived}, nil
}

func parsePBKDF2(s string) (Hash, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 4 {
		return Hash{}, fmt.Errorf("%w: pbkdf2-sha256 needs 4 fields", ErrBadHash)
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1000 || iter > 10_000_000 {
		return Hash{}, fmt.Errorf("%w: pbkdf2-sha256 iterations", ErrBadHash)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[2])
	derived, err2 := base64.RawStdEncoding.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(derived) != 32 {
		return Hash{}, fmt.Errorf("%w: pbkdf2-sha256 salt or hash", ErrBadHash)
	}
	return Hash{kind: "pbkdf2-sha256", iter: iter, salt: salt, derived: derived}, nil
}

// String returns the storable form.
func (h Hash) String() string {
	b64 := base64.RawStdEncoding.EncodeToString
	switch h.kind {
	case "argon2id":
		return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", h.memory, h.time, h.threads, b64(h.salt), b64(h.derived))
	case "pbkdf2-sha256":
		return fmt.Sprintf("pbkdf2-sha256$%d$%s$%s", h.iter, b64(h.salt), b64(h.derived))
	}
	return ""
}

// IsZero reports whether h holds no hash (Verify is then always false).
func (h Hash) IsZero() bool { return len(h.derived) == 0 }

// Legacy reports whether h is the older PBKDF2 form, kept only so an upgraded
// kiosk still opens; new hashes should replace it.
func (h Hash) Legacy() bool { return h.kind == "pbkdf2-sha256" }

// Verify reports whether pin matches, comparing in constant time.
func (h Hash) Verify(pin string) bool {
	var got []byte
	switch h.kind {
	case "argon2id":
		got = argon2.IDKey([]byte(pin), h.salt, h.time, h.memory, h.threads, uint32(len(h.derived)))
	case "pbkdf2-sha256":
		var err error
		if got, err = pbkdf2.Key(sha256.New, pin, h.salt, h.iter, len(h.derived)); err != nil {
			return false
		}
	default:
		return false
	}
	return subtle.ConstantTimeCompare(got, h.derived) == 1
}
