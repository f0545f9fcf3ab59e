package main

import (
	"context"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/kiosk/address"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// newAddress wires the national-address service, shown while central enables
// it. The person proves who they are with the shared prover: the fingerprint
// at a kiosk (or username, password and a code), the bank card in mode "atm";
// offline the update is queued with the sealed proof. lock is the kiosk's count
// of failed fingerprint matches, shared by every service.
func newAddress(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string, lock *proof.Lockout) *nationalAddress {
	live := addressLive{proverLive{cen}}
	f := address.New(address.Options{Deps: address.Deps{
		Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
		Live: live, Online: eng.Online, KioskID: kioskID,
		Prove: func(proven func(shell.Host, address.Proven), cancel func(shell.Host)) address.Prover {
			return proof.NewProver(proof.ProverConfig{TitleKey: "service.address", ATM: cfg.Mode == "atm", Offline: true,
				Deps: proof.ProverDeps{Sensor: proof.ManagerSensor{M: mgr, Name: cfg.deviceName(manager.Fingerprint)},
					Live: live, Online: eng.Online, Lockout: lock},
				OnProven: proven, OnCancel: cancel})
		},
	}})
	return &nationalAddress{Flow: f, enabled: func() bool { return cen.ServiceEnabled(wire.ServiceAddress) }}
}

// nationalAddress shows the tile only while central enables the service.
type nationalAddress struct {
	*address.Flow
	enabled func() bool
}

func (a *nationalAddress) Enabled() bool { return a.enabled() }

// addressLive adapts the (possibly not yet enrolled) client to the calls the
// address service and its prover make.
type addressLive struct{ proverLive }

func (l addressLive) Address(ctx context.Context, token string) (wire.AddressResponse, error) {
	cl, err := l.client()
	if err != nil {
		return wire.AddressResponse{}, err
	}
	return cl.Address(ctx, token)
}
