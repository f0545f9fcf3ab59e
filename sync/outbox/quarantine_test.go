package outbox

import (
	"bytes"
	"fmt"
	"testing"

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
			i := bytes.Index(b, fmt.Appendf(nil, `"id":"%s"`, r.ID))
			if i < 0 || bytes.Index(b[i+1:], fmt.Appendf(nil, `"id":"%s"`, r.ID)) >= 0 {
				t.Fatalf("record %s found %d", r.ID, i)
			}
			b[i+4] = 'X' // the colon after "id": no longer JSON
			write(t, path, b)
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			return s, rawRecord(t, b, r)
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

// rawRecord finds, in a file's bytes, the stored value of r: from its 4-byte length
// prefix to the end of its sealed payload.
func rawRecord(t *testing.T, file []byte, r Record) []byte {
	t.Helper()
	enc, err := encodeRecord(&r)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(file, enc[:12]) // length prefix and `{"v":1,"id"`
	for ; i >= 0; i = bytes.Index(file[i+1:], enc[:12]) + i + 1 {
		if bytes.Equal(file[i+len(enc)-len(r.Sealed):i+len(enc)], r.Sealed) {
			return file[i : i+len(enc)]
		}
	}
	t.Fatalf("record %s not found in the file", r.ID)
	return nil
}
