// Package idle ends an abandoned kiosk session. After Timeout without activity it
// starts a countdown of Warning (calling OnWarn once per second with the seconds
// left, so the screen can ask "are you still there?"); if nobody touches the screen
// before it reaches zero, OnWipe runs and the session's data must be forgotten.
//
// Time comes from a Clock so that tests run the countdown in virtual time
// (testing/synctest with the Real clock, or a hand-driven fake).
//
// # Caveats
//
// Callbacks run on the clock's goroutine, never on Fyne's: wrap UI work in fyne.Do.
// Fyne has no global input hook, so "activity" is whatever the owner reports with
// Touch (screen changes, keys, buttons).
package idle

import (
	"sync"
	"time"
)

// Clock is the time source: Real, or a fake in tests.
type Clock interface {
	AfterFunc(d time.Duration, f func()) Stopper
}

// Stopper cancels a pending AfterFunc; it reports whether it stopped it in time.
type Stopper interface {
	Stop() bool
}

// Real is the wall clock.
var Real Clock = realClock{}

type realClock struct{}

func (realClock) AfterFunc(d time.Duration, f func()) Stopper { return time.AfterFunc(d, f) }

// Options configure a Timer. Zero durations disable the timer.
type Options struct {
	// Timeout is the quiet time before the warning starts.
	Timeout time.Duration
	// Warning is how long the countdown lasts; rounded to whole seconds.
	Warning time.Duration
	// OnWarn is called when the countdown starts and then every second with the
	// whole seconds left (Warning/1s, …, 1).
	OnWarn func(secondsLeft int)
	// OnCancel is called when activity interrupts a running countdown.
	OnCancel func()
	// OnWipe is called when the countdown reaches zero.
	OnWipe func()
	// Clock defaults to Real.
	Clock Clock
}

// Timer watches for inactivity. Its methods are safe for concurrent use.
type Timer struct {
	opts Options

	mu      sync.Mutex
	pending Stopper
	gen     int // invalidates callbacks scheduled before the last Touch/Stop
	warning bool
	running bool
}

// New returns a stopped Timer.
func New(opts Options) *Timer {
	if opts.Clock == nil {
		opts.Clock = Real
	}
	return &Timer{opts: opts}
}

// Start (re)arms the timer as if the user had just touched the screen.
func (t *Timer) Start() {
	t.mu.Lock()
	t.running = true
	t.mu.Unlock()
	t.Touch()
}

// Stop disarms the timer (e.g. on the attract screen, where nothing is at stake).
func (t *Timer) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.running = false
	t.reset()
}

// Warning reports whether the countdown is running.
func (t *Timer) Warning() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.warning
}

// Touch records activity: it restarts the quiet period and cancels a countdown.
func (t *Timer) Touch() {
	t.mu.Lock()
	if !t.running || t.opts.Timeout <= 0 {
		t.mu.Unlock()
		return
	}
	wasWarning := t.warning
	t.reset()
	gen, warn := t.gen, int(t.opts.Warning/time.Second)
	t.pending = t.opts.Clock.AfterFunc(t.opts.Timeout, func() { t.tick(gen, warn) })
	t.mu.Unlock()
	if wasWarning && t.opts.OnCancel != nil {
		t.opts.OnCancel()
	}
}

// SetDurations changes Timeout and Warning while the timer runs (the central
// service can change the idle time at any poll). A quiet period already running
// starts again with the new Timeout, counted from now, so a shorter time never
// wipes a session at once; a countdown already on screen finishes as it began.
func (t *Timer) SetDurations(timeout, warning time.Duration) {
	t.mu.Lock()
	t.opts.Timeout, t.opts.Warning = timeout, warning
	rearm := t.running && !t.warning
	t.mu.Unlock()
	if rearm {
		t.Touch()
	}
}

// reset cancels what is pending; t.mu must be held.
func (t *Timer) reset() {
	t.gen++
	t.warning = false
	if t.pending != nil {
		t.pending.Stop()
		t.pending = nil
	}
}

func (t *Timer) tick(gen, left int) {
	t.mu.Lock()
	if gen != t.gen {
		t.mu.Unlock()
		return
	}
	if left <= 0 {
		t.running, t.warning, t.pending = false, false, nil
		t.gen++
		t.mu.Unlock()
		if t.opts.OnWipe != nil {
			t.opts.OnWipe()
		}
		return
	}
	t.warning = true
	t.pending = t.opts.Clock.AfterFunc(time.Second, func() { t.tick(gen, left-1) })
	t.mu.Unlock()
	if t.opts.OnWarn != nil {
		t.opts.OnWarn(left)
	}
}
