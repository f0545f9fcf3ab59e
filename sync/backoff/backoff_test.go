package backoff

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

var errDown = errors.New("central unreachable")

// top returns n-1: the largest delay full jitter can draw, so ceilings are visible.
func top(n int64) int64 { return n - 1 }

func TestCeiling(t *testing.T) {
	tests := []struct {
		name     string
		base     time.Duration
		max      time.Duration
		failures int
		want     time.Duration
	}{
		{"when nothing failed, no wait", time.Second, time.Minute, 0, 0},
		{"when one failure, the base", time.Second, time.Minute, 1, time.Second},
		{"when three failures, base doubled twice", time.Second, time.Minute, 3, 4 * time.Second},
		{"when many failures, the cap", time.Second, time.Minute, 10, time.Minute},
		{"when thousands of failures, the cap without overflow", time.Second, time.Minute, 5000, time.Minute},
		{"when the cap is below the base, the cap is raised to the base", time.Second, time.Millisecond, 4, time.Second},
		{"when zero options, the defaults", 0, 0, 2, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := New(Options{Base: tt.base, Max: tt.max, Int64N: top})
			for range tt.failures {
				b.Delay(errDown)
			}
			if got := b.Ceiling(); got != tt.want {
				t.Fatalf("Ceiling() after %d failures = %v, want %v", tt.failures, got, tt.want)
			}
		})
	}
}

func TestDelayIsJitteredBelowCeilingAndResetBySuccess(t *testing.T) {
	b := New(Options{Base: 100 * time.Millisecond, Max: 2 * time.Second})
	seen := map[time.Duration]bool{}
	for i := range 200 {
		d := b.Delay(errDown)
		if d < 0 || d >= b.Ceiling() {
			t.Fatalf("failure %d: delay %v outside [0, %v)", i+1, d, b.Ceiling())
		}
		seen[d] = true
	}
	if len(seen) < 100 {
		t.Fatalf("only %d distinct delays in 200 draws: jitter is not spreading retries", len(seen))
	}
	if d := b.Delay(nil); d != 0 || b.Failures() != 0 {
		t.Fatalf("after success: delay %v, failures %d; want 0, 0", d, b.Failures())
	}
}

func TestBackOffWaitsTheDrawnDelay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := New(Options{Base: time.Second, Max: 8 * time.Second, Int64N: top})
		start := time.Now()
		want := []time.Duration{1, 2, 4, 8, 8} // ceilings in seconds; top() draws just under
		var elapsed time.Duration
		for i, w := range want {
			if err := b.BackOff(t.Context(), errDown); err != nil {
				t.Fatalf("BackOff %d: %v", i, err)
			}
			elapsed += w*time.Second - 1
			if got := time.Since(start); got != elapsed {
				t.Fatalf("after failure %d: waited %v in total, want %v", i+1, got, elapsed)
			}
		}
		before := time.Now()
		if err := b.BackOff(t.Context(), nil); err != nil || time.Since(before) != 0 {
			t.Fatalf("success: err %v, waited %v; want no wait", err, time.Since(before))
		}
	})
}

func TestBackOffStopsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := New(Options{Base: time.Hour, Max: time.Hour, Int64N: top})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		start := time.Now()
		go func() { done <- b.BackOff(ctx, errDown) }()
		time.Sleep(time.Minute)
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("BackOff returned %v before the delay or cancellation", err)
		default:
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("BackOff after cancel = %v, want context.Canceled", err)
		}
		if got := time.Since(start); got != time.Minute {
			t.Fatalf("returned after %v, want at cancellation (1m)", got)
		}
	})
}

// fakeClock proves the injected clock is the one waited on.
type fakeClock struct{ asked []time.Duration }

func (c *fakeClock) Now() time.Time { return time.Time{} }
func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.asked = append(c.asked, d)
	ch := make(chan time.Time, 1)
	ch <- time.Time{}
	return ch
}

func TestBackOffUsesInjectedClock(t *testing.T) {
	c := &fakeClock{}
	b := New(Options{Base: time.Hour, Max: 4 * time.Hour, Clock: c, Int64N: top})
	for range 3 {
		if err := b.BackOff(context.Background(), errDown); err != nil {
			t.Fatal(err)
		}
	}
	want := []time.Duration{time.Hour - 1, 2*time.Hour - 1, 4*time.Hour - 1}
	if len(c.asked) != len(want) {
		t.Fatalf("clock asked %v, want %v", c.asked, want)
	}
	for i := range want {
		if c.asked[i] != want[i] {
			t.Fatalf("clock asked %v, want %v", c.asked, want)
		}
	}
}
