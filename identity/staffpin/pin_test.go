package staffpin

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// cheapHash hashes pin with argon2id at the least cost, so tests that sign in
// many times stay quick; the parameters travel in the hash, as in real use.
func cheapHash(t testing.TB, pin string) Hash {
	t.Helper()
	h, err := hashWith(pin, 64, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// pbkdf2For makes a staff_pin_hash for pin the way the kiosk made them before
// staff accounts existed (shell.HashPIN: PBKDF2-SHA256, 200000 rounds).
func pbkdf2For(t testing.TB, pin string) string {
	t.Helper()
	salt := []byte("sixteen byte salt")[:16]
	k, err := pbkdf2.Key(sha256.New, pin, salt, 200_000, 32)
	if err != nil {
		t.Fatal(err)
	}
	return "pbkdf2-sha256$200000$" + base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(k)
}

func TestHashPIN(t *testing.T) {
	h, err := HashPIN("482613")
	if err != nil {
		t.Fatal(err)
	}
	s := h.String()
	if !strings.HasPrefix(s, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with the documented cost", s)
	}
	if strings.Contains(s, "482613") {
		t.Fatal("the hash holds the PIN")
	}
	p, err := ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Verify("482613") || p.Verify("482614") || p.Verify("") || p.Legacy() {
		t.Fatal("a parsed hash does not verify as the original")
	}
	h2, _ := HashPIN("482613")
	if h2.String() == s {
		t.Fatal("two hashes of one PIN are equal: no fresh salt")
	}
	for _, weak := range []string{"", "12345", "12345a", "١٢٣٤٥٦", strings.Repeat("1", 33)} {
		if _, err := HashPIN(weak); !errors.Is(err, ErrWeakPIN) {
			t.Errorf("HashPIN(%q) = %v, want ErrWeakPIN", weak, err)
		}
	}
}

func TestParseHashKeepsTheOldPBKDF2Form(t *testing.T) {
	// Made the way shell.HashPIN made staff_pin_hash before accounts existed.
	old := pbkdf2For(t, "4826")
	h, err := ParseHash(old)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Legacy() || !h.Verify("4826") || h.Verify("4827") || h.String() != old {
		t.Fatalf("legacy hash: legacy %v, round trip %q", h.Legacy(), h.String())
	}
}

func TestParseHashRefuses(t *testing.T) {
	good := cheapHash(t, "123456").String()
	parts := strings.Split(good, "$")
	for name, s := range map[string]string{
		"empty":              "",
		"bcrypt":             "$2a$10$abcdefghijklmnopqrstuv",
		"argon2i":            strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":        strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":        "$argon2id$v=19$m=4194304,t=2,p=1$" + parts[4] + "$" + parts[5],
		"many passes":        "$argon2id$v=19$m=64,t=1000,p=1$" + parts[4] + "$" + parts[5],
		"no passes":          "$argon2id$v=19$m=64,t=0,p=1$" + parts[4] + "$" + parts[5],
		"unknown parameter":  "$argon2id$v=19$m=64,t=1,x=1$" + parts[4] + "$" + parts[5],
		"short salt":         "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + parts[5],
		"not base64":         "$argon2id$v=19$m=64,t=1,p=1$!!!!$" + parts[5],
		"missing hash":       "$argon2id$v=19$m=64,t=1,p=1$" + parts[4],
		"pbkdf2 few rounds":  "pbkdf2-sha256$10$c2FsdHNhbHQ$" + strings.Repeat("A", 43),
		"pbkdf2 short hash":  "pbkdf2-sha256$200000$c2FsdHNhbHQ$AAAA",
		"pbkdf2 extra field": pbkdf2For(t, "4826") + "$x",
	} {
		if _, err := ParseHash(s); !errors.Is(err, ErrBadHash) {
			t.Errorf("%s: ParseHash(%q) = %v, want ErrBadHash", name, s, err)
		}
	}
}

func FuzzParseHash(f *testing.F) {
	h, _ := hashWith("123456", 64, 1, 1)
	f.Add(h.String())
	f.Add("pbkdf2-sha256$200000$c2FsdHNhbHQ$" + strings.Repeat("A", 43))
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHash(s)
		if err != nil {
			return
		}
		// Whatever parses is within the cost limits and prints back to itself.
		if h.kind == "argon2id" && (h.memory > maxArgonMemoryKiB || h.time > maxArgonTime || h.threads > maxArgonThreads) {
			t.Fatalf("%q parsed beyond the limits: %+v", s, h)
		}
		again, err := ParseHash(h.String())
		if err != nil || again.String() != h.String() {
			t.Fatalf("%q: round trip %q: %v", s, h.String(), err)
		}
	})
}
