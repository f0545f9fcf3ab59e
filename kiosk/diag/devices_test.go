package diag

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/docreader/docreadersim"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
)

// sims is one simulator of every kind on a pty, under a running manager.
type sims struct {
	m      *manager.Manager
	hosts  map[manager.Kind]*simport.Host
	doc    *docreadersim.Sim
	card   *cardreadersim.Sim
	scan   *scannersim.Sim
	finger *fingerprintsim.Sim
	prn    *printersim.Sim
}

func startSims(t *testing.T) *sims {
	t.Helper()
	prn, err := printersim.New(printersim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := &sims{doc: &docreadersim.Sim{}, card: &cardreadersim.Sim{}, scan: &scannersim.Sim{},
		finger: fingerprintsim.New(50), prn: prn, hosts: map[manager.Kind]*simport.Host{}}
	dir := t.TempDir()
	var devs []manager.Device
	// In the configuration's order, as the screen lists them.
	for _, d := range []struct {
		kind manager.Kind
		srv  simport.Server
	}{{manager.Printer, prn}, {manager.DocReader, s.doc}, {manager.CardReader, s.card}, {manager.Scanner, s.scan}, {manager.Fingerprint, s.finger}} {
		h := simport.NewHost(filepath.Join(dir, string(d.kind)), d.srv)
		if err := h.Plug(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		s.hosts[d.kind] = h
		devs = append(devs, manager.Device{Kind: d.kind, Path: h.Link(), Baud: 115200,
			Fingerprint: fingerprint.Options{Poll: 20 * time.Millisecond, Timeout: time.Second}})
	}
	s.m, err = manager.New(devs, manager.Options{Backoff: backoff.Options{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		HealthEvery: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	deadline := time.Now().Add(30 * time.Second)
	for _, st := range s.m.Statuses() {
		for st.State != manager.StateOnline {
			if time.Now().After(deadline) {
				t.Fatalf("%s stuck in %s (%s)", st.Name, st.State, st.Detail)
			}
			time.Sleep(20 * time.Millisecond)
			st, _ = s.m.Status(st.Name)
		}
	}
	return s
}

// waitResult waits until the test's waiting text is gone and returns the
// result shown under the device's test button.
func waitFor(t *testing.T, w fyne.Window, match func(string) bool, what string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var found string
		fyne.DoAndWait(func() {
			if l, ok := screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return match(l.Text) }); ok {
				found = l.Text
			}
		})
		if found != "" {
			return found
		}
		if time.Now().After(deadline) {
			var seen []string
			fyne.DoAndWait(func() {
				for _, l := range screentest.All[*rtl.Label](w.Canvas(), nil) {
					seen = append(seen, l.Text)
				}
			})
			t.Fatalf("%s never shown; labels %q", what, seen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func tapAsync(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	var b *rtl.Button
	var ok bool
	fyne.DoAndWait(func() { b, ok = screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == text }) })
	if !ok {
		t.Fatalf("no button %q", text)
	}
	fyne.DoAndWait(func() { test.Tap(b) })
}

// TestDeviceTestsOnSimulators runs every device's test against the device
// simulators on real ptys, through the device manager the kiosk runs: a slip
// is printed, a document, a card and a code are read and described (the card
// masked; nothing read goes to the audit trail), a finger's quality is said,
// and a test nobody answers ends at its timeout.
func TestDeviceTestsOnSimulators(t *testing.T) {
	s := startSims(t)
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			a := &audited{}
			now := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
			f := New(Options{Stats: func() (outbox.Stats, error) { return outbox.Stats{Delivered: 4}, nil },
				Devices: s.m, TestTimeout: 3 * time.Second, KioskID: "kiosk-test-1", PaperWidth: 576,
				Now: func() time.Time { return now }, Audit: a.add,
				Frozen: func() error { return nil },
				Sync:   func() engine.Status { return engine.Status{LastSuccess: now.Add(-time.Minute)} }})
			h := &host{lang: l, w: w}
			fyne.DoAndWait(func() { w.SetContent(f.Start(h)) })
			waitLabel(t, w, i18n.T(l, "diag.freeze.none"))
			snap(t, w, string(l)+"-devices")

			pages := len(s.prn.Pages())
			tapAsync(t, w, i18n.T(l, "diag.test.printer"))
			waitLabel(t, w, i18n.T(l, "diag.test.printed"))
			if got := s.prn.Pages(); len(got) != pages+1 || got[len(got)-1].Image.Bounds().Dx() != 576 {
				t.Fatalf("printed %d pages, want one more of 576 dots", len(got)-pages)
			}

			tapAsync(t, w, i18n.T(l, "diag.test.docreader"))
			waitLabel(t, w, i18n.Tf(l, "diag.test.wait.docreader", 3))
			s.doc.Insert("td3-test-resident")
			waitLabel(t, w, i18n.Tf(l, "diag.test.document", "P", "TD3"))

			tapAsync(t, w, i18n.T(l, "diag.test.cardreader"))
			waitLabel(t, w, i18n.Tf(l, "diag.test.wait.cardreader", 3))
			s.card.Insert("test-visa")
			card := waitFor(t, w, func(s string) bool {
				return strings.HasPrefix(s, i18n.Tf(l, "diag.test.card", "")[:4]) && strings.Contains(s, "******")
			}, "the masked card")
			if !strings.Contains(card, "400000******") {
				t.Errorf("card shown as %q, want masked", card)
			}

			tapAsync(t, w, i18n.T(l, "diag.test.scanner"))
			waitLabel(t, w, i18n.Tf(l, "diag.test.wait.scanner", 3))
			s.scan.Scan([]byte("BWB-REF-0001"), "")
			waitLabel(t, w, i18n.Tf(l, "diag.test.scan.untyped", len("BWB-REF-0001")))

			s.finger.Place("1000000008")
			tapAsync(t, w, i18n.T(l, "diag.test.fingerprint"))
			waitLabel(t, w, i18n.T(l, "diag.test.finger.good"))
			s.finger.FailNext(fingerprint.CodeImageMessy)
			tapAsync(t, w, i18n.T(l, "diag.test.fingerprint"))
			waitLabel(t, w, i18n.T(l, "diag.test.finger.messy"))
			s.finger.Lift()
			snap(t, w, string(l)+"-tested")

			// Nobody presents a card: the test ends at its timeout.
			tapAsync(t, w, i18n.T(l, "diag.test.cardreader"))
			waitLabel(t, w, i18n.T(l, "diag.test.timeout"))

			h.saidAll(t, "speech.diag", "speech.diag.test.printer", "speech.diag.test.docreader", "speech.diag.test.cardreader",
				"speech.diag.test.scanner", "speech.diag.test.fingerprint", "speech.diag.test.ok", "speech.diag.test.failed")
			var got []string
			fyne.DoAndWait(func() { got = slices.Clone(a.got) })
			want := []string{"device_test ok printer:ok", "device_test ok docreader:ok", "device_test ok cardreader:ok",
				"device_test ok scanner:ok", "device_test ok fingerprint:ok", "device_test failed fingerprint:image_messy",
				"device_test failed cardreader:timeout"}
			if !slices.Equal(got, want) {
				t.Fatalf("audited %q, want %q", got, want)
			}
		})
	}
}

// TestLeavingStopsATest leaves the screen while a finger is awaited: the test
// ends (the sensor is free for the next person's flow), and its result is not
// shown on a later visit.
func TestLeavingStopsATest(t *testing.T) {
	s := startSims(t)
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := New(Options{Stats: func() (outbox.Stats, error) { return outbox.Stats{}, nil }, Devices: s.m, TestTimeout: time.Minute})
	h := &host{lang: i18n.EN, w: w}
	fyne.DoAndWait(func() { w.SetContent(f.Start(h)) })
	tapAsync(t, w, i18n.T(i18n.EN, "diag.test.fingerprint"))
	waitLabel(t, w, i18n.Tf(i18n.EN, "diag.test.wait.fingerprint", 60))
	fyne.DoAndWait(f.Wipe)
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, _ := s.m.Status("fingerprint")
		if st.State == manager.StateOnline {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sensor stays %s after the screen was left", st.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
	fyne.DoAndWait(func() { w.SetContent(f.Start(h)) })
	if labelShown(w, i18n.T(i18n.EN, "diag.test.canceled")) {
		t.Fatal("a stopped test's result shown on the next visit")
	}
}

func TestFreezeText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		key  string
	}{
		{"when nothing freezes the kiosk, it says new requests are taken", nil, "diag.freeze.none"},
		{"when the queue is full, it says so", &outbox.FreezeError{Reason: outbox.FreezeQueueFull}, "diag.freeze.queue_full"},
		{"when the backlog is too old, it says so", &outbox.FreezeError{Reason: outbox.FreezeTooOld}, "diag.freeze.too_old"},
		{"when the key expired, it says so", &outbox.FreezeError{Reason: outbox.FreezeKeyExpired}, "diag.freeze.key_expired"},
		{"when there is no key, it says so", &outbox.FreezeError{Reason: outbox.FreezeNoKey}, "diag.freeze.no_key"},
		{"when the storage is degraded, it says so", &outbox.FreezeError{Reason: outbox.FreezeDegraded}, "diag.freeze.degraded"},
		{"when the error is not a freeze, it is a storage fault", context.Canceled, "diag.freeze.degraded"},
		{"when the reason is one this kiosk does not know, it is a storage fault", &outbox.FreezeError{Reason: "new"}, "diag.freeze.degraded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range i18n.Langs {
				text, frozen := freezeText(l, tt.err)
				if text != i18n.T(l, tt.key) || frozen != (tt.err != nil) {
					t.Fatalf("%s: %q frozen %v, want %s", l, text, frozen, tt.key)
				}
			}
		})
	}
}

func TestTestSlip(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	f := New(Options{KioskID: "kiosk-7", PaperWidth: 384, Now: func() time.Time { return now }})
	r := f.testSlip(i18n.AR, now)
	var text []string
	for _, ln := range r.Lines {
		text = append(text, ln.AR, ln.EN)
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"kiosk-7", "2026-12-03 09:30:00", "384"} {
		if !strings.Contains(all, want) {
			t.Errorf("the slip lacks %q:\n%s", want, all)
		}
	}
	if r.QR == "" || !strings.Contains(r.QR, "kiosk-7") || r.Lang != "ar" || r.Reference != "" {
		t.Errorf("slip %+v: want a QR naming the kiosk, in the staff member's language, no reference", r)
	}
}
