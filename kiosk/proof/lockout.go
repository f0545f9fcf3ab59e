package proof

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/bawaba/bawaba/internal/atomicfile"
	"github.com/bawaba/bawaba/sync/wire"
)

var (
	// ErrLocked is matched by a *LockedError: too many failed fingerprint
	// matches for one ID, on this kiosk or at central (429 too_many_tries).
	ErrLocked = errors.New("proof: too many failed fingerprint matches")
	// ErrUnreachable is wrapped by a match function's error when central could
	// not be asked (offline, a timeout, a 5xx).
	ErrUnreachable = errors.New("proof: central unreachable")
	// ErrLockoutFile is wrapped by OpenLockout's error when the lockout file or
	// its key could not be read or parsed: the lockout starts empty (central's
	// count still holds) and the caller logs the error.
	ErrLockoutFile = errors.New("proof: lockout file unusable")
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

// maxLockTracked bounds the IDs the lockout remembers (and its file's size:
// about 100 bytes each); beyond it the ID that failed longest ago is forgotten,
// one locked now only when all are. Central's own count still holds for it.
const maxLockTracked = 256

// lockState is what the lockout remembers of one ID.
type lockState struct {
	Fails int       `json:"fails"`          // failed matches since the last lock or match
	Last  time.Time `json:"last"`           // the last failure (or central's refusal)
	Until time.Time `json:"until,omitzero"` // refused until then
}

// lockFile is the lockout file: IDs are named by their keyed hash (tag).
type lockFile struct {
	V   int                   `json:"v"`
	IDs map[string]*lockState `json:"ids"`
}

// Lockout is the kiosk's count of failed matches per ID, with central's limits,
// so the person hears of the lockout on the failure that causes it and is not
// asked for a finger that central would refuse anyway. An ID is known only by
// its HMAC-SHA256 under the lockout's own random key, never by its digits.
//
// The zero Lockout lives in memory: a restart forgets it (central's count still
// holds). OpenLockout keeps it in a file, so a restart or a power cut does not
// give fresh tries. It is safe for concurrent use.
type Lockout struct {
	mu      sync.Mutex
	key     []byte // HMAC key of the tags; made on first use when nil
	path    string // "": memory only
	onError func(error)
	ids     map[string]*lockState
}

// OpenLockout opens the lockout kept in the file at path, with its key in
// path+".key" (made on first use; both 0600). A missing file means nobody is
// locked. A file or key that cannot be read or parsed is reported with an error
// wrapping ErrLockoutFile, together with the empty lockout that replaces it
// (written over it at the next failure): the caller logs the error and goes
// on. onError, if not nil, is told of every later failure to save; the try is
// still counted in memory.
func OpenLockout(path string, onError func(error)) (*Lockout, error) {
	l := &Lockout{path: path, onError: onError, ids: map[string]*lockState{}}
	key, err := os.ReadFile(path + ".key")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A new key makes any old file's tags meaningless: start afresh.
		if err := l.newKey(); err != nil {
			return l, err
		}
		return l, nil
	case err != nil:
		return l, l.unusable(fmt.Errorf("read key: %w", err))
	case len(key) != sha256.Size:
		return l, l.unusable(fmt.Errorf("key %s.key has %d bytes, want %d", path, len(key), sha256.Size))
	}
	l.key = key
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("%w: read %s: %v", ErrLockoutFile, path, err)
	}
	ids, err := parseLockFile(b)
	if err != nil {
		return l, fmt.Errorf("%w: %s, starting empty: %v", ErrLockoutFile, path, err)
	}
	l.ids = ids
	return l, nil
}

// unusable replaces an unreadable key with a new one (the old tags are lost
// with it) and returns cause as an ErrLockoutFile.
func (l *Lockout) unusable(cause error) error {
	err := fmt.Errorf("%w: %s, starting empty: %v", ErrLockoutFile, l.path, cause)
	if kerr := l.newKey(); kerr != nil {
		return errors.Join(err, kerr)
	}
	return err
}

// newKey makes and saves a fresh key and forgets any file made under the old one.
func (l *Lockout) newKey() error {
	l.key = make([]byte, sha256.Size)
	rand.Read(l.key)
	if l.path == "" {
		return nil
	}
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("proof: lockout: %w", err)
	}
	if err := atomicfile.Write(l.path+".key", l.key, 0o600); err != nil {
		return fmt.Errorf("proof: lockout key: %w", err)
	}
	return nil
}

// parseLockFile reads a lockout file, keeping only well-formed entries and at
// most maxLockTracked of them.
func parseLockFile(b []byte) (map[string]*lockState, error) {
	var f lockFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	if f.V != 1 {
		return nil, fmt.Errorf("version %d", f.V)
	}
	ids := map[string]*lockState{}
	for tag, st := range f.IDs {
		if raw, err := hex.DecodeString(tag); err != nil || len(raw) != tagSize || st == nil || st.Fails < 0 {
			continue
		}
		if len(ids) == maxLockTracked {
			break
		}
		ids[tag] = st
	}
	return ids, nil
}

// tagSize is the length of an ID's tag in bytes: 128 bits, no two IDs of a
// kiosk's at most maxLockTracked ever share one.
const tagSize = 16

// tag is id's keyed hash. Called with mu held.
func (l *Lockout) tag(id string) string {
	if l.key == nil {
		_ = l.newKey() // memory only: nothing to save
	}
	m := hmac.New(sha256.New, l.key)
	m.Write([]byte(id))
	return hex.EncodeToString(m.Sum(nil)[:tagSize])
}

// locked returns how long id stays refused at now; zero when it may try.
func (l *Lockout) locked(id string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st := l.ids[l.tag(id)]; st != nil {
		return max(0, st.Until.Sub(now))
	}
	return 0
}

// failed counts a failed match and returns the lockout it started, if any.
func (l *Lockout) failed(id string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(l.tag(id), now)
	st.Fails++
	st.Last = now
	var left time.Duration
	if st.Fails >= wire.FingerprintMaxFails {
		st.Fails, st.Until, left = 0, now.Add(wire.FingerprintLockout), wire.FingerprintLockout
	}
	l.save()
	return left
}

// lockFor records central's refusal.
func (l *Lockout) lockFor(id string, d time.Duration, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.state(l.tag(id), now)
	st.Fails, st.Last, st.Until = 0, now, now.Add(d)
	l.save()
}

// matched clears the count of id.
func (l *Lockout) matched(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	tag := l.tag(id)
	if _, ok := l.ids[tag]; !ok {
		return
	}
	delete(l.ids, tag)
	l.save()
}

// state returns the entry of tag, made (room first) when new, after dropping
// the entries that no longer matter at now: a lock that ended, or failures
// older than a lockout (central's window). Called with mu held.
func (l *Lockout) state(tag string, now time.Time) *lockState {
	for t, st := range l.ids {
		if !now.Before(st.Until) && now.Sub(st.Last) >= wire.FingerprintLockout {
			delete(l.ids, t)
		}
	}
	if st := l.ids[tag]; st != nil {
		return st
	}
	for len(l.ids) >= maxLockTracked {
		victim, lockedToo := "", true
		var oldest time.Time
		for t, st := range l.ids {
			locked := now.Before(st.Until)
			// Prefer an unlocked ID; among equals, the one that failed longest ago.
			if victim == "" || (lockedToo && !locked) || (locked == lockedToo && st.Last.Before(oldest)) {
				victim, oldest, lockedToo = t, st.Last, locked
			}
		}
		delete(l.ids, victim)
	}
	if l.ids == nil {
		l.ids = map[string]*lockState{}
	}
	st := &lockState{}
	l.ids[tag] = st
	return st
}

// save writes the state atomically (internal/atomicfile: a power cut leaves the
// old state or the new). A failure is reported, not returned: the person's try
// was counted in memory all the same. Called with mu held.
func (l *Lockout) save() {
	if l.path == "" {
		return
	}
	b, err := json.Marshal(lockFile{V: 1, IDs: l.ids})
	if err == nil {
		err = atomicfile.Write(l.path, b, 0o600)
	}
	if err != nil && l.onError != nil {
		l.onError(fmt.Errorf("proof: save lockout: %w", err))
	}
}
