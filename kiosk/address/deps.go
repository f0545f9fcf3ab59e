package address

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity/places"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is the central service's live call the flow needs (*client.Client has it).
type Live interface {
	Address(ctx context.Context, proofToken string) (wire.AddressResponse, error)
}

// Queue is the part of the outbox the flow needs (*outbox.Store has it).
type Queue interface {
	Enqueue(outbox.Request) (outbox.Record, error)
	Frozen() error
}

// Printer prints a receipt or the address card.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// Proven is the person the shared prover proved (proof.Proven): the flow owns
// it once handed over and wipes it with the session.
type Proven = proof.Proven

// Prover is the sub-flow that proves the person before anything else.
type Prover interface {
	Start(h shell.Host) fyne.CanvasObject
	Rebuild(h shell.Host) fyne.CanvasObject
	Wipe()
}

// NewProver makes the prover of one session: it calls proven once the person is
// proven (the flow then owns p), cancel when they leave it.
type NewProver func(proven func(h shell.Host, p Proven), cancel func(h shell.Host)) Prover

// Deps is what the flow works with. Queue, Printer and Prove are required.
type Deps struct {
	Queue   Queue
	Printer Printer
	Prove   NewProver
	// Live and Online decide whether the address on record is shown: when Live is
	// nil, Online reports false or the person was proven offline, it is not.
	Live   Live
	Online func() bool
	// Places is the directory the pickers offer; nil means places.Default().
	Places *places.Directory
	// KioskID is printed on the receipt.
	KioskID string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}
