package atm

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// CentralCalls is the part of *client.Client that ClientLive uses.
type CentralCalls interface {
	LookupID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error)
}

// ClientLive adapts the kiosk's central client to Live; every error of a lookup
// wraps proof.ErrUnreachable (the activation is queued for central to decide).
type ClientLive struct{ C CentralCalls }

// CheckID implements Live.
func (l ClientLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	res, err := l.C.LookupID(ctx, r)
	if err != nil {
		return res, fmt.Errorf("atm: id lookup: %w: %w", proof.ErrUnreachable, err)
	}
	return res, nil
}

// RequestStatus implements Live.
func (l ClientLive) RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error) {
	return l.C.RequestStatus(ctx, ref)
}
