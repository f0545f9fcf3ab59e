package seal

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

var notAfter = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// MustGenerateKey returns a fresh key named id, failing the test on error.
func MustGenerateKey(t testing.TB, id string) *PrivateKey {
	t.Helper()
	k, err := GenerateKey(id, notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	k := MustGenerateKey(t, "central-2026-01")
	payload := []byte(`{"name":"Test Resident","id_number":"2000000008"}`)
	sealed, err := k.Public().Seal("rec-1", "registration", payload)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("Test Resident")) {
		t.Fatal("sealed bytes contain the plaintext")
	}
	if len(sealed) != len(payload)+Overhead {
		t.Fatalf("sealed %d bytes, want %d + Overhead %d", len(sealed), len(payload), Overhead)
	}
	got, err := Open(k, "rec-1", "registration", sealed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, payload) {
		t.Fatalf("opened %q, want %q", got, payload)
	}
}

func TestOpenRefusesMismatch(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	other := MustGenerateKey(t, "k2")
	sameIDOtherKey := MustGenerateKey(t, "k1")
	sealed, err := k.Public().Seal("rec-A", "activation", []byte("synthetic payload"))
	if err != nil {
		t.Fatal(err)
	}
	tampered := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	tests := []struct {
		name   string
		key    *PrivateKey
		record string
		kind   string
		sealed []byte
	}{
		{"when opened as another record, fails", k, "rec-B", "activation", sealed},
		{"when opened as another kind, fails", k, "rec-A", "registration", sealed},
		{"when opened with another key, fails", other, "rec-A", "activation", sealed},
		{"when opened with another key of the same ID, fails", sameIDOtherKey, "rec-A", "activation", sealed},
		{"when fields shift across the boundary, fails", k, "rec-Aa", "ctivation", sealed},
		{"when the version byte is changed, fails", k, "rec-A", "activation", tampered(0)},
		{"when the encapsulated key is changed, fails", k, "rec-A", "activation", tampered(10)},
		{"when the ciphertext is changed, fails", k, "rec-A", "activation", tampered(len(sealed) - 20)},
		{"when the tag is changed, fails", k, "rec-A", "activation", tampered(len(sealed) - 1)},
		{"when truncated, fails", k, "rec-A", "activation", sealed[:len(sealed)-1]},
		{"when empty, fails", k, "rec-A", "activation", nil},
		{"when the key is nil, fails", nil, "rec-A", "activation", sealed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Open(tt.key, tt.record, tt.kind, tt.sealed)
			if !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %q, %v; want ErrOpen", got, err)
			}
		})
	}
}

func TestInfoIsUnambiguous(t *testing.T) {
	a := aad("a|b", "c")
	b := aad("a", "b|c")
	if bytes.Equal(a, b) {
		t.Fatal("different (record, kind) tuples encode to the same info")
	}
	if bytes.Equal(aad("ab", ""), aad("a", "b")) {
		t.Fatal("moving a byte across fields gives the same info")
	}
}

func TestSealer(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	for _, ahead := range []int{0, 4} {
		s, err := k.Public().NewSealer(ahead)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i := range 10 {
			rec := string(rune('A' + i))
			sealed, err := s.Seal(rec, "registration", []byte("synthetic "+rec))
			if err != nil {
				t.Fatal(err)
			}
			enc := string(sealed[1 : 1+encLen])
			if seen[enc] {
				t.Fatalf("ahead %d: an encapsulation was used twice", ahead)
			}
			seen[enc] = true
			if pt, err := Open(k, rec, "registration", sealed); err != nil || string(pt) != "synthetic "+rec {
				t.Fatalf("ahead %d: Open = %q, %v", ahead, pt, err)
			}
			if _, err := Open(k, "other", "registration", sealed); !errors.Is(err, ErrOpen) {
				t.Fatalf("ahead %d: opened as another record: %v", ahead, err)
			}
		}
		s.Close()
		if _, err := s.Seal("after-close", "registration", []byte("x")); err != nil {
			t.Fatalf("Seal after Close = %v", err)
		}
		s.Close()
	}
	if _, err := (PublicKey{ID: "k"}).NewSealer(1); !errors.Is(err, ErrKey) {
		t.Fatalf("NewSealer with no key bytes = %v", err)
	}
}

func BenchmarkSeal(b *testing.B) {
	k := MustGenerateKey(b, "k1")
	p := make([]byte, 2048)
	for b.Loop() {
		if _, err := k.Public().Seal("rec", "registration", p); err != nil {
			b.Fatal(err)
		}
	}
}

func TestValid(t *testing.T) {
	pub := MustGenerateKey(t, "k1").Public()
	tests := []struct {
		name string
		key  PublicKey
		now  time.Time
		want error
	}{
		{"when before NotAfter, is valid", pub, notAfter.Add(-time.Hour), nil},
		{"when at NotAfter, is valid", pub, notAfter, nil},
		{"when after NotAfter, is expired", pub, notAfter.Add(time.Second), ErrExpired},
		{"when the key bytes are short, is invalid", PublicKey{ID: "k1", NotAfter: notAfter, Key: pub.Key[:10]}, notAfter, ErrKey},
		{"when the ID is empty, is invalid", PublicKey{NotAfter: notAfter, Key: pub.Key}, notAfter, ErrKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.key.Valid(tt.now); !errors.Is(err, tt.want) {
				t.Fatalf("Valid = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSealRefusesBadKey(t *testing.T) {
	if _, err := (PublicKey{ID: "k", Key: []byte("short")}).Seal("r", "k", []byte("x")); !errors.Is(err, ErrKey) {
		t.Fatalf("Seal with a malformed key = %v, want ErrKey", err)
	}
}

func TestPrivateKeyMarshalRoundTrip(t *testing.T) {
	k := MustGenerateKey(t, "central-2026-01")
	b, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	k2, err := ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	if k2.ID() != k.ID() || !k2.Public().NotAfter.Equal(notAfter) || !bytes.Equal(k2.Public().Key, k.Public().Key) {
		t.Fatalf("parsed key differs: %+v vs %+v", k2.Public(), k.Public())
	}
	sealed, err := k.Public().Seal("r", "kind", []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(k2, "r", "kind", sealed); err != nil {
		t.Fatalf("parsed key cannot open: %v", err)
	}
	for i := range len(b) {
		if _, err := ParsePrivateKey(b[:i]); !errors.Is(err, ErrKey) {
			t.Fatalf("ParsePrivateKey(truncated to %d) = %v, want ErrKey", i, err)
		}
	}
	if _, err := ParsePrivateKey(append(bytes.Clone(b), 0)); !errors.Is(err, ErrKey) {
		t.Fatalf("ParsePrivateKey(trailing byte) = %v, want ErrKey", err)
	}
}

func FuzzOpen(f *testing.F) {
	k, err := GenerateKey("fuzz", notAfter)
	if err != nil {
		f.Fatal(err)
	}
	sealed, err := k.Public().Seal("rec", "kind", []byte("payload"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, "rec", "kind")
	f.Add([]byte{}, "", "")
	f.Add([]byte{1}, "rec", "kind")
	f.Add(sealed[:40], "rec", "kind")
	f.Fuzz(func(t *testing.T, b []byte, record, kind string) {
		pt, err := Open(k, record, kind, b)
		if err == nil && (record != "rec" || kind != "kind" || !bytes.Equal(pt, []byte("payload"))) {
			t.Fatalf("Open accepted forged input for %q/%q: %q", record, kind, pt)
		}
		if err != nil && !errors.Is(err, ErrOpen) {
			t.Fatalf("Open error %v is not ErrOpen", err)
		}
	})
}

func FuzzParsePrivateKey(f *testing.F) {
	k, err := GenerateKey("fuzz", notAfter)
	if err != nil {
		f.Fatal(err)
	}
	b, err := k.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(keyMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ParsePrivateKey(b)
		if err != nil {
			if !errors.Is(err, ErrKey) {
				t.Fatalf("error %v is not ErrKey", err)
			}
			return
		}
		if _, err := k.MarshalBinary(); err != nil {
			t.Fatalf("parsed key does not marshal: %v", err)
		}
	})
}
