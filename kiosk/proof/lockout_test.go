package proof

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// centralAnswers is a match function with fixed answers, one per call.
type centralAnswers struct {
	answers []error // nil: no match, errMatch: match, else the error
	calls   int
}

var errMatch = errors.New("match")

func (c *centralAnswers) match(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	a := c.answers[c.calls]
	c.calls++
	switch a {
	case nil:
		return wire.FingerprintMatchResponse{}, nil
	case errMatch:
		return wire.FingerprintMatchResponse{Match: true, Score: 1}, nil
	}
	return wire.FingerprintMatchResponse{}, a
}

func TestLockoutMatch(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		answers []error
		want    []string // per call: "match", "no", "locked", "unreachable"
		calls   int      // how many reached central
	}{
		{"when three fingers fail, the third says locked and a fourth is not sent",
			[]error{nil, nil, nil}, []string{"no", "no", "locked", "locked"}, 3},
		{"when a match comes between, the count starts again",
			[]error{nil, nil, errMatch, nil, nil}, []string{"no", "no", "match", "no", "no"}, 5},
		{"when central refuses, the kiosk refuses too",
			[]error{&LockedError{RetryAfter: time.Minute}}, []string{"locked", "locked"}, 1},
		{"when central cannot be asked, nothing is counted",
			[]error{ErrUnreachable, ErrUnreachable, ErrUnreachable, nil}, []string{"unreachable", "unreachable", "unreachable", "no"}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l Lockout
			c := &centralAnswers{answers: tt.answers}
			for i, want := range tt.want {
				ok, err := l.Match(context.Background(), c.match, "1000000008", []byte{1}, t0)
				got := "no"
				switch {
				case errors.Is(err, ErrLocked):
					got = "locked"
				case errors.Is(err, ErrUnreachable):
					got = "unreachable"
				case ok:
					got = "match"
				}
				if got != want {
					t.Fatalf("call %d: %s (%v), want %s", i+1, got, err, want)
				}
			}
			if c.calls != tt.calls {
				t.Fatalf("%d calls reached central, want %d", c.calls, tt.calls)
			}
			if l.Locked("1000000008", t0.Add(wire.FingerprintLockout)) != 0 {
				t.Fatal("still locked after the lockout")
			}
		})
	}
}
