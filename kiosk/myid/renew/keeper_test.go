package renew

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// fakeCentral issues on-screen credentials living 60 s, numbered QR0, QR1, …,
// or fails with err while err is set.
type fakeCentral struct {
	mu      sync.Mutex
	n       int
	fetches int
	err     error
	block   bool // wait for the context instead of answering
}

func (c *fakeCentral) issue() wire.DigitalID {
	now := time.Now()
	d := wire.DigitalID{QR: fmt.Sprintf("QR%d", c.n), IssuedAt: now, ExpiresAt: now.Add(60 * time.Second)}
	c.n++
	return d
}

func (c *fakeCentral) fetch(ctx context.Context) (wire.DigitalID, error) {
	c.mu.Lock()
	c.fetches++
	block, err := c.block, c.err
	c.mu.Unlock()
	if block {
		<-ctx.Done()
		return wire.DigitalID{}, Classify("renew", ctx.Err())
	}
	if err != nil {
		return wire.DigitalID{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.issue(), nil
}

func (c *fakeCentral) set(f func(c *fakeCentral)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(c)
}

func (c *fakeCentral) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

// screen records what the keeper told it, and fails the test the moment it is
// told to draw an expired credential.
type screen struct {
	t    *testing.T
	mu   sync.Mutex
	last Status
	all  []Status
}

func (s *screen) on(st Status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.ID.QR != "" && !time.Now().Before(st.ID.ExpiresAt) {
		s.t.Errorf("at %v an expired credential %s is drawn", time.Now(), st.ID.QR)
	}
	if st.ID.QR == "" && !st.Expired {
		s.t.Errorf("a blank QR that is not said to be expired: %+v", st)
	}
	s.last = st
	s.all = append(s.all, st)
}

func (s *screen) now() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// at sleeps until d after start and lets the keeper settle.
func at(start time.Time, d time.Duration) {
	time.Sleep(time.Until(start.Add(d)))
	synctest.Wait()
}

func TestKeeperRenewsBeforeExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &fakeCentral{}
		s := &screen{t: t}
		start := time.Now()
		k := Start(c.issue(), Options{Fetch: c.fetch, OnStatus: s.on})
		defer k.Stop()

		for _, step := range []struct {
			at      time.Duration
			fetches int
			qr      string
			left    time.Duration
		}{
			{0, 0, "QR0", 60 * time.Second},
			{30 * time.Second, 0, "QR0", 30 * time.Second},
			{44 * time.Second, 0, "QR0", 16 * time.Second},
			// 15 s before the end, the new credential is fetched and drawn.
			{45 * time.Second, 1, "QR1", 60 * time.Second},
			{59 * time.Second, 1, "QR1", 46 * time.Second},
			{90 * time.Second, 2, "QR2", 60 * time.Second},
			{105 * time.Second, 2, "QR2", 45 * time.Second},
		} {
			at(start, step.at)
			got := s.now()
			if c.count() != step.fetches || got.ID.QR != step.qr || got.Left != step.left || got.Expired || got.RenewErr != nil {
				t.Fatalf("at %v: %d fetches, drawn %q with %v left (expired %v, err %v); want %d, %q, %v",
					step.at, c.count(), got.ID.QR, got.Left, got.Expired, got.RenewErr, step.fetches, step.qr, step.left)
			}
		}
		// One status a second: the countdown never skips a second.
		if n := len(s.all); n < 105 {
			t.Fatalf("%d statuses in 105 s", n)
		}
	})
}

func TestKeeperRenewalFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		offline := Classify("renew", errors.New("connection refused"))
		c := &fakeCentral{}
		s := &screen{t: t}
		start := time.Now()
		k := Start(c.issue(), Options{Fetch: c.fetch, OnStatus: s.on})
		defer k.Stop()
		c.set(func(c *fakeCentral) { c.err = offline })

		at(start, 45*time.Second)
		if got := s.now(); got.ID.QR != "QR0" || !errors.Is(got.RenewErr, ErrUnreachable) || got.Left != 15*time.Second {
			t.Fatalf("a failed renewal at 45 s: %+v", got)
		}
		// Retried every 5 s while the old one is valid: 45, 50, 55.
		at(start, 59*time.Second)
		if got := s.now(); c.count() != 3 || got.ID.QR != "QR0" || got.Left != time.Second || got.RenewErr == nil {
			t.Fatalf("at 59 s: %d fetches, %+v", c.count(), got)
		}
		at(start, 60*time.Second)
		if got := s.now(); !got.Expired || got.ID.QR != "" || got.Left != 0 {
			t.Fatalf("at 60 s the credential has ended: %+v", got)
		}
		// The network comes back: the next retry draws a valid credential.
		c.set(func(c *fakeCentral) { c.err = nil })
		at(start, 65*time.Second)
		if got := s.now(); got.Expired || got.ID.QR != "QR1" || got.RenewErr != nil || got.Left != 60*time.Second {
			t.Fatalf("after the network came back: %+v", got)
		}
	})
}

func TestKeeperStopsWhenRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &fakeCentral{}
		s := &screen{t: t}
		start := time.Now()
		k := Start(c.issue(), Options{Fetch: c.fetch, OnStatus: s.on})
		defer k.Stop()
		c.set(func(c *fakeCentral) { c.err = fmt.Errorf("token expired: %w", ErrRefused) })
		at(start, 80*time.Second)
		if got := s.now(); c.count() != 1 || !got.Ended || !got.Expired {
			t.Fatalf("refused for good: %d fetches, %+v", c.count(), got)
		}
	})
}

// Stop cancels a fetch under way and leaves no goroutine behind (synctest.Test
// fails on a goroutine still blocked at the end of the bubble).
func TestKeeperStopCancelsFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &fakeCentral{block: true}
		s := &screen{t: t}
		start := time.Now()
		k := Start(c.issue(), Options{Fetch: c.fetch, OnStatus: s.on})
		at(start, 46*time.Second)
		if c.count() != 1 {
			t.Fatalf("%d fetches under way", c.count())
		}
		k.Stop()
		k.Stop() // twice is harmless
		<-k.Done()
		n := len(s.all)
		at(start, 120*time.Second)
		if len(s.all) != n {
			t.Fatalf("statuses after Stop")
		}
	})
}
