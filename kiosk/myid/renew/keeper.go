package renew

import (
	"context"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Defaults of Options.
const (
	// DefaultRenewBefore leaves a renewal 15 s: a loopback round trip takes a few
	// milliseconds, a slow link a few seconds, and two retries still fit.
	DefaultRenewBefore = 15 * time.Second
	// DefaultRetryEvery spaces retries of a failed renewal.
	DefaultRetryEvery = 5 * time.Second
	// DefaultFetchTimeout bounds one renewal.
	DefaultFetchTimeout = 10 * time.Second
)

// Status is what the card screen shows at one tick.
type Status struct {
	// ID is the credential to draw; its QR is "" once it has expired, so an
	// expired code is never drawn as if it were valid.
	ID wire.DigitalID
	// Left is the time until ID expires, rounded down to the second; zero once
	// it has expired.
	Left time.Duration
	// Expired is set once ID has expired with no new credential in its place.
	Expired bool
	// RenewErr is the last renewal's failure, nil when none failed since the last
	// success; the screen says so while the old credential is still valid.
	RenewErr error
	// Ended is set when central refused a renewal for good (ErrRefused,
	// ErrNoAccount): the keeper has stopped asking.
	Ended bool
}

// Options configure a Keeper. Fetch and OnStatus are required.
type Options struct {
	// Fetch gets a new on-screen credential; its errors are Classify's.
	Fetch func(ctx context.Context) (wire.DigitalID, error)
	// OnStatus is told the status at every tick and after every fetch, through
	// Post.
	OnStatus func(Status)
	// Post runs f on the UI goroutine (fyne.Do); nil calls it directly.
	Post func(f func())
	// RenewBefore is how long before expiry a new credential is fetched; zero
	// means DefaultRenewBefore.
	RenewBefore time.Duration
	// RetryEvery spaces retries of a failed renewal; zero means DefaultRetryEvery.
	RetryEvery time.Duration
	// Timeout bounds one fetch; zero means DefaultFetchTimeout.
	Timeout time.Duration
}

// Keeper keeps a valid credential on screen: it ticks every second (the
// countdown), fetches a new credential RenewBefore the current one expires, and
// retries every RetryEvery while that fails, even after the old one has expired
// (the network may come back), until central refuses for good or Stop.
type Keeper struct {
	o      Options
	cancel context.CancelFunc
	done   chan struct{}
	once   sync.Once
}

// Start starts a Keeper keeping first, a credential just fetched.
func Start(first wire.DigitalID, o Options) *Keeper {
	if o.RenewBefore <= 0 {
		o.RenewBefore = DefaultRenewBefore
	}
	if o.RetryEvery <= 0 {
		o.RetryEvery = DefaultRetryEvery
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultFetchTimeout
	}
	if o.Post == nil {
		o.Post = func(f func()) { f() }
	}
	ctx, cancel := context.WithCancel(context.Background())
	k := &Keeper{o: o, cancel: cancel, done: make(chan struct{})}
	go k.run(ctx, first)
	return k
}

// Stop ends the keeper; a fetch under way is cancelled and its answer dropped.
// It does not wait for the goroutine (Done does), so it is safe on the UI
// goroutine that the goroutine posts to; statuses already posted may still
// arrive, and the receiver drops those of a stopped keeper (the flow's session
// counter).
func (k *Keeper) Stop() { k.once.Do(k.cancel) }

// Done is closed when the keeper's goroutine has ended.
func (k *Keeper) Done() <-chan struct{} { return k.done }

type fetched struct {
	id  wire.DigitalID
	err error
}

func (k *Keeper) run(ctx context.Context, cur wire.DigitalID) {
	defer close(k.done)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	results := make(chan fetched, 1) // buffered: a fetch that ends after Stop does not block
	var (
		fetching bool
		nextTry  time.Time // after a failure, not before this
		lastErr  error
		ended    bool
	)
	for {
		now := time.Now()
		if !fetching && !ended && !now.Before(cur.ExpiresAt.Add(-k.o.RenewBefore)) && !now.Before(nextTry) {
			fetching = true
			go func() {
				fctx, cancel := context.WithTimeout(ctx, k.o.Timeout)
				defer cancel()
				id, err := k.o.Fetch(fctx)
				results <- fetched{id, err}
			}()
		}
		st := Status{ID: cur, RenewErr: lastErr, Ended: ended}
		if left := cur.ExpiresAt.Sub(now); left > 0 {
			st.Left = left.Truncate(time.Second)
		} else {
			st.Expired, st.ID.QR = true, ""
		}
		k.o.Post(func() { k.o.OnStatus(st) })
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case r := <-results:
			fetching = false
			if r.err != nil {
				if ctx.Err() != nil {
					return
				}
				lastErr, nextTry, ended = r.err, time.Now().Add(k.o.RetryEvery), permanent(r.err)
				continue
			}
			cur, lastErr, nextTry = r.id, nil, time.Time{}
		}
	}
}
