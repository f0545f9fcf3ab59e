package outbox

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/seal"
)

// luhnID returns a 10-digit synthetic identity number starting with first whose last
// digit is a valid Luhn check digit, as real national ID and iqama numbers have.
func luhnID(first byte, body string) string {
	s := string(first) + body // 9 digits
	sum := 0
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if (len(s)-1-i)%2 == 0 { // doubled positions, counting from the check digit
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return s + fmt.Sprint((10-sum%10)%10)
}

// TestRawFileHoldsNoPersonalData enqueues synthetic personal data, drives the records
// through every state, and searches the raw bbolt file, and every other file beside
// it, for each personal string.
func TestRawFileHoldsNoPersonalData(t *testing.T) {
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	dir := t.TempDir()
	path := filepath.Join(dir, "outbox.db")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	personal := []string{
		"Test Resident Alpha", "مقيم تجريبي", "Test Citizen Beta", luhnID('1', "23456789"), luhnID('2', "98765432"),
		"0551234567", "+966551234567", "test.resident@example.com", "1410-05-12", "TestUser2026", "Pa$$w0rd!Test",
		"4111111111111111", "King Fahd Road 1234, Riyadh",
	}
	var ids []string
	for i, p := range personal {
		payload, _ := json.Marshal(map[string]string{"field": p, "note": "synthetic test data"})
		r, err := s.Enqueue(Request{Kind: []string{"registration", "activation", "mobile_change"}[i%3], Payload: payload,
			Meta: map[string]string{"service": "registration", "sms_expected": "true"}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	scan := func(stage string) {
		t.Helper()
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range personal {
				for _, form := range [][]byte{[]byte(p), []byte(strings.ToLower(p)), utf16le(p), []byte(base64.StdEncoding.EncodeToString([]byte(p)))} {
					if bytes.Contains(raw, form) {
						t.Errorf("%s: %s contains personal string %q", stage, filepath.Base(f), p)
					}
				}
			}
		}
	}
	scan("after enqueue")

	if _, err := s.Lease(5, time.Minute); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:3] {
		if err := s.MarkRejected(id, "ID_MISMATCH", "identity check failed"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.MarkDelivered(ids[3:8]...); err != nil {
		t.Fatal(err)
	}
	clock.Advance(31 * 24 * time.Hour)
	if _, err := s.Purge(); err != nil {
		t.Fatal(err)
	}
	scan("after lease, reject, deliver, purge")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	scan("after close")

	// The scan must be able to fail: the same strings are found in a bbolt file that
	// holds them in clear.
	plain := filepath.Join(t.TempDir(), "plain.db")
	db, err := bolt.Open(plain, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("b"))
		return b.Put([]byte("k"), []byte(strings.Join(personal, "|")))
	})
	db.Close()
	raw, _ := os.ReadFile(plain)
	if !bytes.Contains(raw, []byte(personal[1])) {
		t.Fatal("the scan cannot see clear text in a bbolt file")
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xffff {
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// TestSealedPayloadIsBoundToItsRecord moves one record's sealed payload into another
// record's slot, as an attacker with the file could; it must not open as that record.
func TestSealedPayloadIsBoundToItsRecord(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	s := MustOpen(t, opts)
	a := mustEnqueue(t, s, "registration", `{"name":"Test Resident A"}`)
	b := mustEnqueue(t, s, "registration", `{"name":"Test Resident B"}`)
	c := mustEnqueue(t, s, "activation", `{"name":"Test Resident C"}`)

	if _, err := seal.Open(k, b.ID, b.Kind, a.Sealed); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("A's payload opened as B: %v", err)
	}
	if _, err := seal.Open(k, a.ID, c.Kind, a.Sealed); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("A's payload opened as another kind: %v", err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		r, err := load(tx, b.ID)
		if err != nil {
			return err
		}
		r.Sealed = a.Sealed
		return save(tx, &r, r.State)
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pt, err := seal.Open(k, got.ID, got.Kind, got.Sealed); !errors.Is(err, seal.ErrOpen) {
		t.Fatalf("swapped payload opened as record B: %q, %v", pt, err)
	}
	if pt, err := seal.Open(k, a.ID, a.Kind, got.Sealed); err != nil || !strings.Contains(string(pt), "Resident A") {
		t.Fatalf("the payload should still open as A: %v", err)
	}
}
