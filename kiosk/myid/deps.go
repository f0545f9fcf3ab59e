package myid

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is the central service's digital-ID call: *client.Client has it.
type Live interface {
	IssueDigitalID(context.Context, wire.DigitalIDRequest) (wire.DigitalID, error)
}

// Printer prints a receipt; a failure is shown, not fatal.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// Proof is what the flow keeps of a proven person: whom central proved and the
// token that lets the kiosk act for them until Expires. The template or card
// number the proof used is not kept (the adapter of kiosk/proof.Proven wipes it).
type Proof struct {
	IDNumber string
	Token    string
	Expires  time.Time
}

// Prover is kiosk/proof's Prover as this flow uses it: its own screens, ending in
// the onProven or onCancel given to the Prove factory.
type Prover interface {
	Start(h shell.Host) fyne.CanvasObject
	Rebuild(h shell.Host) fyne.CanvasObject
	Wipe()
}

// Prove makes a Prover for one session of the flow (Offline false: the service
// needs the network).
type Prove func(onProven func(h shell.Host, p Proof), onCancel func(h shell.Host)) Prover

// Deps is what the flow works with. Live, Online and Prove are required; a nil
// Printer hides "Print a copy".
type Deps struct {
	Live    Live
	Printer Printer
	Online  func() bool
	Prove   Prove
}
