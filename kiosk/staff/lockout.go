package staff

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/bawaba/bawaba/internal/atomicfile"
)

// Lockout policy: MaxTries wrong PINs in a row lock a staff ID for LockBase, and
// each further lock of the same ID doubles the time, up to LockMax. Only a right
// PIN (outside a lock) resets an ID. The growing delay is what makes guessing a
// six-digit PIN hopeless: 5 tries, then 1, 2, 4 … 60 minutes.
const (
	MaxTries = 5
	LockBase = time.Minute
	LockMax  = time.Hour
)

// unknownKey counts the wrong tries of every ID that is no staff member's. They
// share one count because the typed text may be a resident's national ID, which
// must not be written to disk.
const unknownKey = "?"

// maxTracked bounds the IDs the lockout file remembers; beyond it the ID not
// tried for longest is forgotten (never one that is locked now, unless all are).
const maxTracked = 64

// idState is what the lockout remembers of one staff ID.
type idState struct {
	Fails int       `json:"fails"`          // wrong PINs since the last lock or success
	Locks int       `json:"locks"`          // locks since the last success
	Until time.Time `json:"until,omitzero"` // locked until then
	Last  time.Time `json:"last"`           // last wrong PIN
}

type lockFile struct {
	V   int                 `json:"v"`
	IDs map[string]*idState `json:"ids"`
}

// Lockout counts wrong PINs per staff ID and keeps them in a file, so a restart
// (or pulling the power) does not give a guesser fresh tries. It is safe for
// concurrent use.
type Lockout struct {
	path string
	mu   sync.Mutex
	ids  map[string]*idState
}

// OpenLockout reads the lockout file at path (absent: nobody is locked). A file
// that cannot be parsed is reported with the empty state it is replaced by (see
// the package Caveats); the caller logs the error and goes on.
func OpenLockout(path string) (*Lockout, error) {
	l := &Lockout{path: path, ids: map[string]*idState{}}
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("staff: read lockout: %w", err)
	}
	var f lockFile
	if err := json.Unmarshal(b, &f); err != nil || f.V != 1 {
		return l, fmt.Errorf("staff: lockout file %s unreadable, starting empty: %v", path, err)
	}
	for id, st := range f.IDs {
		if (ValidID(id) || id == unknownKey) && st != nil {
			l.ids[id] = st
		}
	}
	return l, nil
}

// LockedUntil returns until when id is locked, or the zero time.
func (l *Lockout) LockedUntil(id string, now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if st := l.ids[id]; st != nil && now.Before(st.Until) {
		return st.Until
	}
	return time.Time{}
}

// Fail counts a wrong PIN for id and returns until when id is now locked (zero if
// it is not). The count is on disk when it returns without error.
func (l *Lockout) Fail(id string, now time.Time) (time.Time, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := l.ids[id]
	if st == nil {
		l.evict(now)
		st = &idState{}
		l.ids[id] = st
	}
	st.Fails++
	st.Last = now
	var until time.Time
	if st.Fails >= MaxTries {
		st.Fails = 0
		st.Locks++
		d := LockBase << min(st.Locks-1, 16)
		st.Until = now.Add(min(d, LockMax))
		until = st.Until
	}
	return until, l.save()
}

// Succeed forgets id's wrong PINs and locks.
func (l *Lockout) Succeed(id string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.ids[id]; !ok {
		return nil
	}
	delete(l.ids, id)
	return l.save()
}

// evict makes room for one more ID. Called with mu held.
func (l *Lockout) evict(now time.Time) {
	for len(l.ids) >= maxTracked {
		victim, lockedToo := "", true
		var oldest time.Time
		for id, st := range l.ids {
			locked := now.Before(st.Until)
			// Prefer an unlocked ID; among equals, the one tried longest ago.
			if victim == "" || (lockedToo && !locked) || (locked == lockedToo && st.Last.Before(oldest)) {
				victim, oldest, lockedToo = id, st.Last, locked
			}
		}
		delete(l.ids, victim)
	}
}

// save writes the state atomically: a temporary file in the same directory,
// fsync'd, renamed over the old one, and the directory fsync'd, so a power cut
// leaves either the old state or the new, never a torn file. Called with mu held.
func (l *Lockout) save() error {
	if l.path == "" {
		return nil // in memory only
	}
	b, err := json.Marshal(lockFile{V: 1, IDs: l.ids})
	if err != nil {
		return fmt.Errorf("staff: lockout: %w", err)
	}
	if err := atomicfile.Write(l.path, b, 0o600); err != nil {
		return fmt.Errorf("staff: save lockout: %w", err)
	}
	return nil
}
