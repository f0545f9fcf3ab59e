package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// memQueue is an in-memory Queue with the outbox's lease rules.
type memQueue struct {
	mu        sync.Mutex
	recs      []*outbox.Record
	failMarks int // how many MarkDelivered calls fail next
}

func (q *memQueue) Lease(max int, leaseFor time.Duration) ([]outbox.Record, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []outbox.Record
	for _, r := range q.recs {
		now := time.Now()
		if len(out) < max && (r.State == outbox.Queued && !r.NextAttempt.After(now) || r.State == outbox.InFlight && !r.LeaseUntil.After(now)) {
			r.State, r.LeaseUntil = outbox.InFlight, now.Add(leaseFor)
			out = append(out, *r)
		}
	}
	return out, nil
}

func (q *memQueue) set(id string, f func(r *outbox.Record)) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, r := range q.recs {
		if r.ID == id {
			f(r)
			return nil
		}
	}
	return fmt.Errorf("memQueue: %s: %w", id, outbox.ErrNotFound)
}

func (q *memQueue) MarkDelivered(ids ...string) error {
	q.mu.Lock()
	fail := q.failMarks > 0
	if fail {
		q.failMarks--
	}
	q.mu.Unlock()
	if fail {
		return errors.New("memQueue: disk unwritable")
	}
	for _, id := range ids {
		q.set(id, func(r *outbox.Record) { r.State = outbox.Delivered })
	}
	return nil
}

func (q *memQueue) MarkRejected(id, code, reason string) error {
	return q.set(id, func(r *outbox.Record) { r.State, r.RejectCode, r.LastError = outbox.NeedsAttention, code, reason })
}

func (q *memQueue) Failed(lastErr string, ids ...string) error {
	for _, id := range ids {
		q.set(id, func(r *outbox.Record) {
			if r.State == outbox.InFlight {
				r.Attempts++
				r.LastError = lastErr
			}
		})
	}
	return nil
}

func (q *memQueue) Retry(id string, next time.Time, lastErr string) error {
	return q.set(id, func(r *outbox.Record) {
		r.State, r.NextAttempt, r.LastError, r.Attempts = outbox.Queued, next, lastErr, r.Attempts+1
	})
}

func (q *memQueue) Stats() (outbox.Stats, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var st outbox.Stats
	for _, r := range q.recs {
		switch r.State {
		case outbox.Queued:
			st.Queued++
		case outbox.InFlight:
			st.InFlight++
		case outbox.NeedsAttention:
			st.NeedsAttention++
		case outbox.Delivered:
			st.Delivered++
		}
	}
	return st, nil
}

func (q *memQueue) add(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for range n {
		id := fmt.Sprintf("rec-%05d", len(q.recs))
		q.recs = append(q.recs, &outbox.Record{ID: id, Kind: wire.KindRegistration, KioskID: "k1",
			Ref: "R" + id, Created: time.Now(), State: outbox.Queued, KeyID: "key1", Sealed: []byte("sealed " + id)})
	}
}

func (q *memQueue) states() map[outbox.State]int {
	st, _ := q.Stats()
	return map[outbox.State]int{outbox.Queued: st.Queued, outbox.InFlight: st.InFlight,
		outbox.NeedsAttention: st.NeedsAttention, outbox.Delivered: st.Delivered}
}

// central is a fake central service: it stores record IDs and answers like the real
// one; fail, when set, decides per push whether to fail instead (after storing when
// stored is true, like a lost answer).
type central struct {
	mu     sync.Mutex
	stored map[string]int // ID -> times received
	pushes int
	fail   func(n int, recs []wire.Record) (err error, stored bool)
	ping   error
}

func (c *central) Push(ctx context.Context, recs []wire.Record) ([]wire.PushResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pushes++
	var err error
	storing := true
	if c.fail != nil {
		err, storing = c.fail(c.pushes, recs)
	}
	var out []wire.PushResult
	for _, r := range recs {
		if storing {
			c.stored[r.ID]++
		}
		st := wire.StatusAccepted
		if c.stored[r.ID] > 1 {
			st = wire.StatusDuplicate
		}
		out = append(out, wire.PushResult{ID: r.ID, Status: st})
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *central) Ping(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ping
}

func (c *central) setPing(err error) {
	c.mu.Lock()
	c.ping = err
	c.mu.Unlock()
}

// httpErr is an answer with a status, as client.HTTPError is.
type httpErr struct {
	status int
	code   string
}

func (e httpErr) Error() string     { return fmt.Sprintf("HTTP %d %s", e.status, e.code) }
func (e httpErr) HTTPStatus() int   { return e.status }
func (e httpErr) ErrorCode() string { return e.code }
