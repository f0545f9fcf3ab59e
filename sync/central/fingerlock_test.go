package central

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

func TestFingerLock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		steps func(l *fingerLock)
		at    time.Time
		want  time.Duration
	}{
		{"when two tries failed, a third is allowed", func(l *fingerLock) {
			l.record("1", false, t0)
			l.record("1", false, t0)
		}, t0, 0},
		{"when three tries failed, the ID is refused for the lockout", func(l *fingerLock) {
			for range wire.FingerprintMaxFails {
				l.record("1", false, t0)
			}
		}, t0.Add(time.Minute), wire.FingerprintLockout - time.Minute},
		{"when the lockout has passed, the ID may try again", func(l *fingerLock) {
			for range wire.FingerprintMaxFails {
				l.record("1", false, t0)
			}
		}, t0.Add(wire.FingerprintLockout), 0},
		{"when a match comes between failures, the count starts again", func(l *fingerLock) {
			l.record("1", false, t0)
			l.record("1", false, t0)
			l.record("1", true, t0)
			l.record("1", false, t0)
		}, t0, 0},
		{"when another ID failed, this one is not refused", func(l *fingerLock) {
			for range wire.FingerprintMaxFails {
				l.record("2", false, t0)
			}
		}, t0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l fingerLock
			tt.steps(&l)
			if got := l.locked("1", tt.at); got != tt.want {
				t.Fatalf("locked = %v, want %v", got, tt.want)
			}
		})
	}
}
