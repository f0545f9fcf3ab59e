package mobile

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// benchHost is the least of a shell a screen needs: a window and a keyboard.
type benchHost struct {
	win fyne.Window
	kb  *keyboard.Keyboard
}

func (h benchHost) Lang() i18n.Lang              { return i18n.AR }
func (h benchHost) Show(o fyne.CanvasObject)     { h.win.SetContent(o) }
func (h benchHost) Home()                        {}
func (h benchHost) Keyboard() *keyboard.Keyboard { return h.kb }
func (h benchHost) Touch()                       {}
func (h benchHost) Window() fyne.Window          { return h.win }

// BenchmarkLostSIMProof is the lost SIM's proof as the person lives it, from
// the finger on the sensor (a sensor without scan time) to the new number's
// screen drawn: the template to central's POST /v1/proof over loopback mutual
// TLS, its match and token, the template wiped and the screen built (fyne
// test driver). The ID is typed before the clock starts.
func BenchmarkLostSIMProof(b *testing.B) {
	c := centraltest.Start(b, centraltest.Options{People: 10, Central: central.Options{
		Limits: central.Limits{FingerprintPerKiosk: central.Rate{N: 1 << 30, Per: time.Second}}}})
	cl, _, _ := c.Client(b, filepath.Join(b.TempDir(), "kiosk"), "bench")
	p := c.Account(b, 4, true)
	test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	h := benchHost{win: win, kb: keyboard.New(win.Canvas(), i18n.AR, keyboard.None)}
	finger := prooftest.NewFinger()
	online := func() bool { return true }
	var pr *proof.Prover
	f := New(Options{Go: func(fn func()) { fn() }, Deps: Deps{Queue: &registertest.Queue{}, Printer: &registertest.Printer{},
		Live: ClientLive{cl}, Online: online,
		Prove: func(proven func(shell.Host, proof.Proven), cancel func(shell.Host)) Prover {
			pr = proof.NewProver(proof.ProverConfig{TitleKey: "mobile.title", NoCode: true,
				Deps:     proof.ProverDeps{Sensor: finger, Live: cl, Online: online, Lockout: &proof.Lockout{}, Go: func(fn func()) { fn() }},
				OnProven: proven, OnCancel: cancel})
			return pr
		}}})
	for b.Loop() {
		b.StopTimer()
		h.Show(f.Start(h))
		lost, _ := f.Button("lost_sim")
		lost.OnTapped()
		test.Type(pr.Form().Field(), p.IDNumber)
		next, _ := pr.Button("next")
		b.StartTimer()
		finger.Place(p.IDNumber)
		next.OnTapped()
		if f.Step() != StepNewNumber {
			b.Fatalf("step %s, prover %s", f.Step(), pr.Step())
		}
	}
}
