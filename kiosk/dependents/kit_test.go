package dependents

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
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
	"github.com/bawaba/bawaba/sync/wire"
)

// prover stands in for kiosk/proof's Prover: its screen waits until the test
// says who was proven (prove), as the real one does once the finger, card or
// password has proven the person.
type prover struct {
	h        shell.Host
	onProven func(shell.Host, Proven)
	onCancel func(shell.Host)
	wiped    int
	docs     int // documents passed on
	cards    int // cards passed on
}

func (p *prover) Start(h shell.Host) fyne.CanvasObject {
	p.h = h
	return widget.NewLabel("proving")
}

func (p *prover) Rebuild(h shell.Host) fyne.CanvasObject { return p.Start(h) }

func (p *prover) Wipe() { p.wiped++ }

func (p *prover) FillFromDocument(mrz.Document) { p.docs++ }

func (p *prover) CardInserted(*magstripe.Card, error) { p.cards++ }

// fakeLive answers the list call as central would, or fails as an unreachable one.
type fakeLive struct {
	list  []wire.DependentInfo
	err   error
	token string // the token last asked with
}

func (l *fakeLive) Dependents(_ context.Context, r wire.DependentsRequest) (wire.DependentsResponse, error) {
	l.token = r.ProofToken
	return wire.DependentsResponse{Dependents: l.list}, l.err
}

// kit is prooftest's kiosk (a real central over loopback mTLS with 40 synthetic
// people, an enrolled client, a sealed outbox) with a printer that records.
type kit struct {
	*prooftest.Kiosk
	prn    *registertest.Printer
	online atomic.Bool
	frozen error // when set, the outbox refuses new requests
}

func newKit(t testing.TB) *kit {
	t.Helper()
	return &kit{Kiosk: prooftest.StartKiosk(t), prn: &registertest.Printer{}}
}

// ui drives the real shell with the flow the way a person would.
type ui struct {
	t     *testing.T
	k     *kit
	win   fyne.Window
	s     *shell.Shell
	f     *Flow
	p     *prover
	lang  i18n.Lang
	shots string
	pt    *prooftest.UI // the services' shared UI kit: taps
}

// startUI starts the shell with the flow behind the stand-in prover and taps
// its tile; the flow must then be on step first.
func (k *kit) startUI(t *testing.T, lang i18n.Lang, live Live, first Step) *ui {
	t.Helper()
	u := k.start(t, lang, live, func(u *ui) NewProver {
		return func(onProven func(shell.Host, Proven), onCancel func(shell.Host)) Prover {
			u.p = &prover{onProven: onProven, onCancel: onCancel}
			return u.p
		}
	})
	if u.s.FlowID() != "dependents" || u.f.Step() != first {
		t.Fatalf("flow not started: screen %s step %s", u.s.Screen(), u.f.Step())
	}
	return u
}

// start runs the real shell at 1280×800 with the flow (its prover made by what
// newProver gives for the ui), the way a person meets it: the attract screen,
// the language, the Dependents tile.
func (k *kit) start(t *testing.T, lang i18n.Lang, live Live, newProver func(*ui) NewProver) *ui {
	t.Helper()
	return k.startSpeaking(t, lang, live, newProver, nil)
}

// startSpeaking is start with a shell that speaks through engine (nil: one
// without speech), speech mode switched on by "touch here to hear".
func (k *kit) startSpeaking(t *testing.T, lang i18n.Lang, live Live, newProver func(*ui) NewProver, engine speech.Engine) *ui {
	t.Helper()
	u := &ui{t: t, k: k, lang: lang, shots: os.Getenv("BAWABA_SCREENSHOTS")}
	var q Queue = k.Outbox
	if k.frozen != nil {
		q = frozen{k.Outbox, k.frozen}
	}
	u.f = New(Options{Go: func(fn func()) { fn() }, Deps: Deps{
		Queue: q, Printer: k.prn, Live: live, Online: k.online.Load, KioskID: k.Client.KioskID(), Prover: newProver(u),
	}})
	u.pt = prooftest.StartSpeakingUI(t, u.f, lang, "kiosk", func() string { return "step " + u.f.Step().String() }, engine)
	u.win, u.s = u.pt.Win, u.pt.Shell
	return u
}

// prove is the prover's answer: person i of the registry, proven by their
// finger (offline: the template is kept for the sealed record) or with a token.
func (u *ui) prove(i int, token string) backoffice.Person {
	u.t.Helper()
	p := backoffice.SyntheticPerson(i)
	kind, _ := identity.IDTypeFromCode(p.IDType)
	pr := Proven{ID: identity.ID{Type: kind, Number: p.IDNumber}, Method: wire.MethodFingerprint, Token: token}
	if token == "" {
		pr.Template = biometric.SyntheticTemplate(p.IDNumber)
	} else {
		pr.Expires = time.Now().Add(wire.ProofTTL)
	}
	u.p.onProven(u.p.h, pr)
	u.expectStep(StepList)
	return p
}

func (u *ui) tapText(text string) { u.t.Helper(); u.pt.TapText(text) }

// tap taps the flow's button name (prooftest.UI.Tap), which must also be on
// the screen, not only named by the current step.
func (u *ui) tap(name string) {
	u.t.Helper()
	if b, ok := u.f.Button(name); ok {
		if _, on := screentest.Find(u.win.Canvas(), func(x *rtl.Button) bool { return x == b }); !on {
			u.t.Fatalf("button %q is not on screen at step %s", name, u.f.Step())
		}
	}
	u.pt.Tap(name)
}

// typeInto types s on the on-screen keypad into the named field.
func (u *ui) typeInto(field, s string) {
	u.t.Helper()
	fl, ok := u.f.Field(field)
	if !ok {
		u.t.Fatalf("no field %q on step %s", field, u.f.Step())
	}
	test.Tap(fl)
	kb := u.s.Keyboard()
	if k := kb.Key("clear"); k != nil {
		test.Tap(k)
	}
	for _, r := range s {
		key := kb.Key(string(unicode.ToLower(r)))
		if key == nil {
			u.t.Fatalf("keypad %s has no key %q", kb.Kind(), r)
		}
		test.Tap(key)
	}
}

// date sets the date of birth: day and year typed, the month stepped to.
func (u *ui) date(d wire.Date) {
	u.t.Helper()
	u.typeInto("day", fmt.Sprint(d.Day))
	for range d.Month {
		u.tap("month+")
	}
	u.typeInto("year", fmt.Sprint(d.Year))
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (message %q), want %s", u.f.Step(), u.f.Error(), s)
	}
}

// expectText checks that a label on screen shows the text of key.
func (u *ui) expectText(key string, args ...any) {
	u.t.Helper()
	u.expectLiteral(i18n.Tf(u.lang, key, args...))
}

func (u *ui) expectLiteral(text string) {
	u.t.Helper()
	_, found := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	if !found {
		u.t.Fatalf("%q not on screen at step %s", text, u.f.Step())
	}
}

// queued is how many requests the outbox holds.
func (u *ui) queued() int {
	u.t.Helper()
	st, err := u.k.Outbox.Stats()
	if err != nil {
		u.t.Fatal(err)
	}
	return st.Undelivered() + st.Delivered
}

// snap writes a PNG of the screen when BAWABA_SCREENSHOTS names a directory.
func (u *ui) snap(name string) {
	u.t.Helper()
	if u.shots == "" {
		return
	}
	fh, err := os.Create(filepath.Join(u.shots, fmt.Sprintf("dependents_%s_%s.png", u.lang, name)))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.win.Canvas().Capture()); err != nil {
		u.t.Fatal(err)
	}
}

// smsTo is every message central's development SMS file holds for mobile.
func (k *kit) smsTo(t testing.TB, mobile string) []sms.Message {
	t.Helper()
	msgs, err := sms.Read(k.C.SMSPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	var out []sms.Message
	for _, m := range msgs {
		if m.Mobile == mobile {
			out = append(out, m)
		}
	}
	return out
}

// expectSMS waits until central's SMS log holds text for mobile (it sends just
// after its transaction commits).
func (k *kit) expectSMS(t testing.TB, mobile, text string) {
	t.Helper()
	prooftest.Eventually(t, "the SMS to "+mobile, func() bool {
		for _, m := range k.smsTo(t, mobile) {
			if m.Text == text {
				return true
			}
		}
		return false
	})
}
