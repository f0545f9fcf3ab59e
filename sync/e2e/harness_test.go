package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// mustCentral starts a central service on bbolt in a temporary directory with a
// small synthetic registry (the 20 people payload draws from).
func mustCentral(t testing.TB) *centraltest.Central {
	t.Helper()
	return centraltest.Start(t, centraltest.Options{People: 20})
}

// kioskSide is an enrolled kiosk identity with its outbox file, not yet opened.
type kioskSide struct {
	dir     string // identity directory
	outbox  string // outbox file
	kioskID string
	key     seal.PublicKey
}

// mustEnroll enrols a kiosk with c and caches its configuration; the tests open
// their own client on its identity directory, directly or through a proxy.
func mustEnroll(t testing.TB, c *centraltest.Central) *kioskSide {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kiosk")
	cl, _, key := c.Client(t, dir, "e2e kiosk")
	return &kioskSide{dir: dir, outbox: filepath.Join(t.TempDir(), "outbox.db"), kioskID: cl.KioskID(), key: key}
}

func (k *kioskSide) openOutbox(t testing.TB) *outbox.Store {
	t.Helper()
	st, err := outbox.Open(k.outbox, outbox.Options{KioskID: k.kioskID,
		Key:        func() (seal.PublicKey, error) { return k.key, nil },
		MaxRecords: 1 << 30, MaxBytes: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// payload is a synthetic address update of about size bytes of JSON; the padding
// goes in the street name so the back office applies it like any other.
func payload(i, size int) []byte {
	p := backoffice.SyntheticPerson(1 + i%20)
	u := wire.AddressUpdate{IDNumber: p.IDNumber, Address: wire.Address{BuildingNumber: "1234",
		Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"}}
	b, _ := json.Marshal(u)
	if pad := size - len(b); pad > 0 {
		u.Address.Street += " " + string(bytes.Repeat([]byte("x"), pad-1))
		b, _ = json.Marshal(u)
	}
	return b
}

// fill enqueues n records with payloads of about size bytes, from many goroutines so
// that the outbox shares fsyncs between them, and returns their IDs.
func fill(t testing.TB, st *outbox.Store, n, size int) map[string]bool {
	t.Helper()
	ids := make(map[string]bool, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	next := make(chan int)
	for range 64 {
		wg.Go(func() {
			for i := range next {
				r, err := st.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload(i, size)})
				if err != nil {
					select {
					case errs <- err:
					default:
					}
					continue
				}
				mu.Lock()
				ids[r.ID] = true
				mu.Unlock()
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatalf("enqueue: %v", err)
	default:
	}
	return ids
}

// stored lists the IDs the central service holds, and how many of them have a
// back-office outcome.
func stored(t testing.TB, c *centraltest.Central) (ids map[string]bool, applied int) {
	t.Helper()
	ids = map[string]bool{}
	after := ""
	for {
		recs, err := c.Admin.Records(context.Background(), after, 5000)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			return ids, applied
		}
		for _, r := range recs {
			if ids[r.ID] {
				t.Fatalf("central lists record %s twice", r.ID)
			}
			ids[r.ID] = true
			if r.State != "" {
				applied++
			}
		}
		after = recs[len(recs)-1].ID
	}
}

// waitFor polls cond until it holds or the generous deadline passes.
func waitFor(t testing.TB, what string, limit time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, detail := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v: %s", what, limit, detail)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkExactlyOnce compares what the kiosk queued with what the central service
// stored and applied.
func checkExactlyOnce(t testing.TB, c *centraltest.Central, st *outbox.Store, want map[string]bool) {
	t.Helper()
	got, applied := stored(t, c)
	if len(got) != len(want) || applied != len(want) {
		t.Fatalf("central stored %d and applied %d records, kiosk queued %d", len(got), applied, len(want))
	}
	for id := range want {
		if !got[id] {
			t.Fatalf("record %s queued at the kiosk is missing at the central service", id)
		}
	}
	stats, err := st.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Delivered != len(want) || stats.Undelivered() != 0 {
		t.Fatalf("kiosk outbox %+v, want all %d delivered", stats, len(want))
	}
}

func describe(st *outbox.Store) string {
	s, err := st.Stats()
	return fmt.Sprintf("%+v %v", s, err)
}

func transportFor(tc *tls.Config) *http.Transport {
	return &http.Transport{TLSClientConfig: tc, MaxIdleConnsPerHost: 4}
}
