package proof_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestProverNoCode: for a person who cannot receive a code at the number on
// record (a lost SIM), the prover asks for the ID and the finger at once and
// never offers the username, password and code; cancel on its first screen
// leaves the proof.
func TestProverNoCode(t *testing.T) {
	k := newProverKit(t)
	start := func(t *testing.T) (*run, *int) {
		r := &run{t: t, finger: prooftest.NewFinger()}
		cancels := new(int)
		r.p = proof.NewProver(proof.ProverConfig{TitleKey: "mobile.title", NoCode: true,
			Deps: proof.ProverDeps{Sensor: r.finger, Live: k.cl, Online: k.online.Load, Lockout: &k.lock,
				Go: func(f func()) { f() }, FingerTimeout: 2 * time.Second},
			OnProven: func(_ shell.Host, p proof.Proven) { r.got = &p },
			OnCancel: func(shell.Host) { *cancels++ },
		})
		r.svc = &service{p: r.p}
		r.UI = prooftest.StartUI(t, r.svc, i18n.EN, "", func() string { return "step " + r.p.Step().String() })
		return r, cancels
	}
	t.Run("when it starts, the ID is asked at once and cancel leaves", func(t *testing.T) {
		r, cancels := start(t)
		r.expect(proof.ProveID)
		if _, ok := r.p.Button("password"); ok {
			t.Fatal("the password way is offered")
		}
		r.Tap("cancel")
		if *cancels != 1 {
			t.Fatalf("cancel tapped, OnCancel ran %d times", *cancels)
		}
	})
	t.Run("when the finger matches, the person is proven with a token", func(t *testing.T) {
		p := k.c.Account(t, 32, true)
		r, _ := start(t)
		test.Type(r.p.Form().Field(), p.IDNumber)
		r.finger.Place(p.IDNumber)
		r.Tap("next")
		r.expect(proof.ProveDone)
		if r.got == nil || r.got.ID.Number != p.IDNumber || r.got.Token == "" {
			t.Fatalf("proven %+v", r.got)
		}
	})
	for i, tt := range []struct {
		name string
		give func(r *run)
		want proof.ProverStep
	}{
		{"when the person cannot give a finger, only the service centre is offered", func(r *run) {
			r.Tap("no_finger")
		}, proof.ProveNoFinger},
		{"when the tries are used up, only the service centre is offered", func(r *run) {
			for range wire.FingerprintMaxFails {
				r.finger.Place("a stranger's finger")
			}
		}, proof.ProveLocked},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := k.c.Account(t, 33+i, true)
			r, _ := start(t)
			test.Type(r.p.Form().Field(), p.IDNumber)
			if tt.want == proof.ProveLocked {
				tt.give(r)
				r.Tap("next")
			} else {
				r.Tap("next")
				r.expect(proof.ProveFinger)
				tt.give(r)
			}
			r.expect(tt.want)
			r.ExpectKey("prove.other.centre")
			if _, ok := r.p.Button("password"); ok {
				t.Fatal("the password way is offered")
			}
		})
	}
}
