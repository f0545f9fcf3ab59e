package dependents

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// Proven is who the prover proved (kiosk/proof's Proven): the flow owns it once
// handed over and wipes it when the session ends.
type Proven = proof.Proven

// Prover is the sub-flow that proves the person before anything else
// (kiosk/proof's Prover has these methods): its screens, and the document and
// card readers' events while it shows them.
type Prover interface {
	Start(h shell.Host) fyne.CanvasObject
	Rebuild(h shell.Host) fyne.CanvasObject
	Wipe()
	FillFromDocument(mrz.Document)
	CardInserted(*magstripe.Card, error)
}

// NewProver makes the prover of one session; it calls onProven with the person
// once proven, onCancel when they give up (back to home).
type NewProver func(onProven func(h shell.Host, p Proven), onCancel func(h shell.Host)) Prover

// Live is the central service's live call the flow needs (*client.Client has it).
type Live interface {
	Dependents(context.Context, wire.DependentsRequest) (wire.DependentsResponse, error)
}

// Queue is the part of the outbox the flow needs (*outbox.Store has it).
type Queue = proof.Queue

// Printer prints a receipt; a failure shows the receipt on screen instead.
type Printer = proof.Printer

// Deps is what the flow works with. Queue, Printer and Prover are required.
type Deps struct {
	Queue   Queue
	Printer Printer
	Prover  NewProver
	// Live and Online decide whether the current dependents are listed: when Live
	// is nil, Online reports false or the person was proven offline, they are not.
	Live   Live
	Online func() bool
	// KioskID is printed on the receipt.
	KioskID string
	// IDRules are the deployment's ID rules; the zero value is the default set.
	IDRules identity.Rules
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call to central, the outbox or the printer; zero means 20 s.
	Timeout time.Duration
	// ReceiptWidth is the paper width in dots for the receipt drawn on screen when
	// printing fails; zero means 576.
	ReceiptWidth int
}

var _ Prover = (*proof.Prover)(nil)
