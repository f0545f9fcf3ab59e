package mobile

import (
	"context"
	"time"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is the central service's live calls the change needs. Errors wrap
// proof.ErrUnreachable when central could not be asked; MatchFingerprint returns
// a *proof.LockedError for central's lockout.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	CheckMobile(context.Context, wire.MobileCheckRequest) (wire.MobileCheckResponse, error)
	SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error)
	SendOTPRegistered(context.Context, wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error)
	VerifyOTP(context.Context, wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error)
	MatchFingerprint(context.Context, wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error)
}

// Deps is what the flow works with; all but IDRules, KioskID and Now are required.
type Deps struct {
	Queue   proof.Queue
	Printer proof.Printer
	Sensor  proof.Sensor
	Live    Live
	Online  func() bool
	// Lockout counts failed fingerprint matches per ID on this kiosk; nil means
	// the flow's own.
	Lockout *proof.Lockout
	// CardProof makes the bank card, not the fingerprint, the proof when the old
	// SIM is lost (mode "atm"); the flow then takes cards through CardInserted.
	CardProof bool
	KioskID   string
	IDRules   identity.Rules
	Now       func() time.Time
}
