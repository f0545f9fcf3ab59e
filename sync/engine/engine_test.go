package engine

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

var errRefused = errors.New("dial tcp 127.0.0.1:8443: connection refused")

// start runs an engine over q and c in the current synctest bubble and stops it
// when the test ends.
func start(t *testing.T, q *memQueue, c Sender, o Options) *Engine {
	t.Helper()
	e := New(q, c, o)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return e
}

// settleFor lets the bubble run for d of fake time, then waits until idle.
func settleFor(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

func TestDeliversEveryRecordOnceInGrowingBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(1000)
		var sizes []int
		c.fail = func(_ int, recs []wire.Record) (error, bool) {
			sizes = append(sizes, len(recs))
			return nil, true
		}
		e := start(t, q, c, Options{BatchStart: 8, BatchMax: 128})
		settleFor(time.Second)

		if got := q.states(); got[outbox.Delivered] != 1000 {
			t.Fatalf("states %v, want all 1000 delivered", got)
		}
		for id, n := range c.stored {
			if n != 1 {
				t.Fatalf("%s received %d times", id, n)
			}
		}
		if want := []int{8, 16, 32, 64, 128}; !slices.Equal(sizes[:5], want) {
			t.Fatalf("batch sizes %v, want to start %v", sizes, want)
		}
		st := e.Status()
		if st.Delivered != 1000 || st.Queued != 0 || !st.Online || st.Sending {
			t.Fatalf("status %+v, want 1000 delivered, none queued, online, idle", st)
		}
	})
}

func TestFailuresAreClassified(t *testing.T) {
	tests := []struct {
		name string
		// err is returned, after the central service stored the batch when stored.
		err           error
		stored        bool
		wantDelivered int
		wantAttention int
		wantCode      string
	}{
		{"when the connection is refused, retried until delivered", errRefused, false, 10, 0, ""},
		{"when the answer is lost after storing, delivered once as duplicate", errRefused, true, 10, 0, ""},
		{"when a 503, retried until delivered", httpErr{503, wire.ErrUnavailable}, false, 10, 0, ""},
		{"when a 429, retried until delivered", httpErr{429, wire.ErrRateLimited}, false, 10, 0, ""},
		{"when a 400 for every batch, each record parked, none delivered", httpErr{400, wire.ErrBadRequest}, false, 0, 10, wire.ErrBadRequest},
		{"when a 413 without a code, each record parked with the status", httpErr{413, ""}, false, 0, 10, "http_413"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				q, c := &memQueue{}, &central{stored: map[string]int{}}
				q.add(10)
				permanent := tt.wantAttention > 0
				c.fail = func(n int, _ []wire.Record) (error, bool) {
					if permanent || n <= 3 {
						return tt.err, tt.stored
					}
					return nil, true
				}
				e := start(t, q, c, Options{BatchStart: 4})
				settleFor(10 * time.Minute)

				got := q.states()
				if got[outbox.Delivered] != tt.wantDelivered || got[outbox.NeedsAttention] != tt.wantAttention {
					t.Fatalf("states %v, want %d delivered, %d needing attention", got, tt.wantDelivered, tt.wantAttention)
				}
				for _, r := range q.recs {
					if r.State == outbox.NeedsAttention && r.RejectCode != tt.wantCode {
						t.Fatalf("%s parked with code %q, want %q", r.ID, r.RejectCode, tt.wantCode)
					}
				}
				if permanent && c.pushes > 40 {
					t.Fatalf("%d pushes for 10 records: permanent errors are being retried", c.pushes)
				}
				if st := e.Status(); st.NeedsAttention != tt.wantAttention || st.LastError == "" {
					t.Fatalf("status %+v, want %d needing attention and the last error", st, tt.wantAttention)
				}
			})
		})
	}
}

func TestBadRecordIsIsolatedFromGoodOnes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(64)
		poison := "rec-00037"
		c.fail = func(_ int, recs []wire.Record) (error, bool) {
			for _, r := range recs {
				if r.ID == poison {
					return httpErr{400, wire.ErrBadRequest}, false
				}
			}
			return nil, true
		}
		start(t, q, c, Options{BatchStart: 64})
		settleFor(time.Minute)

		if got := q.states(); got[outbox.Delivered] != 63 || got[outbox.NeedsAttention] != 1 {
			t.Fatalf("states %v, want 63 delivered and the bad one parked", got)
		}
		if q.recs[37].State != outbox.NeedsAttention {
			t.Fatalf("%s is %s, want needs attention", poison, q.recs[37].State)
		}
		if c.pushes > 40 {
			t.Fatalf("%d pushes to isolate one record in 64", c.pushes)
		}
	})
}

func TestPerRecordResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := &memQueue{}
		q.add(3)
		answers := 0
		s := senderFunc(func(recs []wire.Record) ([]wire.PushResult, error) {
			answers++
			var out []wire.PushResult
			for _, r := range recs {
				switch {
				case r.ID == "rec-00000":
					out = append(out, wire.PushResult{ID: r.ID, Status: wire.StatusRejected, Code: wire.RejectOpenFailed})
				case r.ID == "rec-00001":
					out = append(out, wire.PushResult{ID: r.ID, Status: wire.StatusDuplicate})
				case answers > 1: // rec-00002 gets no result the first time
					out = append(out, wire.PushResult{ID: r.ID, Status: wire.StatusAccepted})
				}
			}
			return out, nil
		})
		e := New(q, s, Options{})
		ctx, cancel := context.WithCancel(t.Context())
		go e.Run(ctx)
		settleFor(time.Minute)
		cancel()
		synctest.Wait()

		want := []outbox.State{outbox.NeedsAttention, outbox.Delivered, outbox.Delivered}
		for i, r := range q.recs {
			if r.State != want[i] {
				t.Fatalf("%s is %s, want %s", r.ID, r.State, want[i])
			}
		}
		if q.recs[0].RejectCode != wire.RejectOpenFailed || q.recs[0].Attempts != 0 {
			t.Fatalf("rejected record: code %q attempts %d", q.recs[0].RejectCode, q.recs[0].Attempts)
		}
		if q.recs[2].Attempts != 1 || answers != 2 {
			t.Fatalf("record without a result: %d attempts over %d answers, want sent again once", q.recs[2].Attempts, answers)
		}
	})
}

type senderFunc func([]wire.Record) ([]wire.PushResult, error)

func (f senderFunc) Push(_ context.Context, r []wire.Record) ([]wire.PushResult, error) { return f(r) }
func (f senderFunc) Ping(context.Context) error                                         { return nil }

func TestUnauthorizedKioskKeepsRecordsQueued(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(5)
		revoked := httpErr{403, wire.ErrKioskRevoked}
		c.fail = func(int, []wire.Record) (error, bool) { return revoked, false }
		c.setPing(revoked)
		e := start(t, q, c, Options{Backoff: backoff.Options{Base: time.Second, Max: 30 * time.Second}})
		settleFor(10 * time.Minute)

		if got := q.states(); got[outbox.Delivered] != 0 || got[outbox.NeedsAttention] != 0 {
			t.Fatalf("states %v, want nothing delivered and nothing parked", got)
		}
		st := e.Status()
		if !st.Unauthorized || st.Online || !strings.Contains(st.LastError, "kiosk_revoked") || st.LastErrorCode != CodeRevoked {
			t.Fatalf("status %+v, want unauthorized, offline, the revocation as last error", st)
		}
		// Ten minutes at a 30s cap is at most a few dozen attempts, not a loop.
		if c.pushes > 60 {
			t.Fatalf("%d pushes in 10 minutes while revoked", c.pushes)
		}
		// Enrolled again: the probe clears the flag and the records go.
		c.mu.Lock()
		c.fail = nil
		c.mu.Unlock()
		c.setPing(nil)
		settleFor(2 * time.Second)
		if st := e.Status(); st.Unauthorized || !st.Online {
			t.Fatalf("status %+v after re-enrolment, want authorised and online", st)
		}
		settleFor(time.Minute)
		if got := q.states(); got[outbox.Delivered] != 5 {
			t.Fatalf("states %v after re-enrolment, want all 5 delivered", got)
		}
	})
}

func TestBackoffSpacesRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(1)
		var at []time.Time
		c.fail = func(n int, _ []wire.Record) (error, bool) {
			at = append(at, time.Now())
			if n <= 8 {
				return errRefused, false
			}
			return nil, true
		}
		start(t, q, c, Options{Backoff: backoff.Options{Base: time.Second, Max: 16 * time.Second}})
		settleFor(5 * time.Minute)

		if len(at) != 9 || q.states()[outbox.Delivered] != 1 {
			t.Fatalf("%d attempts, states %v; want 9 attempts and the record delivered", len(at), q.states())
		}
		ceiling := time.Second
		for i := 1; i < len(at); i++ {
			if gap := at[i].Sub(at[i-1]); gap > ceiling {
				t.Fatalf("gap %d = %v, above the backoff ceiling %v", i, gap, ceiling)
			}
			ceiling = min(2*ceiling, 16*time.Second)
		}
		if total := at[len(at)-1].Sub(at[0]); total < 5*time.Second {
			t.Fatalf("8 failures retried within %v: no backoff", total)
		}
	})
}

// busy is a 503 asking the kiosk to come back after a while.
type busy struct{ httpErr }

func (busy) RetryDelay() time.Duration { return 20 * time.Second }

func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(1)
		var at []time.Time
		c.fail = func(n int, _ []wire.Record) (error, bool) {
			at = append(at, time.Now())
			if n == 1 {
				return busy{httpErr{503, wire.ErrUnavailable}}, false
			}
			return nil, true
		}
		start(t, q, c, Options{Backoff: backoff.Options{Base: 10 * time.Millisecond, Max: time.Minute}})
		settleFor(time.Minute)
		if len(at) != 2 || at[1].Sub(at[0]) < 20*time.Second {
			t.Fatalf("attempts at %v, want a second one 20s after the first", at)
		}
	})
}

// slowCentral makes every push take a while, outside central's lock (a goroutine
// waiting on a mutex would keep a synctest bubble's clock from moving).
type slowCentral struct {
	*central
	q         *memQueue
	aheadSeen bool
}

func (s *slowCentral) Push(ctx context.Context, recs []wire.Record) ([]wire.PushResult, error) {
	time.Sleep(50 * time.Millisecond) // the push takes a while; the lease ahead does not
	if got := s.q.states()[outbox.InFlight]; got > len(recs) {
		s.aheadSeen = true
	}
	return s.central.Push(ctx, recs)
}

// TestLeasesAheadInOrder checks the pipelining: while a full batch is being pushed
// the next one is already leased, yet batches go one at a time, in record order,
// each record once.
func TestLeasesAheadInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(300)
		var order []string
		c.fail = func(_ int, recs []wire.Record) (error, bool) {
			for _, r := range recs {
				order = append(order, r.ID)
			}
			return nil, true
		}
		slow := &slowCentral{central: c, q: q}
		e := New(q, slow, Options{BatchStart: 16, BatchMax: 64})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- e.Run(ctx) }()
		settleFor(time.Minute)
		cancel()
		<-done

		if got := q.states(); got[outbox.Delivered] != 300 {
			t.Fatalf("states %v, want all 300 delivered", got)
		}
		if !slow.aheadSeen {
			t.Fatal("no batch was leased while another was in flight")
		}
		if len(order) != 300 || !slices.IsSorted(order) {
			t.Fatalf("pushed %d records, sorted %v; want 300 in record order", len(order), slices.IsSorted(order))
		}
		for id, n := range c.stored {
			if n != 1 {
				t.Fatalf("%s received %d times", id, n)
			}
		}
	})
}

// TestFailedMarkIsResentAndCountedOnce: the acknowledgement written behind the next
// push fails; those records stay leased, are sent again after the lease and answered
// duplicate, and Delivered counts every record once.
func TestFailedMarkIsResentAndCountedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{failMarks: 1}, &central{stored: map[string]int{}}
		q.add(100)
		e := start(t, q, c, Options{BatchStart: 50, PushTimeout: time.Second, LeaseFor: 5 * time.Second})
		settleFor(time.Minute)

		if got := q.states(); got[outbox.Delivered] != 100 {
			t.Fatalf("states %v, want all 100 delivered", got)
		}
		again := 0
		for _, n := range c.stored {
			if n > 1 {
				again++
			}
		}
		if again != 50 {
			t.Fatalf("%d records sent again, want the 50 whose mark failed", again)
		}
		if st := e.Status(); st.Delivered != 100 || !strings.Contains(st.LastError, "mark") || st.LastErrorCode != CodeOutbox {
			t.Fatalf("status %+v, want 100 delivered and the mark failure as last error", st)
		}
	})
}
