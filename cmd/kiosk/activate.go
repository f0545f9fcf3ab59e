package main

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/kiosk/activate"
	"github.com/bawaba/bawaba/kiosk/atm"
	"github.com/bawaba/bawaba/kiosk/mobile"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// newActivation wires the activation flow: shown while central's configuration
// enables the service and a fingerprint sensor is configured (it is the proof).
// lock is the kiosk's count of failed matches, shared by every service that
// matches a finger.
func newActivation(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string, lock *proof.Lockout) *activation {
	sensor := cfg.deviceName(manager.Fingerprint)
	f := activate.New(activate.Options{
		Deps: activate.Deps{
			Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
			Sensor: proof.ManagerSensor{M: mgr, Name: sensor},
			Live:   activateLive{cen}, Online: eng.Online, KioskID: kioskID, Lockout: lock,
		},
		ReceiptWidth: cfg.PaperWidthDots,
	})
	return &activation{Flow: f, enabled: func() bool {
		return sensor != "" && cen.ServiceEnabled(wire.ServiceActivation)
	}}
}

// newMobileChange wires the change of mobile number: shown while central
// enables it. The old-SIM case needs no device; a lost SIM is proven by the
// shared prover, live (the service needs central) and without the code to the
// number on record (NoCode): the fingerprint at a kiosk, the bank card in mode
// "atm". lock is the kiosk's count of failed matches, shared by every service.
func newMobileChange(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string, lock *proof.Lockout) *mobileChange {
	atm := cfg.Mode == "atm"
	f := mobile.New(mobile.Options{Deps: mobile.Deps{
		Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
		Live: mobileLive{cen}, Online: eng.Online, KioskID: kioskID, CardProof: atm,
		Prove: func(proven func(shell.Host, proof.Proven), cancel func(shell.Host)) mobile.Prover {
			return proof.NewProver(proof.ProverConfig{TitleKey: "mobile.title", ATM: atm, NoCode: true,
				Deps: proof.ProverDeps{Sensor: proof.ManagerSensor{M: mgr, Name: cfg.deviceName(manager.Fingerprint)},
					Live: proverLive{cen}, Online: eng.Online, Lockout: lock},
				OnProven: proven, OnCancel: cancel})
		},
	}})
	return &mobileChange{Flow: f, enabled: func() bool { return cen.ServiceEnabled(wire.ServiceMobileChange) }}
}

// mobileChange shows the tile only while central enables the service.
type mobileChange struct {
	*mobile.Flow
	enabled func() bool
}

func (m *mobileChange) Enabled() bool { return m.enabled() }

// mobileLive adapts the (possibly not yet enrolled) client to mobile.Live.
type mobileLive struct{ c *central }

func (l mobileLive) live() (mobile.ClientLive, error) {
	cl := l.c.client()
	if cl == nil {
		return mobile.ClientLive{}, fmt.Errorf("kiosk: not enrolled: %w", proof.ErrUnreachable)
	}
	return mobile.ClientLive{C: cl}, nil
}

func (l mobileLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	c, err := l.live()
	if err != nil {
		return wire.IDLookupResponse{}, err
	}
	return c.CheckID(ctx, r)
}

func (l mobileLive) CheckMobile(ctx context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	c, err := l.live()
	if err != nil {
		return wire.MobileCheckResponse{}, err
	}
	return c.CheckMobile(ctx, r)
}

func (l mobileLive) SendOTP(ctx context.Context, r wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	c, err := l.live()
	if err != nil {
		return wire.OTPSendResponse{}, err
	}
	return c.SendOTP(ctx, r)
}

func (l mobileLive) SendOTPRegistered(ctx context.Context, r wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error) {
	c, err := l.live()
	if err != nil {
		return wire.OTPSendRegisteredResponse{}, err
	}
	return c.SendOTPRegistered(ctx, r)
}

func (l mobileLive) VerifyOTP(ctx context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	c, err := l.live()
	if err != nil {
		return wire.OTPVerifyResponse{}, err
	}
	return c.VerifyOTP(ctx, r)
}

// newATM wires the ATM activation by bank card, the service of mode "atm".
func newATM(cfg *Config, cen *central, store *outbox.Store, eng *engine.Engine, mgr *manager.Manager, kioskID string) *atmActivation {
	f := atm.New(atm.Options{Deps: atm.Deps{
		Queue: kickingQueue{store, eng}, Printer: printer{mgr, cfg.printerName()},
		Live: atmLive{cen}, Online: eng.Online, KioskID: kioskID,
	}})
	reader := cfg.deviceName(manager.CardReader)
	return &atmActivation{Flow: f, enabled: func() bool {
		return reader != "" && cen.ServiceEnabled(wire.ServiceActivation)
	}}
}

// atmActivation shows the tile only while a card reader is configured and central
// enables activation.
type atmActivation struct {
	*atm.Flow
	enabled func() bool
}

func (a *atmActivation) Enabled() bool { return a.enabled() }

// atmLive adapts the (possibly not yet enrolled) client to atm.Live.
type atmLive struct{ c *central }

func (l atmLive) RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error) {
	cl := l.c.client()
	if cl == nil {
		return wire.RequestStatus{}, fmt.Errorf("kiosk: not enrolled: %w", proof.ErrUnreachable)
	}
	return cl.RequestStatus(ctx, ref)
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
