package idle

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) get() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.events)
}

func newTimer(r *recorder) *Timer {
	return New(Options{
		Timeout:  60 * time.Second,
		Warning:  3 * time.Second,
		OnWarn:   func(n int) { r.add(string(rune('0' + n))) },
		OnCancel: func() { r.add("cancel") },
		OnWipe:   func() { r.add("wipe") },
	})
}

func TestTimer(t *testing.T) {
	tests := []struct {
		name string
		run  func(tm *Timer)
		want []string
	}{
		{
			name: "when nobody touches the screen, it warns 3,2,1 and then wipes",
			run:  func(tm *Timer) { tm.Start(); time.Sleep(2 * time.Minute) },
			want: []string{"3", "2", "1", "wipe"},
		},
		{
			name: "when touched during the quiet time, nothing happens before the full timeout",
			run: func(tm *Timer) {
				tm.Start()
				time.Sleep(50 * time.Second)
				tm.Touch()
				time.Sleep(50 * time.Second)
			},
			want: nil,
		},
		{
			name: "when touched during the countdown, it cancels and starts over",
			run: func(tm *Timer) {
				tm.Start()
				time.Sleep(61500 * time.Millisecond)
				tm.Touch()
				time.Sleep(59 * time.Second)
			},
			want: []string{"3", "2", "cancel"},
		},
		{
			name: "when stopped, it never wipes",
			run:  func(tm *Timer) { tm.Start(); time.Sleep(61500 * time.Millisecond); tm.Stop(); time.Sleep(time.Hour) },
			want: []string{"3", "2"},
		},
		{
			name: "when wiped once, it stays quiet until started again",
			run:  func(tm *Timer) { tm.Start(); time.Sleep(time.Hour); tm.Touch(); time.Sleep(time.Hour) },
			want: []string{"3", "2", "1", "wipe"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &recorder{}
				tm := newTimer(r)
				tt.run(tm)
				synctest.Wait()
				if got := r.get(); !slices.Equal(got, tt.want) {
					t.Errorf("events = %v, want %v", got, tt.want)
				}
				tm.Stop()
			})
		})
	}
}

func TestSetDurations(t *testing.T) {
	tests := []struct {
		name string
		run  func(tm *Timer)
		// at is how long after Start the events are read; want is what they are then.
		at   time.Duration
		want []string
	}{
		{
			name: "when shortened to 20 s + 2 s after 10 s, nothing before 30 s",
			run:  func(tm *Timer) { tm.SetDurations(20*time.Second, 2*time.Second) },
			at:   29 * time.Second,
			want: nil,
		},
		{
			name: "when shortened to 20 s + 2 s after 10 s, wiped 32 s after the start",
			run:  func(tm *Timer) { tm.SetDurations(20*time.Second, 2*time.Second) },
			at:   32*time.Second + time.Millisecond,
			want: []string{"2", "1", "wipe"},
		},
		{
			name: "when lengthened to 90 s after 10 s, no warning at 61 s",
			run:  func(tm *Timer) { tm.SetDurations(90*time.Second, 3*time.Second) },
			at:   61 * time.Second,
			want: nil,
		},
		{
			name: "when stopped, changing the durations does not start it",
			run:  func(tm *Timer) { tm.Stop(); tm.SetDurations(time.Second, time.Second) },
			at:   time.Hour,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := &recorder{}
				tm := newTimer(r)
				tm.Start()
				time.Sleep(10 * time.Second)
				tt.run(tm)
				time.Sleep(tt.at - 10*time.Second)
				synctest.Wait()
				if got := r.get(); !slices.Equal(got, tt.want) {
					t.Errorf("events = %v, want %v", got, tt.want)
				}
				tm.Stop()
			})
		})
	}

	t.Run("when changed during the countdown, the countdown finishes as it began", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := &recorder{}
			tm := newTimer(r)
			tm.Start()
			time.Sleep(60500 * time.Millisecond)
			tm.SetDurations(20*time.Second, 5*time.Second)
			time.Sleep(3 * time.Second)
			synctest.Wait()
			if got, want := r.get(), []string{"3", "2", "1", "wipe"}; !slices.Equal(got, want) {
				t.Errorf("events = %v, want %v", got, want)
			}
		})
	})
}
