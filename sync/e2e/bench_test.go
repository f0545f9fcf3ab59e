package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/wire"
)

// recordSize is the plaintext size of one benchmark record.
const recordSize = 2048

// BenchmarkDrain drains b.N queued 2 KB records from one kiosk to the central
// service over loopback mutual TLS; one op is one record.
//
//   - engine: the real path — outbox lease and ack (bbolt, fsync), sync engine,
//     client, central service opening, storing and applying every record.
//   - baseline: push bodies of the same size and shape (2 KB records sealed the
//     same way, 500 to a batch, already JSON-encoded) POSTed over the same kind of
//     mutual-TLS connection to a handler that reads and discards them: the cost
//     of moving the bytes.
//
// Filling the outbox (sealing, fsync) is outside the timed part. For the issue's
// figure run with -benchtime=100000x.
func BenchmarkDrain(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		c := mustCentral(b)
		k := mustEnroll(b, c)
		// One full batch of records sealed exactly as the outbox seals them; the
		// raw POSTs repeat it, as the bytes' identity does not matter to a sink.
		batch := make([]wire.Record, wire.MaxBatchRecords)
		for i := range batch {
			id := fmt.Sprintf("019a0000-0000-7000-8000-%012d", i)
			sealed, err := k.key.Seal(id, wire.KindAddressUpdate, payload(i, recordSize))
			if err != nil {
				b.Fatal(err)
			}
			batch[i] = wire.Record{ID: id, Kind: wire.KindAddressUpdate, KioskID: k.kioskID, Ref: fmt.Sprintf("R%09d", i),
				Created: time.Now().UTC(), KeyID: k.key.ID, Sealed: sealed}
		}
		var bodies [][]byte
		for left := b.N; left > 0; left -= len(batch) {
			body, _ := json.Marshal(wire.PushRequest{Records: batch[:min(left, len(batch))]})
			bodies = append(bodies, body)
		}
		sink := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Header().Set("Content-Type", wire.ContentType)
			io.WriteString(w, `{"results":[]}`)
		}))
		sink.TLS = c.TLS
		sink.Config.ErrorLog = log.New(io.Discard, "", 0)
		sink.StartTLS()
		defer sink.Close()
		tc, err := client.TLSConfig(k.dir)
		if err != nil {
			b.Fatal(err)
		}
		hc := &http.Client{Transport: &http.Transport{TLSClientConfig: tc, ForceAttemptHTTP2: true}}
		b.SetBytes(int64(recordSize))
		b.ResetTimer()
		start := time.Now()
		for _, body := range bodies {
			resp, err := hc.Post(sink.URL+wire.PathRecords, wire.ContentType, bytes.NewReader(body))
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Fatalf("sink answered %d", resp.StatusCode)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
	})
	b.Run("engine", func(b *testing.B) {
		c := mustCentral(b)
		k := mustEnroll(b, c)
		st := k.openOutbox(b)
		defer st.Close()
		fill(b, st, b.N, recordSize)
		cl, err := client.Open(c.URL, k.dir, client.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer cl.Close()
		e := engine.New(st, cl, engine.Options{BatchStart: wire.MaxBatchRecords})
		events, stop := e.Subscribe()
		defer stop()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		b.SetBytes(int64(recordSize))
		b.ResetTimer()
		start := time.Now()
		go func() { done <- e.Run(ctx) }()
		deadline := time.After(10 * time.Minute)
		for s := range events {
			if s.Delivered >= b.N {
				break
			}
			if s.NeedsAttention > 0 {
				b.Fatalf("records rejected: %+v", s)
			}
			select {
			case <-deadline:
				b.Fatalf("not drained in 10 minutes: %+v", s)
			default:
			}
		}
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		<-done
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "records/s")
		if s, _ := st.Stats(); s.Delivered != b.N {
			b.Fatalf("outbox %+v, want %d delivered", s, b.N)
		}
	})
}
