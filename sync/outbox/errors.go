package outbox

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound is returned when no record has the given ID or reference.
	ErrNotFound = errors.New("outbox: record not found")
	// ErrState is returned when a transition is not allowed from the record's current
	// state, e.g. Requeue of a record that does not need attention.
	ErrState = errors.New("outbox: not allowed in the record's state")
	// ErrInvalid is returned for a malformed request or argument; nothing is written.
	ErrInvalid = errors.New("outbox: invalid request")
	// ErrFull is returned (inside a *FreezeError) by Enqueue when the record or byte
	// bound would be exceeded. Nothing is dropped to make room.
	ErrFull = errors.New("outbox: queue full")
	// ErrTooOld is the cause in a *FreezeError when the oldest undelivered record is
	// older than Options.MaxAge.
	ErrTooOld = errors.New("outbox: oldest undelivered request too old")
	// ErrKeyExpired is returned (inside a *FreezeError) when the sealing key is past
	// its NotAfter.
	ErrKeyExpired = errors.New("outbox: sealing key expired")
	// ErrNoKey is returned (inside a *FreezeError) when Options.Key is nil, fails or
	// gives a malformed key.
	ErrNoKey = errors.New("outbox: no sealing key")
	// ErrDegraded is returned (inside a *FreezeError) by every operation of a store
	// opened by OpenOrDegrade on damaged or unusable storage.
	ErrDegraded = errors.New("outbox: storage degraded")
	// ErrCorrupt is returned by Open when the file fails bbolt's consistency check or
	// is not an outbox; OpenOrDegrade moves such a file aside.
	ErrCorrupt = errors.New("outbox: storage file damaged")
	// ErrStorage is returned when a commit fails (disk full, I/O error). The
	// transaction was rolled back: the database is as before the call.
	ErrStorage = errors.New("outbox: storage write failed")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("outbox: store closed")
)

// FreezeReason is a stable code the UI maps to a translated explanation of why the
// kiosk does not take new requests.
type FreezeReason string

// The freeze reasons, as reported by Frozen and carried by Enqueue's refusals.
const (
	FreezeQueueFull  FreezeReason = "queue_full"
	FreezeTooOld     FreezeReason = "too_old"
	FreezeKeyExpired FreezeReason = "key_expired"
	FreezeNoKey      FreezeReason = "no_key"
	FreezeDegraded   FreezeReason = "degraded"
)

// FreezeError says that new requests should be refused, and why. Detail holds counts,
// ages, key IDs or file paths — never personal data — for staff and logs.
type FreezeError struct {
	Reason FreezeReason
	Detail string
	Err    error // underlying cause, if any (e.g. the bbolt open error)
}

func (e *FreezeError) Error() string {
	s := fmt.Sprintf("outbox: frozen (%s)", e.Reason)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap lets errors.Is match the reason's sentinel (ErrFull, ErrTooOld, ...) and
// the underlying cause.
func (e *FreezeError) Unwrap() []error {
	var sentinel error
	switch e.Reason {
	case FreezeQueueFull:
		sentinel = ErrFull
	case FreezeTooOld:
		sentinel = ErrTooOld
	case FreezeKeyExpired:
		sentinel = ErrKeyExpired
	case FreezeNoKey:
		sentinel = ErrNoKey
	case FreezeDegraded:
		sentinel = ErrDegraded
	}
	errs := []error{}
	if sentinel != nil {
		errs = append(errs, sentinel)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}
