package address

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// kit is prooftest's kiosk (a real central over loopback mTLS, an enrolled
// client, a sealed outbox) with a printer and a network the test switches.
type kit struct {
	*prooftest.Kiosk
	prn    *registertest.Printer
	online atomic.Bool
	queue  Queue     // nil: the real outbox
	prove  NewProver // nil: a fakeProver the test drives
}

func newKit(t testing.TB) *kit {
	t.Helper()
	k := &kit{Kiosk: prooftest.StartKiosk(t), prn: &registertest.Printer{}}
	k.online.Store(true)
	return k
}

// fakeProver stands in for the shared prover: its screen waits, and the test
// says who was proven.
type fakeProver struct {
	proven  func(h shell.Host, p Proven)
	cancel  func(h shell.Host)
	h       shell.Host
	started int
	wiped   int
}

func (p *fakeProver) Start(h shell.Host) fyne.CanvasObject {
	p.h, p.started = h, p.started+1
	return rtl.NewLabel(h.Lang(), "prover")
}

func (p *fakeProver) Rebuild(h shell.Host) fyne.CanvasObject { return p.Start(h) }

func (p *fakeProver) Wipe() { p.wiped++ }

// ui drives the real shell with the address flow the way a person would.
type ui struct {
	t      *testing.T
	k      *kit
	win    fyne.Window
	s      *shell.Shell
	f      *Flow
	lang   i18n.Lang
	prover *fakeProver
	shots  string
	pt     *prooftest.UI // the services' shared UI kit: taps
}

func (k *kit) startUI(t *testing.T, lang i18n.Lang) *ui {
	t.Helper()
	return k.startSpeakingUI(t, lang, nil)
}

// startSpeakingUI is startUI with a shell that speaks through engine (nil: a
// shell without speech), speech mode switched on by "touch here to hear".
func (k *kit) startSpeakingUI(t *testing.T, lang i18n.Lang, engine speech.Engine) *ui {
	t.Helper()
	u := &ui{t: t, k: k, lang: lang, shots: os.Getenv("BAWABA_SCREENSHOTS")}
	var q Queue = k.Outbox
	if k.queue != nil {
		q = k.queue
	}
	u.f = New(Options{Go: func(fn func()) { fn() }, Deps: Deps{
		Queue: q, Printer: k.prn, Live: k.Client,
		Prove: func(proven func(shell.Host, Proven), cancel func(shell.Host)) Prover {
			if k.prove != nil {
				return k.prove(proven, cancel)
			}
			u.prover = &fakeProver{proven: proven, cancel: cancel}
			return u.prover
		},
		Online: k.online.Load, KioskID: k.Client.KioskID(),
	}})
	u.pt = prooftest.StartSpeakingUI(t, u.f, lang, "kiosk", func() string { return "step " + u.f.Step().String() }, engine)
	u.win, u.s = u.pt.Win, u.pt.Shell
	return u
}

// prove ends the prover with synthetic person i proven by fingerprint at the
// kiosk, offline (no token).
func (u *ui) proveOffline(i int) backoffice.Person {
	u.t.Helper()
	u.expectProver()
	p := backoffice.SyntheticPerson(i)
	u.prover.proven(u.prover.h, Proven{ID: identity.ID{Number: p.IDNumber}, Method: wire.MethodFingerprint,
		Template: biometric.SyntheticTemplate(p.IDNumber)})
	return p
}

// expectProver checks that the session began with the prover's screen.
func (u *ui) expectProver() {
	u.t.Helper()
	if u.prover == nil || u.prover.started != 1 || u.f.Step() != StepProve || !u.shows("prover") {
		u.t.Fatalf("the session did not begin with the prover (step %s)", u.f.Step())
	}
}

func backofficePerson(i int) backoffice.Person { return backoffice.SyntheticPerson(i) }

func (u *ui) tapText(text string) { u.t.Helper(); u.pt.TapText(text) }

func (u *ui) tap(name string) { u.t.Helper(); u.pt.Tap(name) }

// press types text on the on-screen keyboard into the focused field.
func (u *ui) press(text string) {
	u.t.Helper()
	kb := u.s.Keyboard()
	for _, r := range text {
		label := string(r)
		if r == ' ' {
			label = "space"
		}
		key := kb.Key(label)
		if key == nil {
			u.t.Fatalf("keyboard %s has no key %q", kb.Kind(), label)
		}
		test.Tap(key)
	}
}

// fill types value into a field of the form on the on-screen keyboard.
func (u *ui) fill(field, value string) {
	u.t.Helper()
	e, ok := u.f.Field(field)
	if !ok {
		u.t.Fatalf("no field %s on step %s", field, u.f.Step())
	}
	test.Tap(e)
	if k := u.s.Keyboard().Key("clear"); k != nil {
		test.Tap(k)
	}
	u.press(value)
}

// set puts value in a field as pasted: for input no keyboard key makes.
func (u *ui) set(field, value string) {
	u.t.Helper()
	e, ok := u.f.Field(field)
	if !ok {
		u.t.Fatalf("no field %s on step %s", field, u.f.Step())
	}
	e.SetText(value)
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (busy %v, unknown %q, errors %v, refused %v), want %s", u.f.Step(), u.f.Busy(), u.f.Unknown(), u.f.Errors(), u.f.refused, s)
	}
}

// expectText checks that a label on screen shows the text of key.
func (u *ui) expectText(key string, args ...any) {
	u.t.Helper()
	u.expectLiteral(i18n.Tf(u.lang, key, args...))
}

func (u *ui) expectLiteral(text string) {
	u.t.Helper()
	if !u.shows(text) {
		u.t.Fatalf("%q not on screen at step %s", text, u.f.Step())
	}
}

func (u *ui) shows(text string) bool {
	_, found := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	return found
}

// snap writes a PNG of the screen when BAWABA_SCREENSHOTS names a directory.
func (u *ui) snap(name string) {
	u.t.Helper()
	if u.shots == "" {
		return
	}
	fh, err := os.Create(filepath.Join(u.shots, fmt.Sprintf("address_%s_%s.png", u.lang, name)))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.win.Canvas().Capture()); err != nil {
		u.t.Fatal(err)
	}
}

// addressAt is the address on record at central for id.
func (k *kit) addressAt(t testing.TB, id string) (a wire.Address, found bool) {
	t.Helper()
	if err := k.C.Store.View(context.Background(), func(tx store.Tx) (err error) {
		a, found, err = backoffice.GetAddress(tx, id)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return a, found
}

// putAddress stores a as id's address at central.
func (k *kit) putAddress(t testing.TB, id string, a wire.Address) {
	t.Helper()
	err := k.C.Store.Update(context.Background(), func(tx store.Tx) error {
		out, err := backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: "addr-" + id, Ref: "ADDR" + id, Kind: wire.KindAddressUpdate},
			Payload: &wire.AddressUpdate{IDNumber: id, Address: a, FingerprintTemplate: biometric.SyntheticTemplate(id)}}, time.Now())
		if err == nil && out.Status.State != wire.StateCompleted {
			err = fmt.Errorf("%+v", out.Status)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// lastSMS waits for the newest message to mobile at central's SMS file.
func (k *kit) lastSMS(t testing.TB, mobile string) sms.Message {
	t.Helper()
	var m sms.Message
	var err error
	prooftest.Eventually(t, "an SMS to "+mobile, func() bool {
		m, err = sms.Last(k.C.SMSPath, mobile)
		if err != nil {
			all, _ := sms.Read(k.C.SMSPath)
			t.Logf("no SMS to %s yet (%v); the file holds %d: %+v", mobile, err, len(all), all)
		}
		return err == nil
	})
	return m
}

// decodeCard renders a printed card as the printer would and reads its QR
// code back with zbarimg; the test is skipped only where zbarimg is absent.
func decodeCard(t *testing.T, r receipt.Receipt, width int) string {
	t.Helper()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed (zbar-tools)")
	}
	img, err := receipt.Render(r, width)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "card.png")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	if dir := os.Getenv("BAWABA_SCREENSHOTS"); dir != "" {
		if b, err := os.ReadFile(path); err == nil {
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("address_card_%s_%d.png", r.Lang, width)), b, 0o644)
		}
	}
	out, err := exec.Command(zbar, "--quiet", "--raw", path).Output()
	if err != nil {
		t.Fatalf("zbarimg found no code in the card: %v", err)
	}
	return strings.TrimSpace(string(out))
}
