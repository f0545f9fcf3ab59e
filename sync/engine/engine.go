package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Queue is the engine's view of the outbox; *outbox.Store satisfies it.
type Queue interface {
	// Lease hands out up to max records due for delivery, hidden from other Lease
	// calls for leaseFor: if the kiosk dies holding them, they come back.
	Lease(max int, leaseFor time.Duration) ([]outbox.Record, error)
	MarkDelivered(ids ...string) error
	MarkRejected(id, code, reason string) error
	// Failed counts a failed attempt against records the engine keeps holding,
	// durably, so that a record that fails every time is known across restarts.
	Failed(lastErr string, ids ...string) error
	// Retry ends a record's lease and makes it due again at next.
	Retry(id string, next time.Time, lastErr string) error
	Stats() (outbox.Stats, error)
}

// Sender talks to the central service; *client.Client satisfies it.
type Sender interface {
	// Push sends one batch and returns the central service's per-record results.
	Push(ctx context.Context, records []wire.Record) ([]wire.PushResult, error)
	// Ping is the cheap reachability probe.
	Ping(ctx context.Context) error
}

// HTTPStatusError is how the engine recognises an answer from the central service
// among Sender errors (client.*HTTPError implements it). Any other error is a
// transport failure: the central service was not reached or did not answer. An
// error that also has a RetryDelay() time.Duration method sets a floor under the
// next backoff (the Retry-After header).
type HTTPStatusError interface {
	error
	HTTPStatus() int
	// ErrorCode is the stable wire error code of the answer, if it had one.
	ErrorCode() string
}

// Options tune an Engine. Every zero field has the default its comment names.
type Options struct {
	// Clock is what the engine waits on; nil means the real clock.
	Clock backoff.Clock
	// Backoff spaces out retries after failures; zero fields mean Base 500ms, Max 1m.
	Backoff backoff.Options
	// BatchStart is the first batch size; zero means 64.
	BatchStart int
	// BatchMax caps the batch size; zero means wire.MaxBatchRecords.
	BatchMax int
	// PushTimeout bounds one push; zero means 30s. A timeout counts as a transient
	// failure and shrinks the batch.
	PushTimeout time.Duration
	// LeaseFor is how long leased records stay hidden; zero means 2×PushTimeout. It
	// must outlast a push, and is how long a crashed kiosk's batch waits to be resent.
	LeaseFor time.Duration
	// ProbeEvery is the interval of the reachability probe; zero means 1s.
	ProbeEvery time.Duration
	// ProbeTimeout bounds one probe; zero means 1s. With the defaults the engine
	// notices a lost or regained link within about 2s.
	ProbeTimeout time.Duration
	// Idle is how often an empty queue is looked at again without a Kick; zero
	// means 5s. Kick makes new records go at once.
	Idle time.Duration
	// StatsEvery is how often, at most, queue counts are refreshed while records
	// flow; zero means 1s. They are always refreshed when the queue runs empty.
	StatsEvery time.Duration
	// IsolateAfter is how many failed attempts a record may have (counted in the
	// outbox, see Queue.Failed) before it is sent alone; zero means 5. Only
	// failures that may be the record's fault count: a 5xx other than 503, a 408,
	// a timeout or a cut connection while the probe says central answers. A 503,
	// a 429, a 401/403 and any failure while offline count against no record.
	IsolateAfter int
	// ParkAfter is how many times an isolated record may fail alone before it is
	// parked as "needs attention"; zero means 3. Failures after the first count
	// only once central has answered a push of other records since the first,
	// so an outage of central parks nothing: only a record that fails while
	// others get through is parked.
	ParkAfter int
	// SetAside is how long an isolated record that failed alone waits before its
	// next attempt, while the records behind it go on; zero means Backoff.Max.
	SetAside time.Duration
	// Logger receives record IDs, counts and error codes only; nil discards.
	Logger *slog.Logger
}

func (o *Options) defaults() {
	if o.Clock == nil {
		o.Clock = backoff.RealClock{}
	}
	if o.Backoff.Base <= 0 {
		o.Backoff.Base = 500 * time.Millisecond
	}
	if o.Backoff.Max <= 0 {
		o.Backoff.Max = time.Minute
	}
	if o.Backoff.Clock == nil {
		o.Backoff.Clock = o.Clock
	}
	if o.BatchMax <= 0 {
		o.BatchMax = wire.MaxBatchRecords
	}
	if o.BatchStart <= 0 {
		o.BatchStart = 64
	}
	o.BatchStart = min(o.BatchStart, o.BatchMax)
	if o.PushTimeout <= 0 {
		o.PushTimeout = 30 * time.Second
	}
	if o.LeaseFor <= 0 {
		o.LeaseFor = 2 * o.PushTimeout
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = time.Second
	}
	if o.ProbeTimeout <= 0 {
		o.ProbeTimeout = time.Second
	}
	if o.Idle <= 0 {
		o.Idle = 5 * time.Second
	}
	if o.StatsEvery <= 0 {
		o.StatsEvery = time.Second
	}
	if o.IsolateAfter <= 0 {
		o.IsolateAfter = 5
	}
	if o.ParkAfter <= 0 {
		o.ParkAfter = 3
	}
	if o.SetAside <= 0 {
		o.SetAside = o.Backoff.Max
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Engine is the background delivery loop. Its methods are safe for concurrent use;
// none of them blocks on the network.
type Engine struct {
	q    Queue
	s    Sender
	o    Options
	log  *slog.Logger
	hub  hub
	kick chan struct{} // new records: look at the queue now
	wake chan struct{} // the link came back: cut the backoff short

	online  atomic.Bool
	probed  atomic.Bool // a reachability verdict has been reached
	running atomic.Bool
	size    int // adaptive batch size; owned by the send loop
	// marking, when not nil, answers for the MarkDelivered running behind the
	// next push; owned by the send loop.
	marking chan error
	// answered counts pushes central answered; strikes holds, per isolated
	// record, its solo failures and the answered count at the first one. Both
	// are owned by the send loop and live in memory: after a restart an
	// isolated record is isolated again at once (its attempts are durable) and
	// needs ParkAfter fresh solo failures to be parked.
	answered uint64
	strikes  map[string]strike
}

// strike is an isolated record's record of failing alone.
type strike struct {
	n        int    // solo failures that counted
	answered uint64 // Engine.answered at the first one
}

// New returns an Engine that delivers q through s once Run is called.
func New(q Queue, s Sender, o Options) *Engine {
	o.defaults()
	e := &Engine{
		q: q, s: s, o: o, log: o.Logger,
		kick: make(chan struct{}, 1),
		wake: make(chan struct{}, 1),
		size: o.BatchStart,
	}
	e.hub.last = Status{BatchSize: e.size}
	return e
}

// Kick tells the engine that records were queued. It never blocks: call it right
// after outbox Enqueue returns.
func (e *Engine) Kick() { signal(e.kick) }

// Online reports whether the central service answered the latest probe.
// The UI uses it to choose between a live call and queuing.
func (e *Engine) Online() bool { return e.online.Load() }

// Status returns the latest snapshot.
func (e *Engine) Status() Status { return e.hub.snapshot() }

// Subscribe returns a channel that always ends up holding the latest Status (it
// holds the current one at once) and a function that ends the subscription. The
// engine never waits for a subscriber: one that reads slowly sees fewer, newer
// snapshots.
func (e *Engine) Subscribe() (<-chan Status, func()) { return e.hub.subscribe() }

// ErrRunning is returned by Run when the Engine is already running.
var ErrRunning = errors.New("engine: already running")

// Run delivers until ctx ends, then releases the records it holds and returns
// ctx's error. Start it in its own goroutine.
func (e *Engine) Run(ctx context.Context) error {
	if !e.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer e.running.Store(false)
	e.publishStats(EventStarted)

	var wg sync.WaitGroup
	wg.Go(func() { e.probe(ctx) })
	e.loop(ctx)
	wg.Wait()
	e.hub.publish(func(s *Status) { s.Event, s.Sending = EventStopped, false })
	return ctx.Err()
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// probe pings the central service every ProbeEvery with a short timeout, so the
// kiosk knows within about two seconds whether live calls can be made.
func (e *Engine) probe(ctx context.Context) {
	for {
		pctx, cancel := context.WithTimeout(ctx, e.o.ProbeTimeout)
		err := e.s.Ping(pctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		var he HTTPStatusError
		if errors.As(err, &he) && isAuth(he.HTTPStatus()) {
			e.setUnauthorized(err)
		} else if err == nil && e.hub.snapshot().Unauthorized {
			// Enrolled again (or un-revoked): say so before the next push does.
			e.hub.publish(func(s *Status) { s.Unauthorized = false })
		}
		e.setOnline(err == nil)
		select {
		case <-ctx.Done():
			return
		case <-e.o.Clock.After(e.o.ProbeEvery):
		}
	}
}

// setOnline records a reachability verdict; a change is published, and a link that
// came back wakes a send loop waiting out its backoff.
func (e *Engine) setOnline(up bool) {
	known := e.probed.Swap(true)
	if e.online.Swap(up) == up {
		return
	}
	ev := EventOffline
	if up {
		ev = EventOnline
		if known {
			// Only a link seen down and then up is news to a backoff; the first
			// verdict is not.
			signal(e.wake)
		}
	}
	e.log.Info("sync: link", "online", up)
	e.hub.publish(func(s *Status) { s.Event, s.Online = ev, up })
}

func (e *Engine) setUnauthorized(err error) {
	now := e.o.Clock.Now()
	e.hub.publish(func(s *Status) {
		s.Event, s.Unauthorized = EventUnauthorized, true
		s.LastError, s.LastErrorCode, s.LastErrorAt = err.Error(), pushCode(err), now
	})
}

func (e *Engine) publishStats(ev Event) {
	st, err := e.q.Stats()
	if err != nil {
		e.log.Warn("sync: outbox stats", "err", err)
		return
	}
	queued, attention := st.Queued+st.InFlight, st.NeedsAttention
	e.hub.publish(func(s *Status) {
		if ev == EventQueued && s.Queued == queued && s.NeedsAttention == attention {
			return
		}
		s.Event, s.Queued, s.NeedsAttention, s.BatchSize = ev, queued, attention, e.size
	})
}

// loop leases, sends and settles batches until ctx ends.
//
// A leased batch is held in memory until every record in it is settled: a
// transient failure resends the same records after the backoff instead of handing
// them back to the outbox one by one (a disk write each) and leasing them again.
// Held records are handed back only when their lease is about to run out or the
// engine stops.
func (e *Engine) loop(ctx context.Context) {
	bo := backoff.New(e.o.Backoff)
	var held []outbox.Record
	var lastErr error
	var nextStats time.Time
	for ctx.Err() == nil {
		if len(held) > 0 && e.stale(held) {
			e.release(held, errText(lastErr, "lease ran out"))
			held = nil
		}
		if now := e.o.Clock.Now(); !now.Before(nextStats) {
			// Counting walks the outbox's indexes: often enough for a screen,
			// not once per batch (with leasing ahead, held is rarely empty
			// while a backlog drains).
			e.publishStats(EventQueued)
			nextStats = now.Add(e.o.StatsEvery)
		}
		if len(held) == 0 {
			if err := e.awaitMark(); err != nil {
				lastErr = err
				e.waitBackoff(ctx, bo.Delay(err))
				continue
			}
			recs, err := e.q.Lease(e.size, e.o.LeaseFor)
			if err != nil {
				e.failed(CodeOutbox, fmt.Errorf("sync: lease: %w", err))
				e.waitBackoff(ctx, bo.Delay(err))
				continue
			}
			if len(recs) == 0 {
				e.publishStats(EventQueued)
				e.hub.publish(func(s *Status) { s.Sending = false })
				e.waitIdle(ctx)
				continue
			}
			held = recs
		}
		chunk := e.chunk(held)
		// While a full batch is in flight on a working link, lease the next one:
		// the outbox's write and fsync then overlap the network and the central
		// service's work instead of following them. Only one batch is ever pushed
		// at a time, so delivery order and the per-batch answers are unchanged; the
		// extra records are simply held (and released like any held record).
		// A fully answered full batch doubles the size, so lease for that.
		var next chan []outbox.Record
		if lastErr == nil && len(chunk) == len(held) && len(chunk) == e.size {
			next = make(chan []outbox.Record, 1)
			n := min(e.o.BatchMax, 2*e.size)
			go func() {
				recs, err := e.q.Lease(n, e.o.LeaseFor)
				if err != nil {
					recs = nil // the loop's own Lease meets the error again and backs off
				}
				next <- recs
			}()
		}
		settled, err := e.send(ctx, chunk)
		if next != nil {
			// Appending past len(held) leaves chunk's records where they are.
			held = append(held, <-next...)
		}
		if ctx.Err() != nil {
			break
		}
		if settled {
			held = held[len(chunk):]
		}
		if err == nil {
			lastErr = nil
			bo.Reset()
			continue
		}
		lastErr = err
		e.waitBackoff(ctx, e.delay(bo, err))
	}
	// Shutting down: hand held records back now rather than at lease expiry, so
	// the next start resumes at once. The central service may have stored some
	// already; it will answer "duplicate".
	e.awaitMark()
	if len(held) > 0 {
		e.release(held, "engine stopped")
	}
}

// chunk is the next batch to push from held: up to the batch size, but a record
// that has failed IsolateAfter times travels alone, and the records before it go
// without it. A record that central cannot take (it answers 500 or hangs on it
// every time) would otherwise fail every batch it is in, and since delivery is
// in order, hold back every record behind it.
func (e *Engine) chunk(held []outbox.Record) []outbox.Record {
	chunk := held[:min(e.size, len(held))]
	for i, r := range chunk {
		if r.Attempts >= e.o.IsolateAfter {
			return chunk[:max(i, 1)]
		}
	}
	return chunk
}

// delay is the wait after a failed push: the backoff's draw, or longer when the
// central service asked for it (Retry-After on 429 or 503), up to the backoff cap.
func (e *Engine) delay(bo *backoff.Backoff, err error) time.Duration {
	d := bo.Delay(err)
	var ra interface{ RetryDelay() time.Duration }
	if errors.As(err, &ra) && ra.RetryDelay() > d {
		d = min(ra.RetryDelay(), e.o.Backoff.Max)
	}
	return d
}

// stale reports whether a held batch's lease could run out during the next push.
func (e *Engine) stale(held []outbox.Record) bool {
	limit := e.o.Clock.Now().Add(e.o.PushTimeout)
	for _, r := range held {
		if r.LeaseUntil.Before(limit) {
			return true
		}
	}
	return false
}

func errText(err error, otherwise string) string {
	if err == nil {
		return otherwise
	}
	return err.Error()
}

// waitIdle waits for new records (Kick), the Idle poll, or the end of ctx.
func (e *Engine) waitIdle(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-e.kick:
	case <-e.wake:
	case <-e.o.Clock.After(e.o.Idle):
	}
}

// waitBackoff waits out a retry delay. Kick does not cut it short — new records
// do not make a failing link work — but the probe seeing the link come back does.
func (e *Engine) waitBackoff(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	select {
	case <-e.wake: // from before this failure (e.g. the first probe): stale
	default:
	}
	select {
	case <-ctx.Done():
	case <-e.wake:
	case <-e.o.Clock.After(d):
	}
}

// send pushes one batch and settles what it can. settled reports whether every
// record in recs reached a final state or was handed back to the outbox; otherwise
// the caller keeps holding them. err is what the next attempt must back off from.
func (e *Engine) send(ctx context.Context, recs []outbox.Record) (settled bool, err error) {
	e.hub.publish(func(s *Status) { s.Event, s.Sending, s.BatchSize = EventSending, true, e.size })
	batch := make([]wire.Record, len(recs))
	for i, r := range recs {
		batch[i] = wire.Record{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Ref: r.Ref,
			Created: r.Created, KeyID: r.KeyID, Sealed: r.Sealed}
	}
	pctx, cancel := context.WithTimeout(ctx, e.o.PushTimeout)
	results, err := e.s.Push(pctx, batch)
	cancel()
	// The previous batch's acknowledgement was written during this push.
	markErr := e.awaitMark()
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return e.pushFailed(recs, err)
	}
	settled, err = e.settle(recs, results)
	if err == nil {
		err = markErr
	}
	return settled, err
}

// markAsync records delivered IDs in the outbox while the loop goes on to the next
// push; awaitMark collects the outcome. The central service already holds the
// records durably, so the order of the two does not matter: if the kiosk dies
// before the mark commits, the records are sent again and answered "duplicate".
// Delivered in Status counts them once the mark has committed.
func (e *Engine) markAsync(ids []string) {
	e.awaitMark()
	ch := make(chan error, 1)
	e.marking = ch
	go func() {
		err := e.q.MarkDelivered(ids...)
		if err != nil {
			// They stay leased; after expiry they are resent and answered
			// "duplicate", so nothing is lost or doubled.
			err = fmt.Errorf("sync: mark %d delivered: %w", len(ids), err)
			e.failed(CodeOutbox, err)
		} else {
			e.hub.publish(func(s *Status) { s.Delivered += len(ids) })
		}
		ch <- err
	}()
}

// awaitMark waits for the MarkDelivered started by markAsync, if any, and returns
// its error.
func (e *Engine) awaitMark() error {
	if e.marking == nil {
		return nil
	}
	err := <-e.marking
	e.marking = nil
	return err
}

// pushFailed classifies a failed push and adapts the batch size.
func (e *Engine) pushFailed(recs []outbox.Record, err error) (settled bool, _ error) {
	e.failed(pushCode(err), err)
	var he HTTPStatusError
	if !errors.As(err, &he) {
		// Transport failure (refused, reset, timeout, cut-off answer): the link
		// is down or overloaded. Smaller batches get through flaky links sooner.
		// Online is left to the probe: one verdict source, so a link that fails
		// pushes but answers pings does not flap and cut every backoff short.
		if e.online.Load() && failedMidway(err) {
			// Central answers pings but timed out or hung up on this push: it
			// may hang or crash on a record in it. Offline, or refused before
			// anything was sent, the link is at fault, not the records.
			if ok, aerr := e.blame(recs, err); ok {
				return true, aerr
			}
		}
		e.shrink()
		return false, err
	}
	status, code := he.HTTPStatus(), he.ErrorCode()
	switch {
	case wire.Retryable(status) || status == 408 || status == 429:
		if status != 503 && status != 429 {
			// Central took the request and failed on it (500, 502, 504, 408):
			// perhaps because of a record in it.
			if ok, aerr := e.blame(recs, err); ok {
				return true, aerr
			}
		}
		e.shrink()
		return false, err
	case isAuth(status):
		// The kiosk, not the records, is refused; keep them and retry slowly.
		e.setUnauthorized(err)
		return false, err
	case len(recs) > 1:
		// A 4xx for the whole batch (too large, or one malformed record spoils it):
		// split until the culprit travels alone, so good records are not parked
		// with it. Halving converges in log2(batch) attempts.
		e.size = max(1, min(e.size, len(recs))/2)
		return false, nil
	default:
		if code == "" {
			code = fmt.Sprintf("http_%d", status)
		}
		e.reject(recs[0].ID, code, err.Error())
		return true, nil
	}
}

func isAuth(status int) bool { return status == 401 || status == 403 }

// blame counts a failed push against its records. A record that had already
// failed IsolateAfter times travelled alone (see chunk), so this failure is its
// own: it is set aside for SetAside so the records behind it go on, or, after
// ParkAfter such failures with central taking other records meanwhile, parked as
// "needs attention" with the failure's class. It is never dropped: staff can
// requeue it. settled reports that the record left the held batch.
func (e *Engine) blame(recs []outbox.Record, err error) (settled bool, _ error) {
	if len(recs) == 1 && recs[0].Attempts >= e.o.IsolateAfter {
		r := recs[0]
		st, seen := e.strikes[r.ID]
		switch {
		case !seen:
			st = strike{n: 1, answered: e.answered}
		case e.answered > st.answered:
			// Central took other records since this one first failed alone:
			// the failure is this record's, not an outage's.
			st.n++
		}
		if st.n >= e.o.ParkAfter {
			delete(e.strikes, r.ID)
			e.log.Warn("sync: record fails alone every time; parked", "id", r.ID, "attempts", r.Attempts+1, "code", failureCode(err))
			e.reject(r.ID, failureCode(err), err.Error())
			return true, err
		}
		if e.strikes == nil {
			e.strikes = map[string]strike{}
		}
		e.strikes[r.ID] = st
		e.log.Warn("sync: record fails alone; set aside", "id", r.ID, "attempts", r.Attempts+1, "strikes", st.n)
		if rerr := e.q.Retry(r.ID, e.o.Clock.Now().Add(e.o.SetAside), err.Error()); rerr != nil {
			// Still leased: it comes back at lease expiry, and is sent alone
			// again then.
			e.log.Warn("sync: set aside", "id", r.ID, "err", rerr)
		}
		return true, err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	if ferr := e.q.Failed(err.Error(), ids...); ferr != nil {
		// Not counted this time: isolation comes one failure later.
		e.log.Warn("sync: count failed attempt", "n", len(ids), "err", ferr)
		return false, err
	}
	// recs shares the held batch's array: the counts chunk reads are updated too.
	for i := range recs {
		recs[i].Attempts++
	}
	return false, err
}

// failedMidway reports whether a transport failure happened after the request
// could have reached central: a timeout or a connection cut while waiting for the
// answer. A refused connection or a failed handshake sent no record.
func failedMidway(err error) bool {
	if failureCode(err) == "timeout" {
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// failureCode classifies a failure for the "needs attention" list: the wire error
// code or http_<status> of an answer, else timeout or transport. No personal data.
func failureCode(err error) string {
	var he HTTPStatusError
	switch {
	case errors.As(err, &he) && he.ErrorCode() != "":
		return he.ErrorCode()
	case errors.As(err, &he):
		return fmt.Sprintf("http_%d", he.HTTPStatus())
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	return "transport"
}

// settle applies the per-record results of an answered push.
func (e *Engine) settle(recs []outbox.Record, results []wire.PushResult) (settled bool, _ error) {
	byID := make(map[string]wire.PushResult, len(results))
	for _, r := range results {
		byID[r.ID] = r
	}
	var delivered []string
	var missing []outbox.Record
	rejected := 0
	for _, r := range recs {
		res, ok := byID[r.ID]
		switch {
		case ok && (res.Status == wire.StatusAccepted || res.Status == wire.StatusDuplicate):
			delivered = append(delivered, r.ID)
		case ok && res.Status == wire.StatusRejected:
			code := res.Code
			if code == "" {
				code = "rejected"
			}
			e.reject(r.ID, code, res.Reason)
			rejected++
		default:
			// No usable answer for this record: it was not stored as far as we
			// know, so it goes again.
			missing = append(missing, r)
		}
	}
	e.answered++
	if len(delivered) > 0 {
		for _, id := range delivered {
			delete(e.strikes, id)
		}
		e.markAsync(delivered)
	}
	if len(missing) > 0 {
		e.log.Warn("sync: records without a result", "n", len(missing))
		e.release(missing, "no result from central")
	}
	if len(recs) == e.size && len(missing) == 0 {
		e.size = min(e.o.BatchMax, e.size*2)
	}
	now := e.o.Clock.Now()
	e.hub.publish(func(s *Status) {
		s.Event, s.Sending, s.Unauthorized = EventDelivered, false, false
		s.LastSuccess, s.BatchSize = now, e.size
	})
	e.log.Debug("sync: batch answered", "delivered", len(delivered), "rejected", rejected, "again", len(missing))
	if len(missing) > 0 {
		return true, errors.New("sync: central answered without some records")
	}
	return true, nil
}

func (e *Engine) shrink() { e.size = max(1, e.size/2) }

func (e *Engine) reject(id, code, reason string) {
	e.log.Warn("sync: record rejected", "id", id, "code", code)
	if err := e.q.MarkRejected(id, code, reason); err != nil {
		e.failed(CodeOutbox, fmt.Errorf("sync: reject %s: %w", id, err))
		return
	}
	e.publishStats(EventNeedsAttention)
}

// release hands records back to the queue, due at once: the engine's own backoff,
// not a per-record time, paces attempts, so a link that comes back is used at once.
func (e *Engine) release(recs []outbox.Record, lastErr string) {
	now := e.o.Clock.Now()
	for _, r := range recs {
		if err := e.q.Retry(r.ID, now, lastErr); err != nil {
			// Still leased: it comes back at lease expiry.
			e.log.Warn("sync: release", "id", r.ID, "err", err)
		}
	}
}

func (e *Engine) failed(code string, err error) {
	e.log.Warn("sync: attempt failed", "code", code, "err", err)
	now := e.o.Clock.Now()
	e.hub.publish(func(s *Status) {
		s.Event, s.Sending, s.LastError, s.LastErrorCode, s.LastErrorAt = EventError, false, err.Error(), code, now
	})
}

// pushCode classifies a failed push for Status.LastErrorCode.
func pushCode(err error) string {
	var he HTTPStatusError
	if !errors.As(err, &he) {
		if failureCode(err) == "timeout" {
			return CodeTimeout
		}
		return CodeTransport
	}
	switch status := he.HTTPStatus(); {
	case isAuth(status) && he.ErrorCode() == wire.ErrKioskRevoked:
		return CodeRevoked
	case isAuth(status):
		return CodeUnauthorized
	case status == 429:
		return CodeRateLimited
	case wire.Retryable(status) || status == 408:
		return CodeServer
	}
	return CodeRejected
}
