package central

import (
	"crypto/sha256"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// fingerLock counts failed fingerprint matches per ID number and refuses further
// tries for wire.FingerprintLockout after wire.FingerprintMaxFails of them. The
// ID number is kept as a SHA-256, so the map in memory does not list who tried.
//
// The count lives in this process: replicas behind one address each count on
// their own, and a restart forgets. That still bounds the tries per replica; a
// shared count would need a store bucket.
type fingerLock struct {
	mu    sync.Mutex
	fails map[[32]byte]lockEntry
}

type lockEntry struct {
	count int
	last  time.Time
}

// locked returns how long id stays refused at now; zero when it may try.
func (l *fingerLock) locked(id string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.fails[sha256.Sum256([]byte(id))]
	if !ok || e.count < wire.FingerprintMaxFails {
		return 0
	}
	left := e.last.Add(wire.FingerprintLockout).Sub(now)
	if left <= 0 {
		delete(l.fails, sha256.Sum256([]byte(id)))
		return 0
	}
	return left
}

// record counts one match result for id: a failure adds one, a match clears.
func (l *fingerLock) record(id string, match bool, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := sha256.Sum256([]byte(id))
	if match {
		delete(l.fails, k)
		return
	}
	if l.fails == nil {
		l.fails = map[[32]byte]lockEntry{}
	}
	e := l.fails[k]
	if e.count >= wire.FingerprintMaxFails && now.Sub(e.last) >= wire.FingerprintLockout {
		e.count = 0 // the lockout passed: a fresh count
	}
	e.count++
	e.last = now
	l.fails[k] = e
	// Old entries of people who never came back would otherwise pile up.
	if len(l.fails) > 10000 {
		for key, old := range l.fails {
			if now.Sub(old.last) >= wire.FingerprintLockout {
				delete(l.fails, key)
			}
		}
	}
}
