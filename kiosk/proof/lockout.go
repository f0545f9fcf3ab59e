package proof

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

var (
	// ErrLocked is matched by a *LockedError: too many failed fingerprint
	// matches for one ID, on this kiosk or at central (429 too_many_tries).
	ErrLocked = errors.New("proof: too many failed fingerprint matches")
	// ErrUnreachable is wrapped by a match function's error when central could
	// not be asked (offline, a timeout, a 5xx).
	ErrUnreachable = errors.New("proof: central unreachable")
)

// LockedError is a refusal to match again for RetryAfter.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string { return ErrLocked.Error() }

// Unwrap makes errors.Is(err, ErrLocked) work.
func (e *LockedError) Unwrap() error { return ErrLocked }

// MatchFunc asks central to match a template (/v1/fingerprint/match). It
// returns a *LockedError for central's 429 and wraps ErrUnreachable when
// central could not be asked.
type MatchFunc func(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error)

// Match asks central about tmpl for id within the lockout: a refused ID is not
// sent at all, a failure is counted, and the failure that reaches
// wire.FingerprintMaxFails returns a *LockedError at once, so the person hears
// of it then. The zero Lockout is ready to use; keep one per kiosk, not per
// session.
func (l *Lockout) Match(ctx context.Context, match MatchFunc, id string, tmpl []byte, now time.Time) (bool, error) {
	if left := l.locked(id, now); left > 0 {
		return false, &LockedError{RetryAfter: left}
	}
	res, err := match(ctx, wire.FingerprintMatchRequest{IDNumber: id, Template: tmpl})
	var le *LockedError
	switch {
	case errors.As(err, &le):
		l.lockFor(id, le.RetryAfter, now)
		return false, err
	case err != nil:
		return false, fmt.Errorf("proof: match: %w", err)
	case res.Match:
		l.matched(id)
		return true, nil
	}
	if left := l.failed(id, now); left > 0 {
		return false, &LockedError{RetryAfter: left}
	}
	return false, nil
}

// Locked returns how long id stays refused at now; zero when it may try.
func (l *Lockout) Locked(id string, now time.Time) time.Duration { return l.locked(id, now) }

// Lockout is the kiosk's count of failed matches per ID (kept as a SHA-256),
// with central's limits, so the person hears of the lockout on the failure that
// causes it and is not asked for a finger that central would refuse anyway. It
// lives in memory: a restart forgets it, central's count still holds.
type Lockout struct {
	mu    sync.Mutex
	until map[[32]byte]time.Time
	fails map[[32]byte]int
}

// locked returns how long id stays refused at now; zero when it may try.
func (l *Lockout) locked(id string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := sha256.Sum256([]byte(id))
	if u, ok := l.until[k]; ok {
		if left := u.Sub(now); left > 0 {
			return left
		}
		delete(l.until, k)
	}
	return 0
}

// failed counts a failed match and returns the lockout it started, if any.
func (l *Lockout) failed(id string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := sha256.Sum256([]byte(id))
	if l.fails == nil {
		l.fails = map[[32]byte]int{}
	}
	l.fails[k]++
	if l.fails[k] < wire.FingerprintMaxFails {
		return 0
	}
	delete(l.fails, k)
	l.lockLocked(k, now.Add(wire.FingerprintLockout))
	return wire.FingerprintLockout
}

// lockFor records central's refusal.
func (l *Lockout) lockFor(id string, d time.Duration, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lockLocked(sha256.Sum256([]byte(id)), now.Add(d))
}

// matched clears the count of id.
func (l *Lockout) matched(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, sha256.Sum256([]byte(id)))
}

func (l *Lockout) lockLocked(k [32]byte, until time.Time) {
	if l.until == nil {
		l.until = map[[32]byte]time.Time{}
	}
	l.until[k] = until
}
