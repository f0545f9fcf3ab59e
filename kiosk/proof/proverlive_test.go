package proof_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestClassifyLive: each answer of central maps to the error the prover acts
// on, and anything that is not an answer means central could not be asked.
func TestClassifyLive(t *testing.T) {
	answer := func(status int, code string) error {
		return fmt.Errorf("wrapped: %w", &client.HTTPError{Op: "proof", Status: status, Code: code, RetryAfter: 7 * time.Minute})
	}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"when the proof does not hold, it is not proven", answer(403, wire.ErrProofFailed), proof.ErrNotProven},
		{"when there is no activated account, it says so", answer(409, wire.ErrNoAccount), proof.ErrNoAccount},
		{"when no fingerprint is on record, it says so", answer(409, wire.ErrNoFingerprintOnRecord), proof.ErrNoFingerprintOnRecord},
		{"when the card alone is linked to no one, it says so", answer(403, wire.ErrCardNotLinked), proof.ErrCardNotLinked},
		{"when central finds the card expired, it says so", answer(403, wire.ErrCardExpired), proof.ErrCardExpired},
		{"when central locks the person, it is a lockout", answer(429, wire.ErrTooManyTries), proof.ErrLocked},
		{"when too many codes went to the number, it says so", answer(429, wire.ErrRateLimited), proof.ErrTooManyCodes},
		{"when central fails, it is unreachable", answer(503, wire.ErrUnavailable), proof.ErrUnreachable},
		{"when the network is down, it is unreachable", fmt.Errorf("%w: dial", client.ErrOffline), proof.ErrUnreachable},
		{"when the call times out, it is unreachable", context.DeadlineExceeded, proof.ErrUnreachable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := proof.ClassifyLive("proof", c.err)
			if !errors.Is(got, c.want) {
				t.Fatalf("ClassifyLive(%v) = %v, want %v", c.err, got, c.want)
			}
			var le *proof.LockedError
			if errors.As(got, &le) && le.RetryAfter != 7*time.Minute {
				t.Fatalf("lockout for %s, want central's Retry-After", le.RetryAfter)
			}
		})
	}
	if proof.ClassifyLive("proof", nil) != nil {
		t.Fatal("no error became one")
	}
}
