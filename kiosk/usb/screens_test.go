package usb

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

var now = time.Date(2026, 5, 1, 8, 30, 0, 0, time.UTC)

// cert returns a key and a certificate named cn, signed by parent (self-signed when
// parent is nil).
func cert(t *testing.T, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), IsCA: parent == nil, BasicConstraintsValid: true}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return key, c
}

// rig is the screen with a real outbox of n requests, a kiosk identity issued by a
// test CA, and a stick directory.
type rig struct {
	box   *outbox.Store
	id    *transfer.Identity
	caKey *ecdsa.PrivateKey
	stick string
}

func newRig(t *testing.T, n int) *rig {
	t.Helper()
	caKey, ca := cert(t, "Test Central CA", nil, nil)
	kioskKey, leaf := cert(t, "kiosk-ui-test", ca, caKey)
	sk, err := seal.GenerateKey("k1", now.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	box, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: "kiosk-ui-test",
		Key: func() (seal.PublicKey, error) { return sk.Public(), nil }, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	for i := range n {
		if _, err := box.Enqueue(outbox.Request{Kind: wire.KindRegistration, Payload: []byte(fmt.Sprintf(`{"n":%d}`, i))}); err != nil {
			t.Fatal(err)
		}
	}
	return &rig{box: box, id: &transfer.Identity{KioskID: "kiosk-ui-test", Signer: kioskKey, Chain: [][]byte{leaf.Raw}, CA: ca},
		caKey: caKey, stick: t.TempDir()}
}

// answer plays the central service: it reads the bundle on the stick and writes a
// receipt that takes every record, signed by the test CA.
func (r *rig) answer(t *testing.T) {
	t.Helper()
	files, _ := transfer.Files(r.stick, transfer.BundleExt)
	if len(files) != 1 {
		t.Fatalf("bundles on the stick: %v", files)
	}
	data, _ := os.ReadFile(files[0])
	b, _, err := transfer.ReadBundle(data)
	if err != nil {
		t.Fatal(err)
	}
	rc := &transfer.Receipt{KioskID: b.KioskID, BundleID: b.ID, BundleSHA256: transfer.BundleDigest(data), Issued: now}
	for _, rec := range b.Records {
		rc.Results = append(rc.Results, wire.PushResult{ID: rec.ID, Status: wire.StatusAccepted})
	}
	enc, err := transfer.EncodeReceipt(rc, r.caKey)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(strings.TrimSuffix(files[0], transfer.BundleExt)+transfer.ReceiptExt, enc, 0o644)
}

func tapText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if !ok {
		t.Fatalf("no button %q on screen", text)
	}
	test.Tap(b)
}

// waitText waits until a label reading exactly want is on screen.
func waitText(t *testing.T, w fyne.Window, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var shown bool
		fyne.DoAndWait(func() {
			_, shown = screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return l.Text == want })
		})
		if shown {
			return
		}
		if time.Now().After(deadline) {
			var texts []string
			fyne.DoAndWait(func() {
				for _, l := range screentest.All(w.Canvas(), func(*rtl.Label) bool { return true }) {
					texts = append(texts, l.Text)
				}
			})
			t.Fatalf("%q never shown; on screen: %q", want, texts)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The USB screen in both languages, export → receipt → receipt again, with
// screenshots to look at when BAWABA_SCREENSHOTS names a directory.
func TestScreens(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(1280, 800))
			r := newRig(t, 3)
			f := New(Options{Outbox: r.box, Identity: func() (*transfer.Identity, error) { return r.id, nil },
				Mounts: func() ([]transfer.Mount, error) { return nil, nil }, Path: r.stick, Now: func() time.Time { return now }})
			s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
			t.Cleanup(s.Stop)
			s.Start()
			tapText(t, win, i18n.T(i18n.AR, "attract.touch"))
			tapText(t, win, map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[l])
			tapText(t, win, i18n.T(l, "transfer.title"))
			if s.FlowID() != "usb" {
				t.Fatalf("flow not started: %s", s.Screen())
			}
			// The one place offered is chosen; both actions are big enough to touch.
			exp, _ := screentest.Find(win.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(l, "transfer.export") })
			if exp.Disabled() || exp.MinSize().Height < 48 {
				t.Fatalf("export button: disabled %v, height %v", exp.Disabled(), exp.MinSize().Height)
			}
			snap(t, win, l, "start")

			tapText(t, win, i18n.T(l, "transfer.export"))
			name := "kiosk-ui-test-20260501T083000Z.bundle"
			waitText(t, win, i18n.Tf(l, "transfer.exported", 3, name))
			waitText(t, win, i18n.Tf(l, "transfer.progress", 3, 3))
			snap(t, win, l, "exported")
			if st, _ := r.box.Stats(); st.Queued != 3 {
				t.Fatalf("export changed the outbox: %+v", st)
			}

			tapText(t, win, i18n.T(l, "transfer.import"))
			waitText(t, win, i18n.T(l, "transfer.no_receipt"))
			snap(t, win, l, "no-receipt")

			r.answer(t)
			tapText(t, win, i18n.T(l, "transfer.import"))
			waitText(t, win, i18n.Tf(l, "transfer.imported", 1, 3, 0))
			snap(t, win, l, "imported")
			if st, _ := r.box.Stats(); st.Delivered != 3 || st.Undelivered() != 0 {
				t.Fatalf("after the receipt: %+v", st)
			}

			tapText(t, win, i18n.T(l, "transfer.import"))
			waitText(t, win, i18n.T(l, "transfer.receipt.replayed"))

			tapText(t, win, i18n.T(l, "transfer.export"))
			waitText(t, win, i18n.T(l, "transfer.nothing"))
			snap(t, win, l, "nothing")
		})
	}
}

// A tampered receipt on the stick is refused with its file named, and the outbox
// keeps its requests.
func TestTamperedReceiptRefused(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	r := newRig(t, 2)
	var audited []string // on the Fyne goroutine, as the shell's trail is
	f := New(Options{Outbox: r.box, Identity: func() (*transfer.Identity, error) { return r.id, nil },
		Mounts: func() ([]transfer.Mount, error) { return nil, nil }, Path: r.stick, Now: func() time.Time { return now },
		Audit: func(a staff.Action, res staff.Result, d string) {
			audited = append(audited, fmt.Sprint(a, " ", res, " ", d))
		}})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Lang: i18n.EN})
	t.Cleanup(s.Stop)
	s.Start()
	tapText(t, win, i18n.T(i18n.AR, "attract.touch"))
	tapText(t, win, "English")
	tapText(t, win, i18n.T(i18n.EN, "transfer.title"))
	tapText(t, win, i18n.T(i18n.EN, "transfer.export"))
	waitText(t, win, i18n.Tf(i18n.EN, "transfer.exported", 2, "kiosk-ui-test-20260501T083000Z.bundle"))
	r.answer(t)
	path := filepath.Join(r.stick, transfer.Dir, "kiosk-ui-test-20260501T083000Z.receipt")
	b, _ := os.ReadFile(path)
	b = []byte(strings.Replace(string(b), `"status":"accepted"`, `"status":"duplicate"`, 1))
	os.WriteFile(path, b, 0o644)
	tapText(t, win, i18n.T(i18n.EN, "transfer.import"))
	waitText(t, win, filepath.Base(path)+": "+i18n.T(i18n.EN, "transfer.receipt.forged"))
	if st, _ := r.box.Stats(); st.Queued != 2 || st.Delivered != 0 {
		t.Fatalf("outbox changed: %+v", st)
	}
	var got []string
	fyne.DoAndWait(func() { got = slices.Clone(audited) })
	if !slices.Equal(got, []string{"usb_export ok 2", "usb_import failed 0"}) {
		t.Fatalf("audited %q", got)
	}
}

func snap(t *testing.T, w fyne.Window, l i18n.Lang, name string) {
	t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	var img = w.Canvas().Capture()
	fh, err := os.Create(filepath.Join(dir, fmt.Sprintf("usb_%s_%s.png", l, name)))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}

// The staff screen behind the PIN offers the USB transfer, which starts from it.
func TestOnTheStaffScreen(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(1280, 800))
			win.SetPadded(false) // as the kiosk's window: the corner is the window's
			r := newRig(t, 1)
			pin, err := staff.HashPIN("482613")
			if err != nil {
				t.Fatal(err)
			}
			staffers, err := staff.NewDirectory([]staff.Account{{ID: "1001", Name: "Huda", PIN: pin}})
			if err != nil {
				t.Fatal(err)
			}
			f := New(Options{Outbox: r.box, Identity: func() (*transfer.Identity, error) { return r.id, nil },
				Mounts: func() ([]transfer.Mount, error) { return nil, nil }, Path: r.stick})
			s := shell.New(win, shell.Options{StaffFlows: []shell.Flow{f}, Staff: staff.NewGuard(staff.Options{Accounts: staffers}), StatusEvery: -1, IdleTimeout: time.Hour, Lang: l})
			t.Cleanup(s.Stop)
			s.Start()
			tapText(t, win, i18n.T(i18n.AR, "attract.touch"))
			tapText(t, win, map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[l])
			for range 5 {
				test.TapCanvas(win.Canvas(), fyne.NewPos(5, 5))
			}
			if s.Screen() != shell.ScreenStaffPIN {
				t.Fatalf("screen %s, want the PIN screen", s.Screen())
			}
			for _, d := range "1001" { // the staff ID field has the focus
				tapText(t, win, string(d))
			}
			tapText(t, win, i18n.T(s.Lang(), "staff.signin.enter")) // on to the PIN
			for _, d := range "482613" {
				tapText(t, win, string(d))
			}
			tapText(t, win, i18n.T(s.Lang(), "staff.signin.enter"))
			if s.Screen() != shell.ScreenStaff {
				t.Fatalf("screen %s, want the staff screen", s.Screen())
			}
			snap(t, win, s.Lang(), "staff")
			tapText(t, win, i18n.T(s.Lang(), "transfer.title"))
			if s.FlowID() != "usb" {
				t.Fatalf("flow %q, want usb", s.FlowID())
			}
		})
	}
}

// slowOutbox holds Pending until release is closed, so a test sees an export at work.
type slowOutbox struct {
	*outbox.Store
	release chan struct{}
}

func (s slowOutbox) Pending(max int) ([]outbox.Record, error) {
	<-s.release
	return s.Store.Pending(max)
}

// While an export runs, the screen says not to remove the stick, and nothing can be
// started or left until it ends.
func TestExportInProgress(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	r := newRig(t, 2)
	slow := slowOutbox{r.box, make(chan struct{})}
	f := New(Options{Outbox: slow, Identity: func() (*transfer.Identity, error) { return r.id, nil },
		Mounts: func() ([]transfer.Mount, error) { return nil, nil }, Path: r.stick, Now: func() time.Time { return now }})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
	t.Cleanup(s.Stop)
	s.Start()
	tapText(t, win, i18n.T(i18n.AR, "attract.touch"))
	tapText(t, win, "العربية")
	tapText(t, win, i18n.T(i18n.AR, "transfer.title"))
	tapText(t, win, i18n.T(i18n.AR, "transfer.export"))
	waitText(t, win, i18n.T(i18n.AR, "transfer.writing"))
	for _, key := range []string{"transfer.export", "transfer.import", "transfer.refresh", "transfer.back"} {
		b, ok := screentest.Find(win.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(i18n.AR, key) })
		if !ok || !b.Disabled() {
			t.Errorf("%s: on screen %v, want disabled while exporting", key, ok)
		}
	}
	snap(t, win, i18n.AR, "writing")
	close(slow.release)
	waitText(t, win, i18n.Tf(i18n.AR, "transfer.exported", 2, "kiosk-ui-test-20260501T083000Z.bundle"))
}
