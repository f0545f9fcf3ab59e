package outbox

import (
	"bytes"
	"fmt"
	"testing"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// TestDamagedRecordQuarantined changes one byte of one stored record and checks that
// the rest of the outbox, and every request accepted afterwards, is still delivered,
// that the damaged record is never handed out but kept raw, and that Stats says so.
// Before quarantine, every Lease failed on the damaged record.
func TestDamagedRecordQuarantined(t *testing.T) {
	const n, victim, after = 50, 17, 100
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	tests := []struct {
		name   string
		damage func(t *testing.T, path string, r Record) (*Store, []byte)
	}{
		{"one byte changed in the file while the kiosk was off", func(t *testing.T, path string, r Record) (*Store, []byte) {
			b := read(t, path)
			raw := rawRecord(t, b, path, r)
			i := bytes.Index(raw, fmt.Appendf(nil, `"id":"%s"`, r.ID))
			if i < 0 {
				t.Fatalf("record %s has no ID", r.ID)
			}
			raw[i+4] = 'X' // the colon after "id": no longer JSON
			write(t, path, b)
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			return s, raw
		}},
		{"one byte changed while the kiosk runs", func(t *testing.T, path string, r Record) (*Store, []byte) {
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			var raw []byte
			err = s.db.Update(func(tx *bolt.Tx) error {
				raw = bytes.Clone(tx.Bucket(bucketRecords).Get([]byte(r.Ref)))
				raw[4] ^= 0xff // the JSON's opening brace
				return tx.Bucket(bucketRecords).Put([]byte(r.Ref), raw)
			})
			if err != nil {
				t.Fatal(err)
			}
			return s, raw
		}},
	}
	// Without an integrity check, a changed byte of the sealed payload went out
	// unnoticed, and central could not open it.
	payloadFlip := func(off func(raw []byte) int) func(t *testing.T, path string, r Record) (*Store, []byte) {
		return func(t *testing.T, path string, r Record) (*Store, []byte) {
			b := read(t, path)
			raw := rawRecord(t, b, path, r)
			raw[off(raw)] ^= 0x01
			write(t, path, b)
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			return s, raw
		}
	}
	tests = append(tests, []struct {
		name   string
		damage func(t *testing.T, path string, r Record) (*Store, []byte)
	}{
		{"one bit of the sealed payload changed in the file", payloadFlip(func(raw []byte) int { return len(raw) - 10 })},
		{"one bit of the stored metadata changed, still JSON", payloadFlip(func(raw []byte) int {
			return bytes.Index(raw, []byte(`"kind":"registration"`)) + 9
		})},
		{"one bit of the integrity check changed", payloadFlip(func(raw []byte) int { return 5 })},
		{"one bit of the sealed payload changed while the kiosk runs", func(t *testing.T, path string, r Record) (*Store, []byte) {
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			var raw []byte
			err = s.db.Update(func(tx *bolt.Tx) error {
				raw = bytes.Clone(tx.Bucket(bucketRecords).Get([]byte(r.Ref)))
				raw[len(raw)-10] ^= 0x01
				return tx.Bucket(bucketRecords).Put([]byte(r.Ref), raw)
			})
			if err != nil {
				t.Fatal(err)
			}
			return s, raw
		}},
	}...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, recs := fillStore(t, opts, n)
			s, raw := tt.damage(t, path, recs[victim])
			defer s.Close()

			delivered := map[string]bool{}
			deliver := func() {
				t.Helper()
				for {
					leased, err := s.Lease(20, 60e9)
					if err != nil {
						t.Fatalf("Lease after damage: %v", err)
					}
					if len(leased) == 0 {
						return
					}
					var ids []string
					for _, r := range leased {
						if r.ID == recs[victim].ID {
							t.Fatalf("damaged record %s handed out for sending", r.ID)
						}
						ids = append(ids, r.ID)
						delivered[r.ID] = true
					}
					if err := s.MarkDelivered(ids...); err != nil {
						t.Fatal(err)
					}
				}
			}
			deliver()
			for range after {
				mustEnqueue(t, s, "registration", "synthetic after damage")
			}
			deliver()
			t.Logf("delivered after damage: %d of %d intact records", len(delivered), n-1+after)
			if len(delivered) != n-1+after {
				t.Fatalf("delivered %d records, want %d", len(delivered), n-1+after)
			}
			for i, r := range recs {
				if i != victim && !delivered[r.ID] {
					t.Fatalf("intact record %d not delivered", i)
				}
			}
			st, err := s.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if st.Quarantined != 1 || st.Undelivered() != 0 || st.Bytes != 0 {
				t.Fatalf("Stats = %+v, want 1 quarantined and nothing owed", st)
			}
			q, err := s.Quarantined()
			if err != nil {
				t.Fatal(err)
			}
			if len(q) != 1 || q[0].Key != recs[victim].Ref || !bytes.Equal(q[0].Raw, raw) || q[0].Reason == "" {
				t.Fatalf("Quarantined = %+v, want the raw record %s", q, recs[victim].Ref)
			}
			assertConsistent(t, s)
		})
	}
}

// rawRecord returns the live stored value of r within file, the bytes of the outbox
// at its path. bbolt copies pages on write, so stale copies of a record may remain in
// free pages: the live one is found through bbolt's own memory map of the file.
func rawRecord(t *testing.T, file []byte, path string, r Record) []byte {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	off, n := -1, 0
	err = db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRecords).Get([]byte(r.Ref))
		off, n = int(uintptr(unsafe.Pointer(&v[0]))-db.Info().Data), len(v)
		return nil
	})
	if err != nil || off < 0 || off+n > len(file) {
		t.Fatalf("record %s not found in the file: %v", r.ID, err)
	}
	return file[off : off+n]
}
