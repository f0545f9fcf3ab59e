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
