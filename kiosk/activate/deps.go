package activate

import (
	"context"
	"errors"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

var (
	// ErrUnreachable is wrapped by Live's errors when central could not be asked
	// (offline, a timeout, a 5xx): the flow carries on offline.
	ErrUnreachable = errors.New("activate: central unreachable")
	// ErrLocked is wrapped by Live.MatchFingerprint's error when central refuses
	// (429 too_many_tries); see LockedError for how long.
	ErrLocked = errors.New("activate: too many failed fingerprint matches")
)

// LockedError is central's refusal to match again, with its Retry-After.
type LockedError struct{ RetryAfter time.Duration }

func (e *LockedError) Error() string { return ErrLocked.Error() }

// Unwrap makes errors.Is(err, ErrLocked) work.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Live is the central service's live calls the activation needs.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	MatchFingerprint(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error)
}

// Queue is the part of the outbox the flow needs (*outbox.Store has it).
type Queue interface {
	Enqueue(outbox.Request) (outbox.Record, error)
	Frozen() error
}

// Printer prints a receipt; a failure shows the receipt on screen instead.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// Deps is what the flow works with. Queue, Printer and Sensor are required.
type Deps struct {
	Queue   Queue
	Printer Printer
	Sensor  proof.Sensor
	// Live and Online decide the online path: when Live is nil or Online reports
	// false, the request is queued for central to check.
	Live   Live
	Online func() bool
	// KioskID is printed on the receipt.
	KioskID string
	// IDRules are the deployment's ID rules; the zero value is the default set.
	IDRules identity.Rules
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}
