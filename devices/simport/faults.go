package simport

import (
	"context"
	"io"
	"math/rand/v2"
	"sync"
	"time"
)

// Faults holds a simulator's run-time misbehaviours. The zero value behaves well.
// Simulators embed it and route every reply through Send.
type Faults struct {
	mu          sync.Mutex
	delay       time.Duration
	garbage     int
	badChecksum bool
	mute        bool
	rng         *rand.Rand
}

// SetSlow delays every reply by d (zero restores full speed).
func (f *Faults) SetSlow(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// InjectGarbage puts n random bytes on the line before the next reply.
func (f *Faults) InjectGarbage(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.garbage += n
}

// SetBadChecksums makes the simulator corrupt the checksum (or check digit) of every
// reply until turned off.
func (f *Faults) SetBadChecksums(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.badChecksum = on
}

// BadChecksums reports whether replies should carry a wrong checksum.
func (f *Faults) BadChecksums() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.badChecksum
}

// SetMute makes the simulator stop answering (the cable is in, the device is dead).
func (f *Faults) SetMute(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.mute = on
}

// Muted reports whether the simulator is silent.
func (f *Faults) Muted() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.mute
}

// Garbage returns n deterministic pseudo-random bytes. The sequence is seeded once so
// a failing run can be replayed.
func (f *Faults) Garbage(n int) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.garbageLocked(n)
}

func (f *Faults) garbageLocked(n int) []byte {
	if f.rng == nil {
		f.rng = rand.New(rand.NewPCG(0xBA, 0xBA))
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(f.rng.UintN(256))
	}
	return b
}

// Send writes one reply to w, applying the faults: nothing when muted, pending
// garbage first, after the configured delay.
func (f *Faults) Send(ctx context.Context, w io.Writer, b []byte) error {
	f.mu.Lock()
	mute, delay := f.mute, f.delay
	var junk []byte
	if f.garbage > 0 && !mute {
		junk = f.garbageLocked(f.garbage)
		f.garbage = 0
	}
	f.mu.Unlock()
	if mute {
		return nil
	}
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	_, err := w.Write(append(junk, b...))
	return err
}
