package main

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/kiosk/dependents"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// newDependents is the Dependents service: kiosk/proof's Prover first (the
// fingerprint, or username, password and code, at a kiosk; the bank card at an
// ATM), going on offline with the finger or card kept for the sealed record.
func newDependents(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string, lock *proof.Lockout) *dependents.Flow {
	return dependents.New(dependents.Options{Deps: dependents.Deps{
		Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
		Live: dependentsLive{cen}, Online: eng.Online, KioskID: kioskID,
		Prover: func(onProven func(shell.Host, dependents.Proven), onCancel func(shell.Host)) dependents.Prover {
			return proof.NewProver(proof.ProverConfig{TitleKey: "dependents.title", ATM: cfg.Mode == "atm", Offline: true,
				Deps: proof.ProverDeps{
					Sensor: proof.ManagerSensor{M: mgr, Name: cfg.deviceName(manager.Fingerprint)},
					Live:   proverLive{cen}, Online: eng.Online, Lockout: lock,
				},
				OnProven: onProven, OnCancel: onCancel})
		},
	}, ReceiptWidth: cfg.PaperWidthDots})
}

// errNotEnrolled is what the live calls answer before the kiosk is enrolled:
// central cannot be asked yet.
var errNotEnrolled = fmt.Errorf("kiosk: not enrolled: %w", proof.ErrUnreachable)

// dependentsLive adapts the (possibly not yet enrolled) client to dependents.Live.
type dependentsLive struct{ c *central }

func (l dependentsLive) Dependents(ctx context.Context, r wire.DependentsRequest) (wire.DependentsResponse, error) {
	cl := l.c.client()
	if cl == nil {
		return wire.DependentsResponse{}, errNotEnrolled
	}
	return cl.Dependents(ctx, r)
}
