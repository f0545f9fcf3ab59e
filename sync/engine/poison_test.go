package engine

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

const kindPoison = "poison"

// poisonCentral is the fake central service with one fault: while broken, every
// push holding a record of kind poison fails — with err, or, when err is nil, by
// hanging until the push times out. down, while set, fails every push with 500
// (an outage of central, not of one record).
type poisonCentral struct {
	*central
	err error

	mu     sync.Mutex
	broken bool
	down   bool
}

func (p *poisonCentral) set(broken, down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.broken, p.down = broken, down
}

func (p *poisonCentral) Push(ctx context.Context, recs []wire.Record) ([]wire.PushResult, error) {
	p.mu.Lock()
	broken, down := p.broken, p.down
	p.mu.Unlock()
	if down {
		return nil, httpErr{500, wire.ErrInternal}
	}
	for _, r := range recs {
		if broken && r.Kind == kindPoison {
			if p.err != nil {
				return nil, p.err
			}
			<-ctx.Done()
			return nil, ctx.Err()
		}
	}
	return p.central.Push(ctx, recs)
}

// requeue is the staff action, as outbox.Store.Requeue does it.
func (q *memQueue) requeue(id string) error {
	return q.set(id, func(r *outbox.Record) {
		if r.State == outbox.NeedsAttention {
			r.State, r.NextAttempt, r.RejectCode, r.Attempts = outbox.Queued, time.Now(), "", 0
		}
	})
}

func TestRecordCentralCannotTakeDoesNotBlockTheQueue(t *testing.T) {
	tests := []struct {
		name     string
		err      error // nil: central hangs on the poison
		wantCode string
	}{
		{"when central answers 500 to every push holding it", httpErr{500, wire.ErrInternal}, wire.ErrInternal},
		{"when central answers 502 without a code", httpErr{502, ""}, "http_502"},
		{"when central hangs on it until the push times out", nil, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				const before, after = 20, 20
				q := &memQueue{}
				c := &poisonCentral{central: &central{stored: map[string]int{}}, err: tt.err, broken: true}
				q.add(before)
				q.add(1)
				poison := q.recs[before]
				poison.Kind = kindPoison
				q.add(after)
				e := New(q, c, Options{BatchStart: 8, PushTimeout: 5 * time.Second})
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan error, 1)
				go func() { done <- e.Run(ctx) }()
				defer func() { cancel(); <-done }()

				settleFor(30 * time.Minute)
				got := q.states()
				if got[outbox.Delivered] != before+after || got[outbox.NeedsAttention] != 1 {
					t.Fatalf("states %v; want %d delivered and the poison needing attention", got, before+after)
				}
				for id, n := range c.stored {
					if n != 1 {
						t.Fatalf("%s stored %d times, want once", id, n)
					}
				}
				if c.stored[poison.ID] != 0 || poison.State != outbox.NeedsAttention || poison.RejectCode != tt.wantCode || poison.LastError == "" {
					t.Fatalf("poison: stored %d, %s, code %q, reason %q; want parked with %q and a reason",
						c.stored[poison.ID], poison.State, poison.RejectCode, poison.LastError, tt.wantCode)
				}
				if st := e.Status(); st.NeedsAttention != 1 || st.Queued != 0 {
					t.Fatalf("status %+v, want 1 needing attention and none queued", st)
				}

				// Central is fixed; staff send it again: it arrives, once.
				c.set(false, false)
				if err := q.requeue(poison.ID); err != nil {
					t.Fatal(err)
				}
				e.Kick()
				settleFor(time.Minute)
				if got := q.states(); got[outbox.Delivered] != before+after+1 || c.stored[poison.ID] != 1 {
					t.Fatalf("after requeue: states %v, poison stored %d times; want all delivered, the poison once", got, c.stored[poison.ID])
				}
			})
		})
	}
}

func TestOutageOfCentralParksNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := &memQueue{}
		c := &poisonCentral{central: &central{stored: map[string]int{}}}
		c.set(false, true)
		q.add(30)
		start(t, q, c, Options{BatchStart: 8})
		settleFor(time.Hour)
		if got := q.states(); got[outbox.NeedsAttention] != 0 || got[outbox.Delivered] != 0 {
			t.Fatalf("after an hour of 500s for every push: states %v, want nothing parked or delivered", got)
		}
		c.set(false, false)
		settleFor(5 * time.Minute)
		if got := q.states(); got[outbox.Delivered] != 30 {
			t.Fatalf("after central came back: states %v, want all 30 delivered", got)
		}
		for id, n := range c.stored {
			if n != 1 {
				t.Fatalf("%s stored %d times", id, n)
			}
		}
	})
}

func TestFailureCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"when an answer has a wire code, that code", httpErr{500, wire.ErrInternal}, wire.ErrInternal},
		{"when an answer has none, its status", httpErr{504, ""}, "http_504"},
		{"when the push timed out, timeout", context.DeadlineExceeded, "timeout"},
		{"when the connection was refused, transport", errRefused, "transport"},
		{"when wrapped, the inner class", errors.Join(errors.New("client: push"), context.DeadlineExceeded), "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureCode(tt.err); got != tt.want {
				t.Fatalf("failureCode(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}
