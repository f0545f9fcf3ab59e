package activate

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// lockout is the kiosk's count of failed matches per ID (kept as a SHA-256),
// with central's limits, so the person hears of the lockout on the failure that
// causes it and is not asked for a finger that central would refuse anyway.
type lockout struct {
	mu    sync.Mutex
	until map[[32]byte]time.Time
	fails map[[32]byte]int
}

// locked returns how long id stays refused at now; zero when it may try.
func (l *lockout) locked(id string, now time.Time) time.Duration {
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
func (l *lockout) failed(id string, now time.Time) time.Duration {
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
func (l *lockout) lockFor(id string, d time.Duration, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lockLocked(sha256.Sum256([]byte(id)), now.Add(d))
}

// matched clears the count of id.
func (l *lockout) matched(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, sha256.Sum256([]byte(id)))
}

func (l *lockout) lockLocked(k [32]byte, until time.Time) {
	if l.until == nil {
		l.until = map[[32]byte]time.Time{}
	}
	l.until[k] = until
}
