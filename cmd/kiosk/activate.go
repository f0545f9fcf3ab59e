package main

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/kiosk/activate"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// newActivation wires the activation flow: shown while central's configuration
// enables the service and a fingerprint sensor is configured (it is the proof).
func newActivation(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string) *activation {
	sensor := cfg.deviceName(manager.Fingerprint)
	f := activate.New(activate.Options{
		Deps: activate.Deps{
			Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
			Sensor: proof.ManagerSensor{M: mgr, Name: sensor},
			Live:   activateLive{cen}, Online: eng.Online, KioskID: kioskID,
		},
		ReceiptWidth: cfg.PaperWidthDots,
	})
	return &activation{Flow: f, enabled: func() bool {
		return sensor != "" && cen.serviceEnabled(wire.ServiceActivation)
	}}
}

// activation shows the tile only while it can work.
type activation struct {
	*activate.Flow
	enabled func() bool
}

func (a *activation) Enabled() bool { return a.enabled() }

// deviceName returns the manager's name of the first configured device of kind,
// or "" when none is configured.
func (c *Config) deviceName(kind manager.Kind) string {
	for _, d := range c.Devices {
		if d.Kind == string(kind) {
			if d.Name == "" {
				return string(kind) // the manager's default name
			}
			return d.Name
		}
	}
	return ""
}

// activateLive adapts the (possibly not yet enrolled) client to activate.Live.
type activateLive struct{ c *central }

func (l activateLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	cl := l.c.client()
	if cl == nil {
		return wire.IDLookupResponse{}, fmt.Errorf("kiosk: not enrolled: %w", activate.ErrUnreachable)
	}
	return activate.ClientLive{C: cl}.CheckID(ctx, r)
}

func (l activateLive) MatchFingerprint(ctx context.Context, r wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	cl := l.c.client()
	if cl == nil {
		return wire.FingerprintMatchResponse{}, fmt.Errorf("kiosk: not enrolled: %w", activate.ErrUnreachable)
	}
	return activate.ClientLive{C: cl}.MatchFingerprint(ctx, r)
}
