package outbox

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// benchPayload is a synthetic registration request of about 2 KB.
func benchPayload(b testing.TB) []byte {
	p, err := json.Marshal(map[string]string{
		"type": "resident", "id_number": "2000000008", "dob": "1990-01-31", "name": "Test Resident",
		"mobile": "+966500000000", "email": "test.resident@example.com", "username": "TestUser2026",
		"lang": "ar", "pledge": "accepted", "photo_hash": strings.Repeat("0f", 32),
	})
	if err != nil {
		b.Fatal(err)
	}
	pad := 2048 - len(p) - len(`,"pad":""`)
	p = append(p[:len(p)-1], `,"pad":"`+strings.Repeat("x", pad)+`"}`...)
	if len(p) != 2048 {
		b.Fatalf("payload is %d bytes", len(p))
	}
	return p
}

// runCallers runs op b.N times from callers goroutines and reports the p50 and p99
// latency of one op.
func runCallers(b *testing.B, callers int, op func() error) {
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	b.ResetTimer()
	for range callers {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				start := time.Now()
				if err := op(); err != nil {
					errs <- err
					return
				}
				lat[i] = time.Since(start)
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkEnqueue compares Enqueue of a 2 KB registration — validation, HPKE
// sealing, record, indexes, counters, one fsync'd commit — with the baseline: a raw
// bbolt Put of the same 2 KB under a UUID key, committed (and fsync'd) by db.Update,
// measured in the same run.
func BenchmarkEnqueue(b *testing.B) {
	payload := benchPayload(b)
	k := MustGenerateKey(b)
	for _, c := range []struct {
		name    string
		callers int
	}{{"serial", 1}, {"parallel16", 16}} {
		b.Run(c.name+"/baseline", func(b *testing.B) {
			db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			bucket := []byte("records")
			if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucket); return err }); err != nil {
				b.Fatal(err)
			}
			var ids idGen
			b.SetBytes(int64(len(payload)))
			runCallers(b, c.callers, func() error {
				key := []byte(ids.next(time.Now(), 0))
				return db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, payload) })
			})
		})
		b.Run(c.name+"/sealed", func(b *testing.B) {
			opts, _ := testOptions(k)
			opts.Now, opts.MaxRecords, opts.MaxBytes = func() time.Time { return t0 }, 1<<30, 1<<40
			s := MustOpen(b, opts)
			req := Request{Kind: "registration", Payload: payload, Meta: map[string]string{"service": "registration"}}
			b.SetBytes(int64(len(payload)))
			runCallers(b, c.callers, func() error {
				_, err := s.Enqueue(req)
				return err
			})
		})
	}
}

// BenchmarkLeaseAck measures the sender's side: lease 50 records and acknowledge
// them, until a backlog of b.N records is delivered. One op is one record.
func BenchmarkLeaseAck(b *testing.B) {
	k := MustGenerateKey(b)
	opts, _ := testOptions(k)
	opts.MaxRecords, opts.MaxBytes = 1<<30, 1<<40
	s := MustOpen(b, opts)
	payload := benchPayload(b)
	sealed, err := k.Public().Seal("bench", "registration", payload)
	if err != nil {
		b.Fatal(err)
	}
	// Fill the backlog through the commit path in large batches; sealing each record
	// separately would only slow the set-up, which is not measured.
	for done := 0; done < b.N; {
		var batch []*enqueueReq
		for ; done < b.N && len(batch) < 1000; done++ {
			rf := ref.New()
			batch = append(batch, newEnqueueReq(Record{ID: s.ids.next(t0, ref.Bits(rf)), Ref: rf, Kind: "registration", State: Queued,
				Created: t0, NextAttempt: t0, KeyID: "central-test-1", Sealed: sealed}))
		}
		s.commit(batch)
		for _, r := range batch {
			if err := <-r.done; err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ResetTimer()
	delivered := 0
	for delivered < b.N {
		recs, err := s.Lease(50, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, len(recs))
		for i, r := range recs {
			ids[i] = r.ID
		}
		if err := s.MarkDelivered(ids...); err != nil {
			b.Fatal(err)
		}
		delivered += len(recs)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
