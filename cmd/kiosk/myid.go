package main

import (
	"context"
	"fmt"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/kiosk/myid"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
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

// myidProver makes the Prover of "Show my digital ID": the bank card in mode
// "atm", the fingerprint (or username, password and a code) at a kiosk; the
// service needs central (Offline false). The proof's template or card number is
// wiped at once: the flow keeps only the token.
func myidProver(cfg *Config, cen *central, eng *engine.Engine, mgr *manager.Manager, lock *proof.Lockout) myid.Prove {
	return func(onProven func(shell.Host, myid.Proof), onCancel func(shell.Host)) myid.Prover {
		return proof.NewProver(proof.ProverConfig{
			TitleKey: "myid.title", ATM: cfg.Mode == "atm",
			Deps: proof.ProverDeps{
				Sensor: proof.ManagerSensor{M: mgr, Name: cfg.deviceName(manager.Fingerprint)},
				Live:   proverLive{cen}, Online: eng.Online, Lockout: lock,
			},
			OnProven: func(h shell.Host, p proof.Proven) {
				mp := myid.Proof{IDNumber: p.ID.Number, Token: p.Token, Expires: p.Expires}
				p.Wipe()
				onProven(h, mp)
			},
			OnCancel: onCancel,
		})
	}
}

// proverLive adapts the (possibly not yet enrolled) client to proof.ProverLive.
type proverLive struct{ c *central }

func (l proverLive) client() (*client.Client, error) {
	cl := l.c.client()
	if cl == nil {
		return nil, fmt.Errorf("kiosk: not enrolled: %w", client.ErrOffline)
	}
	return cl, nil
}

func (l proverLive) Prove(ctx context.Context, r wire.ProofRequest) (wire.ProofResponse, error) {
	cl, err := l.client()
	if err != nil {
		return wire.ProofResponse{}, err
	}
	return cl.Prove(ctx, r)
}

func (l proverLive) SendOTPRegistered(ctx context.Context, r wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error) {
	cl, err := l.client()
	if err != nil {
		return wire.OTPSendRegisteredResponse{}, err
	}
	return cl.SendOTPRegistered(ctx, r)
}

func (l proverLive) VerifyOTP(ctx context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	cl, err := l.client()
	if err != nil {
		return wire.OTPVerifyResponse{}, err
	}
	return cl.VerifyOTP(ctx, r)
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
