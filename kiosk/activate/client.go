package activate

import (
	"context"
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// ErrNoFingerprint is wrapped by Live.MatchFingerprint's error when central has
// no fingerprint on record for the ID (404).
var ErrNoFingerprint = errors.New("activate: no fingerprint on record")

// CentralCalls is the part of *client.Client that ClientLive uses.
type CentralCalls interface {
	LookupID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	MatchFingerprint(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error)
}

// ClientLive adapts the kiosk's central client to Live, mapping its errors to the
// flow's: 429 too_many_tries to a *LockedError, a 404 on a match to
// ErrNoFingerprint, anything else to ErrUnreachable (the flow then queues the
// request for central to decide on arrival).
type ClientLive struct{ C CentralCalls }

// CheckID implements Live.
func (l ClientLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	res, err := l.C.LookupID(ctx, r)
	return res, liveErr("id lookup", err)
}

// MatchFingerprint implements Live.
func (l ClientLive) MatchFingerprint(ctx context.Context, r wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	res, err := l.C.MatchFingerprint(ctx, r)
	var he *client.HTTPError
	switch {
	case errors.As(err, &he) && he.Code == wire.ErrTooManyTries:
		return res, &proof.LockedError{RetryAfter: he.RetryAfter}
	case errors.Is(err, client.ErrNotFound):
		return res, fmt.Errorf("activate: fingerprint match: %w", ErrNoFingerprint)
	}
	return res, liveErr("fingerprint match", err)
}

func liveErr(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("activate: %s: %w: %w", op, ErrUnreachable, err)
}
