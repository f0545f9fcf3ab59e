package myid

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// issuerKey signs the test credentials; trusted trusts it.
var issuerKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))

func trusted(now time.Time) []digitalid.Key {
	return []digitalid.Key{{ID: []byte{1, 2, 3, 4}, Public: issuerKey.Public().(ed25519.PublicKey),
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(60 * 24 * time.Hour)}}
}

// person is the synthetic registry person the fake central issues for, with a
// long four-part name.
var person = func() backoffice.Person {
	p := backoffice.SyntheticPerson(4)
	p.Name = wire.Text{AR: "عبدالرحمن محمد عبدالعزيز آل عبدالكريم", EN: "Abdulrahman Mohammed Abdulaziz Al Abdulkareem"}
	return p
}()

// fakeLive is central's digital-ID call: real credentials signed with issuerKey,
// for the token "T1" only; err, when set, is every answer.
type fakeLive struct {
	mu   sync.Mutex
	reqs []wire.DigitalIDRequest
	at   []time.Time // when each request came
	err  error
	// ttl, when set, is the on-screen credential's lifetime instead of 60 s.
	ttl time.Duration
}

func (l *fakeLive) IssueDigitalID(_ context.Context, r wire.DigitalIDRequest) (wire.DigitalID, error) {
	l.mu.Lock()
	l.reqs, l.at = append(l.reqs, r), append(l.at, time.Now())
	err := l.err
	l.mu.Unlock()
	if err != nil {
		return wire.DigitalID{}, err
	}
	if r.ProofToken != "T1" || len(r.FingerprintTemplate) > 0 {
		return wire.DigitalID{}, fmt.Errorf("fake central: unexpected proof %+v", r)
	}
	d, err := issue(person, time.Now(), r.Copy)
	if l.ttl > 0 && !r.Copy {
		d.ExpiresAt = d.IssuedAt.Add(l.ttl) // the display field the screen counts down
	}
	return d, err
}

func (l *fakeLive) set(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.err = err
}

func (l *fakeLive) times() []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]time.Time(nil), l.at...)
}

func (l *fakeLive) requests() []wire.DigitalIDRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]wire.DigitalIDRequest(nil), l.reqs...)
}

// issue signs a credential for p the way central does (the screen's short one
// kept to version 12, the copy with central's default lifetime).
func issue(p backoffice.Person, now time.Time, isCopy bool) (wire.DigitalID, error) {
	is := digitalid.Issuer{URI: "https://bawaba.example", KeyID: []byte{1, 2, 3, 4}, Key: issuerKey}
	o := digitalid.Options{Now: now, TTL: digitalid.ScreenTTL, MaxChars: digitalid.ScreenQRChars}
	if isCopy {
		o = digitalid.Options{Now: now, TTL: digitalid.DefaultCopyTTL, Copy: true}
	}
	c, err := is.Issue(digitalid.Holder{
		ID: p.IDNumber, FullName: p.Name.AR, Language: digitalid.LanguageArabic,
		SecondaryFullName: p.Name.EN, SecondaryLanguage: digitalid.LanguageEnglish,
		BirthDate:   digitalid.Date{Year: p.BirthGregorian.Year, Month: p.BirthGregorian.Month, Day: p.BirthGregorian.Day},
		Nationality: p.Nationality,
	}, o)
	if err != nil {
		return wire.DigitalID{}, err
	}
	return wire.DigitalID{QR: c.QR, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt, Copy: isCopy,
		IDNumber: p.IDNumber, IDType: p.IDType, Name: p.Name, BirthGregorian: p.BirthGregorian,
		BirthHijri: p.BirthHijri, Nationality: p.Nationality}, nil
}

// fakeProver stands for kiosk/proof's Prover: a screen, and the test proves or
// cancels through its callbacks.
type fakeProver struct {
	mu       sync.Mutex
	starts   int
	wiped    int
	onProven func(shell.Host, Proof)
	onCancel func(shell.Host)
	host     shell.Host
}

func (p *fakeProver) factory(onProven func(shell.Host, Proof), onCancel func(shell.Host)) Prover {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.onProven, p.onCancel = onProven, onCancel
	return proverSession{p}
}

type proverSession struct{ p *fakeProver }

func (s proverSession) Start(h shell.Host) fyne.CanvasObject {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.starts++
	s.p.host = h
	return container.NewCenter(rtl.NewLabel(h.Lang(), "prover"))
}
func (s proverSession) Rebuild(h shell.Host) fyne.CanvasObject { return s.Start(h) }
func (s proverSession) Wipe() {
	s.p.mu.Lock()
	defer s.p.mu.Unlock()
	s.p.wiped++
}

// fakePrinter keeps what it printed.
type fakePrinter struct {
	mu      sync.Mutex
	printed []receipt.Receipt
	err     error
}

func (p *fakePrinter) Print(_ context.Context, r receipt.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	p.printed = append(p.printed, r)
	return nil
}

func (p *fakePrinter) receipts() []receipt.Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]receipt.Receipt(nil), p.printed...)
}

// kiosk is the flow in the shell on a test window.
type kiosk struct {
	// ui stands for the one Fyne goroutine: the test driver runs fyne.Do on the
	// caller's goroutine, so the kit runs the flow's posts, taps and checks
	// under one lock instead.
	ui      sync.Mutex
	t       *testing.T
	win     fyne.Window
	s       *shell.Shell
	f       *Flow
	live    *fakeLive
	prover  *fakeProver
	printer *fakePrinter
	online  bool
}

func newKiosk(t *testing.T, lang i18n.Lang, online bool, renewal renew.Options) *kiosk {
	t.Helper()
	return newKioskIdle(t, lang, online, renewal, time.Hour)
}

// newKioskIdle is newKiosk with the shell's idle timeout set to idle (its
// warning the last second of it; the shell waits at least its minimum quiet
// time before the warning, so the wipe comes some seconds later).
func newKioskIdle(t *testing.T, lang i18n.Lang, online bool, renewal renew.Options, idle time.Duration) *kiosk {
	t.Helper()
	return newKioskFull(t, lang, nil, online, renewal, idle, nil)
}

// newKioskWith runs the flow on deps (with the kit's printer) instead of the fakes.
func newKioskWith(t *testing.T, lang i18n.Lang, deps Deps, renewal renew.Options) *kiosk {
	t.Helper()
	return newKioskFull(t, lang, &deps, true, renewal, time.Hour, nil)
}

// newKioskFull builds the kit; with engine set, speech mode is switched on
// with the attract screen's "touch here to hear", as a person who cannot read
// would.
func newKioskFull(t *testing.T, lang i18n.Lang, deps *Deps, online bool, renewal renew.Options, idle time.Duration, engine speech.Engine) *kiosk {
	t.Helper()
	test.NewTempApp(t)
	k := &kiosk{t: t, live: &fakeLive{}, prover: &fakeProver{}, printer: &fakePrinter{}, online: online}
	k.win = test.NewTempWindow(t, nil)
	k.win.Resize(fyne.NewSize(1280, 800))
	d := Deps{Live: k.live, Printer: k.printer, Online: func() bool { return k.online }, Prove: k.prover.factory}
	if deps != nil {
		d = *deps
		d.Printer = k.printer
	}
	k.f = New(Options{Deps: d, Renewal: renewal, Loc: time.UTC, Post: k.do})
	k.s = shell.New(k.win, shell.Options{Flows: []shell.Flow{k.f}, StatusEvery: -1,
		IdleTimeout: idle, IdleWarning: min(idle/2, time.Second), Speech: engine})
	t.Cleanup(k.s.Stop)
	k.s.Start()
	if engine != nil {
		k.tap(i18n.T(i18n.AR, "a11y.speech.hear"))
	} else {
		k.tap(i18n.T(i18n.AR, "attract.touch"))
	}
	k.tap(map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[lang])
	return k
}

// do runs f as the Fyne goroutine would: one at a time.
func (k *kiosk) do(f func()) {
	k.ui.Lock()
	defer k.ui.Unlock()
	f()
}

func (k *kiosk) tap(text string) {
	k.t.Helper()
	var b *rtl.Button
	var ok bool
	k.do(func() {
		b, ok = screentest.Find(k.win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	})
	if !ok {
		k.t.Fatalf("no button %q on screen", text)
	}
	k.do(func() { test.Tap(b) })
}

// prove taps the tile and proves the person with token T1.
func (k *kiosk) prove() {
	k.t.Helper()
	k.tap(i18n.T(k.lang(), "myid.title"))
	k.prover.mu.Lock()
	h, proven := k.prover.host, k.prover.onProven
	k.prover.mu.Unlock()
	if proven == nil {
		k.t.Fatalf("the prover was not started: step %v", k.f.Step())
	}
	k.do(func() {
		proven(h, Proof{IDNumber: person.IDNumber, Token: "T1", Expires: time.Now().Add(wire.ProofTTL)})
	})
}

func (k *kiosk) lang() i18n.Lang {
	var l i18n.Lang
	k.do(func() { l = k.s.Lang() })
	return l
}

// waitFor polls cond on the Fyne goroutine until it holds.
func (k *kiosk) waitFor(what string, cond func() bool) {
	k.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		k.do(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var st Step
			k.do(func() { st = k.f.Step() })
			k.t.Fatalf("never: %s (step %v)", what, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// shows reports whether a label with exactly text is on screen.
func (k *kiosk) shows(text string) bool {
	_, ok := screentest.Find(k.win.Canvas(), func(l *rtl.Label) bool { return l.Text == text && l.Visible() })
	return ok
}

// snap writes a PNG of the window when BAWABA_SCREENSHOTS names a directory.
func (k *kiosk) snap(name string) {
	k.t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	var err error
	lang := k.lang()
	k.do(func() {
		var fh *os.File
		if fh, err = os.Create(filepath.Join(dir, fmt.Sprintf("myid_%s_%s.png", lang, name))); err != nil {
			return
		}
		defer fh.Close()
		err = png.Encode(fh, k.win.Canvas().Capture())
	})
	if err != nil {
		k.t.Fatal(err)
	}
}

// zbarimg decodes the QR code in a PNG with an independent decoder.
func zbarimg(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg (zbar-tools) is required here but missing")
		}
		t.Skip("zbarimg not installed")
	}
	out, err := exec.Command(bin, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", path, err)
	}
	return strings.TrimRight(string(out), "\n")
}
