package activate

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// kit is prooftest's kiosk (a real central over loopback mTLS, an enrolled
// client, a sealed outbox, the simulators on ptys) with a printer and a network
// the test switches.
type kit struct {
	*prooftest.Kiosk
	prn    *registertest.Printer
	online atomic.Bool
	down   atomic.Bool // central "goes away": live calls fail as unreachable
}

func newKit(t testing.TB) *kit {
	t.Helper()
	k := &kit{Kiosk: prooftest.StartKiosk(t), prn: &registertest.Printer{}}
	k.online.Store(true)
	return k
}

func (k *kit) deliver(t *testing.T, ref string) wire.RequestStatus { return k.Deliver(t, ref) }

func (k *kit) account(t testing.TB, i int, active bool) backoffice.Person {
	return k.Account(t, i, active)
}

func (k *kit) isActive(t *testing.T, id string) bool { return k.AccountOf(t, id).Active }

// switchLive is the real client, which the test can make unreachable.
type switchLive struct{ k *kit }

func (s switchLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	if s.k.down.Load() {
		return wire.IDLookupResponse{}, liveErr("id lookup", client.ErrOffline)
	}
	return ClientLive{s.k.Client}.CheckID(ctx, r)
}

func (s switchLive) MatchFingerprint(ctx context.Context, r wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	if s.k.down.Load() {
		return wire.FingerprintMatchResponse{}, liveErr("fingerprint match", client.ErrOffline)
	}
	return ClientLive{s.k.Client}.MatchFingerprint(ctx, r)
}

// person is a finger on the simulated sensor that behaves as asked: before each
// capture it places the next finger of its script (a synthetic finger name, or
// "messy:NAME" to make the sensor read it badly, or "" to place none), and it
// lifts the finger when asked to. The sensor under it is the real one on a pty.
type person struct {
	real   proof.Sensor
	dev    *prooftest.Devices
	mu     sync.Mutex
	script []string
}

func (p *person) will(fingers ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.script = append(p.script, fingers...)
}

func (p *person) Capture(ctx context.Context) ([]byte, error) {
	p.mu.Lock()
	next := ""
	if len(p.script) > 0 {
		next, p.script = p.script[0], p.script[1:]
	}
	p.mu.Unlock()
	if name, ok := strings.CutPrefix(next, "messy:"); ok {
		p.dev.Finger.FailNext(fingerprint.CodeImageMessy)
		next = name
	}
	if next != "" {
		p.dev.Finger.Place(next)
	}
	return p.real.Capture(ctx)
}

func (p *person) WaitLifted(ctx context.Context) error {
	p.dev.Finger.Lift()
	return p.real.WaitLifted(ctx)
}

// ui drives the real shell with the activation flow the way a person would.
type ui struct {
	t     *testing.T
	k     *kit
	win   fyne.Window
	s     *shell.Shell
	f     *Flow
	lang  i18n.Lang
	who   *person
	shots string
}

func (k *kit) startUI(t *testing.T, lang i18n.Lang) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	who := &person{real: k.Devices.Sensor(), dev: k.Devices}
	f := New(Options{Go: func(fn func()) { fn() }, FingerTimeout: 2 * time.Second, Deps: Deps{
		Queue: k.Outbox, Printer: k.prn, Sensor: who, Live: switchLive{k},
		Online: func() bool { return k.online.Load() && !k.down.Load() }, KioskID: k.Client.KioskID(),
	}})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, k: k, win: win, s: s, f: f, lang: lang, who: who, shots: os.Getenv("BAWABA_SCREENSHOTS")}
	u.tapText(i18n.T(i18n.AR, "attract.touch"))
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "activate.title"))
	if s.FlowID() != "activate" {
		t.Fatalf("flow not started: screen %s", s.Screen())
	}
	k.Devices.Finger.Lift()
	return u
}

func (u *ui) tapText(text string) {
	u.t.Helper()
	found, _ := screentest.Find(u.win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if found == nil {
		u.t.Fatalf("no button %q on screen (step %s)", text, u.f.Step())
	}
	test.Tap(found)
}

func (u *ui) tap(name string) {
	u.t.Helper()
	b, ok := u.f.Button(name)
	if !ok {
		u.t.Fatalf("no button %q on step %s", name, u.f.Step())
	}
	if h := b.MinSize().Height; h < 48 {
		u.t.Fatalf("button %q is %.0f dp tall, under the 48 dp touch target", name, h)
	}
	test.Tap(b)
}

// typeID types the number on the on-screen keypad and taps Next.
func (u *ui) typeID(num string) {
	u.t.Helper()
	if u.f.Step() != StepID {
		u.t.Fatalf("step %s, want id", u.f.Step())
	}
	test.Tap(u.f.Form().Field())
	kb := u.s.Keyboard()
	if k := kb.Key("clear"); k != nil {
		test.Tap(k)
	}
	for _, r := range num {
		key := kb.Key(string(unicode.ToLower(r)))
		if key == nil {
			u.t.Fatalf("keypad %s has no key %q", kb.Kind(), r)
		}
		test.Tap(key)
	}
	u.tap("next")
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		var c string
		if u.f.Capture() != nil {
			c = fmt.Sprintf("%s %+v", u.f.Capture().State(), u.f.Capture().Problem())
		}
		u.t.Fatalf("step %s (answer %q reason %q capture %s), want %s", u.f.Step(), u.f.Answer(), u.f.Reason(), c, s)
	}
}

// expectText checks that a label on screen shows the text of key.
func (u *ui) expectText(key string, args ...any) {
	u.t.Helper()
	u.expectLiteral(i18n.Tf(u.lang, key, args...))
}

// expectLiteral checks that a label on screen shows text.
func (u *ui) expectLiteral(text string) {
	u.t.Helper()
	_, found := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	if !found {
		u.t.Fatalf("%q not on screen at step %s", text, u.f.Step())
	}
}

// snap writes a PNG of the screen when BAWABA_SCREENSHOTS names a directory.
func (u *ui) snap(name string) {
	u.t.Helper()
	if u.shots == "" {
		return
	}
	fh, err := os.Create(filepath.Join(u.shots, fmt.Sprintf("activate_%s_%s.png", u.lang, name)))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.win.Canvas().Capture()); err != nil {
		u.t.Fatal(err)
	}
}

// holds reports whether data holds tmpl raw or in base64 (as JSON carries bytes).
func holds(data, tmpl []byte) bool {
	return bytes.Contains(data, tmpl) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString(tmpl)))
}

func backofficePerson(i int) backoffice.Person { return backoffice.SyntheticPerson(i) }
