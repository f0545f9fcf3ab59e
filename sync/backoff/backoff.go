// Package backoff spaces out retries of a failing operation: exponential growth up to
// a cap, with full jitter, reset by the first success, and abandoned when the
// context ends.
//
// Full jitter (a delay drawn uniformly from [0, ceiling)) matters for a fleet: when
// the central service comes back after an outage, thousands of kiosks that failed at
// the same moment would otherwise retry at the same moments too, and knock it over
// again (the thundering herd). Drawing from the whole interval spreads them out.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Clock is the time source a Backoff waits on. Tests run under testing/synctest,
// where the real clock is already fake, or inject their own.
type Clock interface {
	Now() time.Time
	// After behaves like time.After.
	After(d time.Duration) <-chan time.Time
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Options configure a Backoff. The zero value is usable: every field documents its
// default.
type Options struct {
	// Base is the ceiling of the first delay; zero means 250ms.
	Base time.Duration
	// Max caps the ceiling, however many failures came before; zero means 1 minute.
	Max time.Duration
	// Clock is waited on; nil means RealClock.
	Clock Clock
	// Int64N returns a uniform random number in [0, n); nil means math/rand/v2.
	// Tests inject a fixed sequence to make the delays exact.
	Int64N func(n int64) int64
}

// Backoff computes and waits out the delay before the next attempt. It is not safe
// for concurrent use: each retry loop owns its own.
type Backoff struct {
	base, max time.Duration
	clock     Clock
	int64n    func(int64) int64
	failures  int
}

// New returns a Backoff with no failures recorded.
func New(o Options) *Backoff {
	b := &Backoff{base: o.Base, max: o.Max, clock: o.Clock, int64n: o.Int64N}
	if b.base <= 0 {
		b.base = 250 * time.Millisecond
	}
	if b.max <= 0 {
		b.max = time.Minute
	}
	if b.max < b.base {
		b.max = b.base
	}
	if b.clock == nil {
		b.clock = RealClock{}
	}
	if b.int64n == nil {
		b.int64n = rand.Int64N
	}
	return b
}

// Delay records the outcome of an attempt and returns how long to wait before the
// next one. A nil err is a success: the failure count resets and the delay is zero,
// so a recovered link runs at full speed at once.
func (b *Backoff) Delay(err error) time.Duration {
	if err == nil {
		b.failures = 0
		return 0
	}
	b.failures++
	ceiling := b.Ceiling()
	return time.Duration(b.int64n(int64(ceiling)))
}

// Ceiling is the upper bound of the delay after the failures recorded so far:
// Base doubled per failure after the first, never above Max.
func (b *Backoff) Ceiling() time.Duration {
	if b.failures == 0 {
		return 0
	}
	c := b.base
	for i := 1; i < b.failures; i++ {
		if c >= b.max/2 {
			// Doubling again would pass the cap (or overflow after many failures).
			return b.max
		}
		c *= 2
	}
	return min(c, b.max)
}

// Failures is the number of failures since the last success.
func (b *Backoff) Failures() int { return b.failures }

// Reset forgets past failures, as a success would.
func (b *Backoff) Reset() { b.failures = 0 }

// BackOff records the outcome of an attempt and, if it failed, waits out the delay.
// It returns ctx.Err() if the context ends first, so a retry loop stops promptly
// when the kiosk shuts down, and nil otherwise.
func (b *Backoff) BackOff(ctx context.Context, err error) error {
	d := b.Delay(err)
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-b.clock.After(d):
		return nil
	}
}
