package myid

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// The flow against a real central over loopback mutual TLS, through the kiosk's
// own client and the real Prover: the finger proves the person, the card shows
// a credential that verifies with the trust list central sent, a renewal with
// the proof token draws a new one, and the printed copy verifies as a copy.
func TestWithCentral(t *testing.T) {
	for _, tt := range []struct {
		name  string
		atm   bool
		prove func(t testing.TB, p *proof.Prover, f *prooftest.Finger, id string)
	}{
		{"kiosk, fingerprint", false, prooftest.ProveByFinger},
		{"ATM, bank card", true, func(t testing.TB, p *proof.Prover, _ *prooftest.Finger, _ string) { prooftest.ProveByCard(t, p, 4) }},
	} {
		t.Run(tt.name, func(t *testing.T) { withCentral(t, tt.atm, tt.prove) })
	}
}

func withCentral(t *testing.T, atm bool, proveIt func(t testing.TB, p *proof.Prover, f *prooftest.Finger, id string)) {
	c := centraltest.Start(t, centraltest.Options{People: 10})
	p := c.Account(t, 4, true)
	cl, cfg, _ := c.Client(t, filepath.Join(t.TempDir(), "kiosk"), "myid test")
	keys, err := cl.DigitalIDKeys(cfg, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	finger := prooftest.NewFinger()
	var prover *proof.Prover
	prove := func(onProven func(shell.Host, Proof), onCancel func(shell.Host)) Prover {
		prover = proof.NewProver(proof.ProverConfig{TitleKey: "myid.title", ATM: atm,
			Deps: proof.ProverDeps{Sensor: finger, Live: cl, Online: func() bool { return true },
				Go: func(f func()) { f() }, FingerTimeout: 2 * time.Second},
			OnProven: func(h shell.Host, pp proof.Proven) {
				mp := Proof{IDNumber: pp.ID.Number, Token: pp.Token, Expires: pp.Expires}
				pp.Wipe()
				onProven(h, mp)
			},
			OnCancel: onCancel,
		})
		return prover
	}
	k := newKioskWith(t, i18n.AR, Deps{Live: cl, Online: func() bool { return true }, Prove: prove},
		renew.Options{RenewBefore: 58 * time.Second})
	k.tap(i18n.T(i18n.AR, "myid.title"))
	proveIt(t, prover, finger, p.IDNumber)
	k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
	first := k.f.Status().ID
	if r := digitalid.Verify(first.QR, keys, time.Now()); r.Verdict != digitalid.Valid || r.Holder.ID != p.IDNumber || r.Copy {
		t.Fatalf("the drawn credential: %v %v", r.Verdict, r.Err)
	}
	k.waitFor("a renewal drawn", func() bool { return k.f.qrText != "" && k.f.qrText != first.QR })
	k.tap(i18n.T(i18n.AR, "myid.print"))
	k.waitFor("the copy printed", func() bool { return len(k.printer.receipts()) == 1 && !k.f.printing })
	copyQR := k.printer.receipts()[0].QR
	if r := digitalid.Verify(copyQR, keys, time.Now().Add(29*24*time.Hour)); r.Verdict != digitalid.Valid || !r.Copy {
		t.Fatalf("the printed copy: %v %v", r.Verdict, r.Err)
	}
	k.do(k.s.Home)
	if k.f.proof != (Proof{}) || k.f.Status().ID.QR != "" {
		t.Fatal("the token or the credential outlived the session")
	}
}
