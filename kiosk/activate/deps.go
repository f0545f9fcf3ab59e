package activate

import (
	"context"
	"time"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// The errors of Live, shared with the other services that prove the person.
var (
	// ErrUnreachable is wrapped by Live's errors when central could not be asked
	// (offline, a timeout, a 5xx): the flow carries on offline.
	ErrUnreachable = proof.ErrUnreachable
	// ErrLocked is matched by Live.MatchFingerprint's *proof.LockedError when
	// central refuses (429 too_many_tries).
	ErrLocked = proof.ErrLocked
)

// Live is the central service's live calls the activation needs.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	MatchFingerprint(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error)
}

// Deps is what the flow works with. Queue, Printer and Sensor are required.
type Deps struct {
	Queue   proof.Queue
	Printer proof.Printer
	Sensor  proof.Sensor
	// Live and Online decide the online path: when Live is nil or Online reports
	// false, the request is queued for central to check.
	Live   Live
	Online func() bool
	// Lockout counts failed fingerprint matches per ID on this kiosk; nil means
	// the flow's own. Share one between the services that match a finger.
	Lockout *proof.Lockout
	// KioskID is printed on the receipt.
	KioskID string
	// IDRules are the deployment's ID rules; the zero value is the default set.
	IDRules identity.Rules
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}
