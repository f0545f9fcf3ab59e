package atm

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// CentralCalls is the part of *client.Client that ClientLive uses.
type CentralCalls interface {
	RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error)
}

// ClientLive adapts the kiosk's central client to Live; an error of a status
// ask wraps proof.ErrUnreachable (the flow then keeps waiting, or says central
// decides when the request arrives).
type ClientLive struct{ C CentralCalls }

// RequestStatus implements Live.
func (l ClientLive) RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error) {
	st, err := l.C.RequestStatus(ctx, ref)
	if err != nil {
		return st, fmt.Errorf("atm: request status: %w: %w", proof.ErrUnreachable, err)
	}
	return st, nil
}
