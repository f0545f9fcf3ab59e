package mobile

import (
	"context"
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// CentralCalls is the part of *client.Client that ClientLive uses.
type CentralCalls interface {
	LookupID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	CheckMobile(context.Context, wire.MobileCheckRequest) (wire.MobileCheckResponse, error)
	SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error)
	SendOTPRegistered(context.Context, wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error)
	VerifyOTP(context.Context, wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error)
}

// ClientLive adapts the kiosk's central client to Live: a 429 on a send is
// ErrRateLimited, a transport failure or 5xx wraps proof.ErrUnreachable; other
// answers (a 4xx) pass as they are.
type ClientLive struct{ C CentralCalls }

func liveErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Errorf("mobile: %s: %w: %w", op, ErrRateLimited, err)
	case errors.Is(err, client.ErrOffline), errors.Is(err, client.ErrUnauthorized), errors.Is(err, client.ErrUntrusted),
		errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("mobile: %s: %w: %w", op, proof.ErrUnreachable, err)
	}
	return fmt.Errorf("mobile: %s: %w", op, err)
}

// CheckID implements Live.
func (l ClientLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	res, err := l.C.LookupID(ctx, r)
	return res, liveErr("id lookup", err)
}

// CheckMobile implements Live.
func (l ClientLive) CheckMobile(ctx context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	res, err := l.C.CheckMobile(ctx, r)
	return res, liveErr("mobile check", err)
}

// SendOTP implements Live.
func (l ClientLive) SendOTP(ctx context.Context, r wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	res, err := l.C.SendOTP(ctx, r)
	return res, liveErr("send code", err)
}

// SendOTPRegistered implements Live.
func (l ClientLive) SendOTPRegistered(ctx context.Context, r wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error) {
	res, err := l.C.SendOTPRegistered(ctx, r)
	return res, liveErr("send code to the registered number", err)
}

// VerifyOTP implements Live.
func (l ClientLive) VerifyOTP(ctx context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	res, err := l.C.VerifyOTP(ctx, r)
	return res, liveErr("verify code", err)
}
