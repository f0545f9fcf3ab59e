package mobile

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is the central service's live calls the change needs. Errors wrap
// proof.ErrUnreachable when central could not be asked.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	CheckMobile(context.Context, wire.MobileCheckRequest) (wire.MobileCheckResponse, error)
	SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error)
	SendOTPRegistered(context.Context, wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error)
	VerifyOTP(context.Context, wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error)
}

// Prover is the shared sub-flow that proves a person who lost their SIM
// (*proof.Prover has it).
type Prover interface {
	Start(h shell.Host) fyne.CanvasObject
	Rebuild(h shell.Host) fyne.CanvasObject
	Wipe()
}

// NewProver makes the prover of one session: it calls proven once the person is
// proven live (the flow then owns p), cancel when they leave it. cmd/kiosk
// makes a proof.NewProver that needs central (Offline false) and offers no
// code to the number on record (NoCode): the fingerprint at a kiosk, the bank
// card in mode "atm".
type NewProver func(proven func(h shell.Host, p proof.Proven), cancel func(h shell.Host)) Prover

// Deps is what the flow works with; all but CardProof, IDRules, KioskID and Now
// are required.
type Deps struct {
	Queue   proof.Queue
	Printer proof.Printer
	Live    Live
	Online  func() bool
	// Prove makes the prover of the lost-SIM case.
	Prove NewProver
	// CardProof says Prove proves by the bank card (mode "atm"): the choice
	// between the two cases says so, and the done screen says "take your card".
	CardProof bool
	KioskID   string
	IDRules   identity.Rules
	Now       func() time.Time
}
