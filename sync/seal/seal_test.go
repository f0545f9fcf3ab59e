package seal

import (
	"bytes"
	"errors"
	"fmt"
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
		s, err := k.Public().NewSealerWith(SealerOptions{Ahead: ahead, EpochRecords: 3})
		if err != nil {
			t.Fatal(err)
		}
		encs := map[string]int{}
		for i := range 10 {
			rec := string(rune('A' + i))
			sealed, err := s.Seal(rec, "registration", []byte("synthetic "+rec))
			if err != nil {
				t.Fatal(err)
			}
			if len(sealed) != len("synthetic "+rec)+Overhead {
				t.Fatalf("ahead %d: sealed %d bytes, want plaintext + Overhead", ahead, len(sealed))
			}
			encs[string(sealed[1:1+encLen])]++
			if pt, err := Open(k, rec, "registration", sealed); err != nil || string(pt) != "synthetic "+rec {
				t.Fatalf("ahead %d: Open = %q, %v", ahead, pt, err)
			}
			if _, err := Open(k, "other", "registration", sealed); !errors.Is(err, ErrOpen) {
				t.Fatalf("ahead %d: opened as another record: %v", ahead, err)
			}
		}
		// 10 payloads in epochs of 3: 3+3+3+1, each epoch with its own encapsulation.
		if len(encs) != 4 {
			t.Fatalf("ahead %d: %d encapsulations for 10 payloads in epochs of 3, want 4: %v", ahead, len(encs), encs)
		}
		for _, n := range encs {
			if n > 3 {
				t.Fatalf("ahead %d: an epoch sealed %d payloads, more than 3", ahead, n)
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

// epochOf returns the encapsulation a version-2 payload was sealed under.
func epochOf(sealed []byte) string { return string(sealed[1 : 1+encLen]) }

func TestEpochEnds(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	now := notAfter.Add(-48 * time.Hour)
	clock := func() time.Time { return now }
	seal := func(s *Sealer, rec string) []byte {
		t.Helper()
		b, err := s.Seal(rec, "activation", []byte("synthetic"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name    string
		between func(s *Sealer) *Sealer // runs between two payloads; returns the Sealer for the second
		fresh   bool
	}{
		{"when nothing happens, shares the epoch", func(s *Sealer) *Sealer { return s }, false},
		{"when less than the age passes, shares the epoch", func(s *Sealer) *Sealer { now = now.Add(59 * time.Minute); return s }, false},
		{"when the age passes, starts a new epoch", func(s *Sealer) *Sealer { now = now.Add(time.Hour); return s }, true},
		{"when the clock goes back, starts a new epoch", func(s *Sealer) *Sealer { now = now.Add(-2 * time.Minute); return s }, true},
		{"when the record count is reached, starts a new epoch", func(s *Sealer) *Sealer {
			for i := range 9 { // with rec-1, the epoch's 10 payloads
				seal(s, fmt.Sprint("fill-", i))
			}
			return s
		}, true},
		{"when the kiosk restarts (new Sealer), starts a new epoch", func(s *Sealer) *Sealer {
			s.Close()
			s2, err := k.Public().NewSealerWith(SealerOptions{EpochRecords: 10, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			return s2
		}, true},
		{"when closed, starts a new epoch", func(s *Sealer) *Sealer { s.Close(); return s }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := k.Public().NewSealerWith(SealerOptions{EpochRecords: 10, Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			a := seal(s, "rec-1")
			s2 := tt.between(s)
			defer s2.Close()
			b := seal(s2, "rec-2")
			if fresh := epochOf(a) != epochOf(b); fresh != tt.fresh {
				t.Fatalf("new epoch = %v, want %v", fresh, tt.fresh)
			}
			for rec, sealed := range map[string][]byte{"rec-1": a, "rec-2": b} {
				if _, err := Open(k, rec, "activation", sealed); err != nil {
					t.Fatalf("Open %s = %v", rec, err)
				}
			}
		})
	}
}

// TestEpochBindsRecords checks that payloads sharing an epoch cannot be swapped,
// renamed, re-kinded or re-sequenced.
func TestEpochBindsRecords(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	s, err := k.Public().NewSealer(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Seal("rec-A", "activation", []byte("synthetic A"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Seal("rec-B", "activation", []byte("synthetic B"))
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Seal("rec-A", "activation", []byte("synthetic A2"))
	if err != nil {
		t.Fatal(err)
	}
	if epochOf(a) != epochOf(b) || epochOf(a) != epochOf(again) {
		t.Fatal("payloads of one Sealer are not in one epoch")
	}
	// Same record sealed twice in an epoch: distinct keys, so distinct ciphertexts of
	// the same length (a repeated key with the fixed nonce would XOR to the plaintexts').
	if bytes.Equal(a[Overhead-16:Overhead-16+10], again[Overhead-16:Overhead-16+10]) {
		t.Fatal("the same record sealed twice reused a keystream")
	}
	withSeq := func(p []byte, seq byte) []byte {
		p = bytes.Clone(p)
		p[1+encLen+seqLen-1] = seq
		return p
	}
	// b's body under a's header (enc, seq): a splice across records.
	spliced := append(bytes.Clone(a[:1+encLen+seqLen]), b[1+encLen+seqLen:]...)
	tests := []struct {
		name, record, kind string
		sealed             []byte
	}{
		{"when A is opened as B of the same epoch, fails", "rec-B", "activation", a},
		{"when B is opened as A of the same epoch, fails", "rec-A", "activation", b},
		{"when opened as another kind, fails", "rec-A", "registration", a},
		{"when the sequence number is changed, fails", "rec-A", "activation", withSeq(a, 1)},
		{"when B's sequence number is given to A, fails", "rec-A", "activation", withSeq(b, 0)},
		{"when B's ciphertext is spliced under A's header, fails", "rec-B", "activation", spliced},
		{"when relabelled version 1, fails", "rec-A", "activation", append([]byte{version1}, a[1:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if pt, err := Open(k, tt.record, tt.kind, tt.sealed); !errors.Is(err, ErrOpen) {
				t.Fatalf("Open = %q, %v; want ErrOpen", pt, err)
			}
		})
	}
	for rec, p := range map[string][]byte{"rec-A": a, "rec-B": b} {
		if _, err := Open(k, rec, "activation", p); err != nil {
			t.Fatalf("Open %s after the failed attempts = %v", rec, err)
		}
	}
}

func TestOpenVersion1(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	sealed, err := k.Public().sealV1("rec-1", "registration", []byte("synthetic"))
	if err != nil {
		t.Fatal(err)
	}
	if sealed[0] != version1 {
		t.Fatalf("version byte %d", sealed[0])
	}
	if pt, err := Open(k, "rec-1", "registration", sealed); err != nil || string(pt) != "synthetic" {
		t.Fatalf("Open v1 = %q, %v", pt, err)
	}
	for _, tt := range []struct{ record, kind string }{{"rec-2", "registration"}, {"rec-1", "activation"}} {
		if _, err := Open(k, tt.record, tt.kind, sealed); !errors.Is(err, ErrOpen) {
			t.Fatalf("v1 opened as %s/%s: %v", tt.record, tt.kind, err)
		}
	}
	if _, err := Open(k, "rec-1", "registration", append([]byte{version2}, sealed[1:]...)); !errors.Is(err, ErrOpen) {
		t.Fatalf("v1 relabelled version 2 opened: %v", err)
	}
}

func TestEpochCacheBounded(t *testing.T) {
	k := MustGenerateKey(t, "k1")
	k.epochs = newEpochCache(2)
	var sealed [][]byte
	for i := range 3 {
		b, err := k.Public().Seal(fmt.Sprint("rec-", i), "activation", []byte("synthetic"))
		if err != nil {
			t.Fatal(err)
		}
		sealed = append(sealed, b)
	}
	garbage := bytes.Clone(sealed[0])
	garbage[5] ^= 1
	for round := range 2 {
		for i, b := range sealed {
			if _, err := Open(k, fmt.Sprint("rec-", i), "activation", b); err != nil {
				t.Fatalf("round %d: Open %d = %v", round, i, err)
			}
			if _, err := Open(k, "rec-0", "activation", garbage); !errors.Is(err, ErrOpen) {
				t.Fatalf("tampered encapsulation opened: %v", err)
			}
			if n := k.epochs.len(); n > 2 {
				t.Fatalf("cache holds %d epochs, bound 2", n)
			}
		}
	}
}

// BenchmarkOpen opens 2 KB payloads as central does: baseline is format version 1
// (one KEM decapsulation per payload, as before epochs), epoch is version 2 from
// one Sealer (one decapsulation per 1,000 payloads).
func BenchmarkOpen(b *testing.B) {
	k := MustGenerateKey(b, "k1")
	p := make([]byte, 2048)
	s, err := k.Public().NewSealer(0)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, tt := range []struct {
		name string
		seal func(id string) ([]byte, error)
	}{
		{"baseline", func(id string) ([]byte, error) { return k.Public().sealV1(id, "registration", p) }},
		{"epoch", func(id string) ([]byte, error) { return s.Seal(id, "registration", p) }},
	} {
		b.Run(tt.name, func(b *testing.B) {
			ids := make([]string, 1000)
			sealed := make([][]byte, len(ids))
			for i := range ids {
				ids[i] = fmt.Sprint("rec-", i)
				if sealed[i], err = tt.seal(ids[i]); err != nil {
					b.Fatal(err)
				}
			}
			i := 0
			for b.Loop() {
				if _, err := Open(k, ids[i%len(ids)], "registration", sealed[i%len(ids)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkSeal seals a 2 KB payload: baseline with a fresh encapsulation each
// time (PublicKey.Seal), epoch with a Sealer's shared epoch context.
func BenchmarkSeal(b *testing.B) {
	k := MustGenerateKey(b, "k1")
	p := make([]byte, 2048)
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			if _, err := k.Public().Seal("rec", "registration", p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("epoch", func(b *testing.B) {
		s, err := k.Public().NewSealer(0)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		for b.Loop() {
			if _, err := s.Seal("rec", "registration", p); err != nil {
				b.Fatal(err)
			}
		}
	})
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
	v1, err := k.Public().sealV1("rec", "kind", []byte("payload"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, "rec", "kind")
	f.Add(v1, "rec", "kind")
	f.Add(sealed[:Overhead-1], "rec", "kind")
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
