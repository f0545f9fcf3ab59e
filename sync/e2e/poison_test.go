package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// poisonKind is the record kind the broken central cannot take.
const poisonKind = wire.KindDependent

// poisoned wraps the real central service: while broken, a push that holds a
// record of poisonKind gets a 500 (or, with hang, no answer until the kiosk gives
// up), as a central with a bug in one kind's handling would answer.
type poisoned struct {
	next   http.Handler
	hang   bool
	broken atomic.Bool
	hits   atomic.Int64 // pushes that met the fault
}

func (p *poisoned) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == wire.PathRecords && p.broken.Load() {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var req wire.PushRequest
		if json.Unmarshal(body, &req) == nil {
			for _, rec := range req.Records {
				if rec.Kind != poisonKind {
					continue
				}
				p.hits.Add(1)
				if p.hang {
					<-r.Context().Done()
					return
				}
				w.Header().Set("Content-Type", wire.ContentType)
				w.WriteHeader(http.StatusInternalServerError)
				json.NewEncoder(w).Encode(wire.Error{Code: wire.ErrInternal, Message: "cannot handle this kind"})
				return
			}
		}
	}
	p.next.ServeHTTP(w, r)
}

// TestPoisonRecordDoesNotBlockTheQueue drives the real engine, client, outbox and
// central service: N good records are queued before and after one that central
// fails on every time. The good ones arrive exactly once; the bad one is parked
// with its reason, not dropped; after central is fixed and staff requeue it, it
// arrives exactly once.
func TestPoisonRecordDoesNotBlockTheQueue(t *testing.T) {
	tests := []struct {
		name     string
		hang     bool
		wantCode string
	}{
		{"when central answers 500 to every push holding it", false, wire.ErrInternal},
		{"when central hangs on every push holding it until the kiosk times out", true, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const before, after = 25, 25
			p := &poisoned{hang: tt.hang}
			p.broken.Store(true)
			c := centraltest.Start(t, centraltest.Options{People: 20, Wrap: func(h http.Handler) http.Handler { p.next = h; return p }})
			k := mustEnroll(t, c)
			st := k.openOutbox(t)
			defer st.Close()

			want := map[string]bool{}
			enqueue := func(kind string, b []byte) outbox.Record {
				t.Helper()
				r, err := st.Enqueue(outbox.Request{Kind: kind, Payload: b})
				if err != nil {
					t.Fatal(err)
				}
				want[r.ID] = true
				return r
			}
			for i := range before {
				enqueue(wire.KindAddressUpdate, payload(i, 200))
			}
			holder, dep := backoffice.SyntheticPerson(1), backoffice.SyntheticPerson(6)
			b, _ := json.Marshal(wire.Dependent{IDNumber: holder.IDNumber, DependentIDNumber: dep.IDNumber,
				Relationship: wire.RelationChild, DependentBirthDate: dep.BirthHijri})
			poison := enqueue(poisonKind, b)
			for i := range after {
				enqueue(wire.KindAddressUpdate, payload(before+i, 200))
			}

			cl, err := client.Open(c.URL, k.dir, client.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			e := engine.New(st, cl, engine.Options{
				Backoff:    backoff.Options{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond},
				BatchStart: 8, PushTimeout: 400 * time.Millisecond, ProbeEvery: 50 * time.Millisecond,
				ProbeTimeout: 400 * time.Millisecond, Idle: 50 * time.Millisecond, SetAside: 100 * time.Millisecond,
			})
			ctx, cancel := context.WithCancel(t.Context())
			done := make(chan error, 1)
			go func() { done <- e.Run(ctx) }()
			defer func() { cancel(); <-done }()

			waitFor(t, "the good records delivered and the poison parked", time.Minute, func() (bool, string) {
				s, _ := st.Stats()
				return s.Delivered == before+after && s.NeedsAttention == 1, describe(st)
			})
			got, _ := stored(t, c) // fails the test on an ID listed twice
			if len(got) != before+after || got[poison.ID] {
				t.Fatalf("central stored %d records (poison among them: %v), want the %d good ones", len(got), got[poison.ID], before+after)
			}
			for id := range want {
				if id != poison.ID && !got[id] {
					t.Fatalf("good record %s missing at central", id)
				}
			}
			parked, err := st.Get(poison.ID)
			if err != nil {
				t.Fatal(err)
			}
			if parked.State != outbox.NeedsAttention || parked.RejectCode != tt.wantCode || parked.LastError == "" || parked.Sealed == nil {
				t.Fatalf("poison %s, code %q, reason %q, payload kept %v; want parked with %q, a reason and its payload",
					parked.State, parked.RejectCode, parked.LastError, parked.Sealed != nil, tt.wantCode)
			}
			t.Logf("poison met the fault %d times; parked as %q after %d attempts: %s", p.hits.Load(), parked.RejectCode, parked.Attempts, parked.LastError)

			// Central is fixed; staff send it again.
			p.broken.Store(false)
			if err := st.Requeue(poison.ID); err != nil {
				t.Fatal(err)
			}
			e.Kick()
			waitFor(t, "the requeued poison delivered", time.Minute, func() (bool, string) {
				s, _ := st.Stats()
				return s.Delivered == before+after+1 && s.Undelivered() == 0, describe(st)
			})
			got, _ = stored(t, c)
			if len(got) != len(want) {
				t.Fatalf("central stored %d records, kiosk queued %d", len(got), len(want))
			}
			for id := range want {
				if !got[id] {
					t.Fatalf("record %s missing at central", id)
				}
			}
		})
	}
}
