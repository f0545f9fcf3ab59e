package engine

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestProbeNoticesLinkWithinTwoSeconds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		e := start(t, q, c, Options{})
		synctest.Wait()
		if !e.Online() {
			t.Fatal("not online after the first probe answered")
		}
		c.setPing(errRefused)
		settleFor(2 * time.Second)
		if e.Online() {
			t.Fatal("still online 2s after the central service stopped answering")
		}
		c.setPing(nil)
		settleFor(2 * time.Second)
		if !e.Online() {
			t.Fatal("still offline 2s after the central service came back")
		}
	})
}

// hang is a Sender whose pings block until their context ends, like a black hole.
type hang struct{ central }

func (h *hang) Ping(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func TestProbeTimesOutOnASilentLink(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &hang{central{stored: map[string]int{}}}
		e := New(&memQueue{}, h, Options{})
		e.online.Store(true) // as if the link had just been fine
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go e.Run(ctx)
		settleFor(2 * time.Second)
		if e.Online() {
			t.Fatal("still online after 2s of unanswered probes")
		}
	})
}

func TestLinkComingBackCutsBackoffShort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(1)
		down := true
		c.fail = func(int, []wire.Record) (error, bool) {
			if down {
				return errRefused, false
			}
			return nil, true
		}
		c.setPing(errRefused)
		// A huge backoff: only the probe can bring the record through in time.
		start(t, q, c, Options{Backoff: backoff.Options{Base: time.Hour, Max: time.Hour}})
		settleFor(10 * time.Second)
		c.mu.Lock()
		down = false
		c.mu.Unlock()
		c.setPing(nil)
		settleFor(3 * time.Second)
		if got := q.states(); got[outbox.Delivered] != 1 {
			t.Fatalf("states %v, want delivered within 3s of the link returning", got)
		}
	})
}

func TestKickWakesAnIdleEngineAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		e := start(t, q, c, Options{Idle: time.Hour})
		synctest.Wait()
		q.add(3)
		e.Kick()
		e.Kick() // never blocks, however often
		synctest.Wait()
		if got := q.states(); got[outbox.Delivered] != 3 {
			t.Fatalf("states %v right after Kick, want 3 delivered without time passing", got)
		}
	})
}

func TestRecordsLeasedByADeadRunComeBackAfterLeaseExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(4)
		// A previous run leased two and died without acking.
		if _, err := q.Lease(2, time.Minute); err != nil {
			t.Fatal(err)
		}
		start(t, q, c, Options{})
		settleFor(time.Second)
		if got := q.states(); got[outbox.Delivered] != 2 || got[outbox.InFlight] != 2 {
			t.Fatalf("states %v, want the 2 free delivered and 2 still leased", got)
		}
		settleFor(time.Minute + 5*time.Second) // lease expiry + the idle poll
		if got := q.states(); got[outbox.Delivered] != 4 {
			t.Fatalf("states %v after lease expiry, want all 4 delivered", got)
		}
	})
}

func TestStopReleasesHeldRecords(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(5)
		c.fail = func(int, []wire.Record) (error, bool) { return errRefused, false }
		e := New(q, c, Options{})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- e.Run(ctx) }()
		settleFor(10 * time.Second)
		if got := q.states(); got[outbox.InFlight] != 5 {
			t.Fatalf("states %v while failing, want 5 held in flight", got)
		}
		cancel()
		<-done
		if got := q.states(); got[outbox.Queued] != 5 {
			t.Fatalf("states %v after stop, want 5 queued again", got)
		}
		if e.Status().Event != EventStopped {
			t.Fatalf("last event %v, want stopped", e.Status().Event)
		}
	})
}

// slow is a Sender whose pushes take longer than the push timeout.
type slow struct{ central }

func (s *slow) Push(ctx context.Context, recs []wire.Record) ([]wire.PushResult, error) {
	if len(recs) > 4 {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.central.Push(ctx, recs)
}

func TestTimeoutsShrinkTheBatch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, s := &memQueue{}, &slow{central{stored: map[string]int{}}}
		q.add(40)
		e := New(q, s, Options{BatchStart: 32, PushTimeout: 5 * time.Second})
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go e.Run(ctx)
		settleFor(5 * time.Minute)
		if got := q.states(); got[outbox.Delivered] != 40 {
			t.Fatalf("states %v, want all delivered once batches shrank below the timeout", got)
		}
	})
}

func TestSlowSubscriberSeesLatestAndNeverBlocks(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q, c := &memQueue{}, &central{stored: map[string]int{}}
		q.add(200)
		e := New(q, c, Options{BatchStart: 1, BatchMax: 1})
		ch, stop := e.Subscribe()
		defer stop()
		first := <-ch
		if first.Event != EventStarted || first.BatchSize != 1 {
			t.Fatalf("first snapshot %+v, want the initial state", first)
		}
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go e.Run(ctx)
		settleFor(time.Second) // 200 batches, hundreds of events, nobody reading
		if got := q.states(); got[outbox.Delivered] != 200 {
			t.Fatalf("states %v: a subscriber that does not read held the engine up", got)
		}
		last := <-ch
		if last.Delivered != 200 || last.Queued != 0 {
			t.Fatalf("snapshot after the run %+v, want the latest (200 delivered)", last)
		}
		select {
		case s := <-ch:
			t.Fatalf("a second stale snapshot %+v was buffered", s)
		default:
		}
	})
}
