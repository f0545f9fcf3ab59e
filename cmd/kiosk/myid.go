package main

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/kiosk/myid"
	"github.com/bawaba/bawaba/kiosk/verify"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/wire"
)

// newMyID wires "Show my digital ID": shown while central enables the service
// (myid.Flow is a shell.Servicer) and the flow can prove the person (prove is
// kiosk/proof's Prover; with none the tile stays hidden, never a dead button).
func newMyID(cen *central, eng *engine.Engine, prt printer, prove myid.Prove) *myid.Flow {
	var p myid.Printer
	if prt.name != "" {
		p = prt
	}
	return myid.New(myid.Options{Deps: myid.Deps{Live: myidLive{cen}, Printer: p, Online: eng.Online, Prove: prove}})
}

// myidLive adapts the (possibly not yet enrolled) client to myid.Live.
type myidLive struct{ c *central }

func (l myidLive) IssueDigitalID(ctx context.Context, r wire.DigitalIDRequest) (wire.DigitalID, error) {
	cl := l.c.client()
	if cl == nil {
		return wire.DigitalID{}, fmt.Errorf("kiosk: not enrolled: %w", client.ErrOffline)
	}
	return cl.IssueDigitalID(ctx, r)
}

// verifyTile is verify mode as a home tile, shown only while central enables
// wire.ServiceVerifyID (the staff screen's verify tile is always there).
type verifyTile struct{ *verify.Flow }

// Service implements shell.Servicer.
func (verifyTile) Service() string { return wire.ServiceVerifyID }
