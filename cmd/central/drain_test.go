package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestSIGTERMDrains: central with a batch of slow registrations in flight gets
// SIGTERM and exits 0 within a bound — at once when the kiosk has hung up (its
// work stopped with it), within drainGrace and a little when the kiosk still waits
// (its work is cancelled after the grace, what was prepared is committed). After
// a restart the re-pushed batch is stored whole, each record once.
func TestSIGTERMDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("starts central processes")
	}
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		hangUp     bool // the kiosk gives up before the SIGTERM
		within     time.Duration
		wantAnswer bool
	}{
		{"when the kiosk has hung up, exits 0 at once", true, 3 * time.Second, false},
		{"when the kiosk still waits, exits 0 after the grace", false, drainGrace + 3*time.Second, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			// The production work factor: 200 registrations are 40 s of one core.
			storeArgs := []string{"-data", dir}
			reg := filepath.Join(dir, "registry.jsonl")
			run(t, bin, "gen-registry", "-n", "200", "-o", reg)
			run(t, bin, append(append([]string{"load-registry"}, storeArgs...), reg)...)
			p := start(t, bin, append([]string{"-password-iterations", "600000"}, storeArgs...))
			caPEM := run(t, bin, append([]string{"ca"}, storeArgs...)...)
			k := enroll(t, p.addr, run(t, bin, append([]string{"enroll-code"}, storeArgs...)...), []byte(caPEM))
			var recs []wire.Record
			for i := 1; i <= 200; i++ {
				recs = append(recs, k.Record(t, wire.KindRegistration, centraltest.Registration(i)))
			}
			body, _ := json.Marshal(wire.PushRequest{Records: recs})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			answered := make(chan int, 1)
			go func() {
				req, _ := http.NewRequestWithContext(ctx, "POST", k.Base+wire.PathRecords, bytes.NewReader(body))
				req.Header.Set("Content-Type", wire.ContentType)
				resp, err := k.HTTP.Do(req)
				if err != nil {
					answered <- 0
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				answered <- resp.StatusCode
			}()
			time.Sleep(time.Second) // the batch is being hashed
			if tt.hangUp {
				cancel()
				<-answered
				time.Sleep(100 * time.Millisecond)
			}
			t0 := time.Now()
			p.cmd.Process.Signal(syscall.SIGTERM)
			exited := make(chan error, 1)
			go func() { exited <- p.cmd.Wait() }()
			select {
			case err := <-exited:
				took := time.Since(t0)
				t.Logf("exited after %v: %v", took.Round(time.Millisecond), err)
				if err != nil {
					t.Fatalf("exit: %v\n%s", err, p.logs)
				}
				if took > tt.within {
					t.Fatalf("exit took %v, want within %v", took, tt.within)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("no exit 30 s after SIGTERM\n%s", p.logs)
			}
			if tt.wantAnswer {
				if st := <-answered; st != http.StatusServiceUnavailable {
					t.Fatalf("the waiting kiosk got %d, want 503 (retry)", st)
				}
			}

			p2 := start(t, bin, append([]string{"-password-iterations", "1000"}, storeArgs...))
			k.Base = "https://" + p2.addr
			res, err := push(k, recs)
			if err != nil {
				t.Fatal(err)
			}
			dup := 0
			for _, r := range res.Results {
				switch r.Status {
				case wire.StatusDuplicate:
					dup++
				case wire.StatusAccepted:
				default:
					t.Fatalf("re-push: %+v", r)
				}
			}
			t.Logf("re-push after restart: %d stored before the SIGTERM, %d now", dup, len(recs)-dup)
			if n := len(res.Results); n != len(recs) {
				t.Fatalf("%d results, want %d", n, len(recs))
			}
		})
	}
}

// enroll enrols a raw kiosk with the central child at addr, trusting its CA.
func enroll(t *testing.T, addr, code string, caPEM []byte) *centraltest.Kiosk {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("bad CA PEM %q", caPEM)
	}
	return centraltest.Enroll(t, "https://"+addr, pool, code)
}

// push sends one batch off the test goroutine; anything but 200 is an error.
func push(k *centraltest.Kiosk, recs []wire.Record) (wire.PushResponse, error) {
	var out wire.PushResponse
	st, e, err := k.Do("POST", wire.PathRecords, wire.PushRequest{Records: recs}, &out)
	if err != nil {
		return out, err
	}
	if st != 200 {
		return out, fmt.Errorf("push: HTTP %d %s", st, e.Code)
	}
	return out, nil
}
