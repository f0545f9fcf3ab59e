package manager_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/docreader/docreadersim"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/sync/backoff"
)

type kit struct {
	m      *manager.Manager
	events <-chan manager.Event
	hosts  map[manager.Kind]*simport.Host
	scan   *scannersim.Sim
	doc    *docreadersim.Sim
	card   *cardreadersim.Sim
	finger *fingerprintsim.Sim
	prn    *printersim.Sim
	ctx    context.Context
}

// newKit plugs one simulator of every kind into ptys and starts a manager on them.
func newKit(t testing.TB) *kit {
	t.Helper()
	dir := t.TempDir()
	prn, err := printersim.New(printersim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := &kit{
		scan: &scannersim.Sim{}, doc: &docreadersim.Sim{}, card: &cardreadersim.Sim{},
		finger: fingerprintsim.New(50), prn: prn, hosts: map[manager.Kind]*simport.Host{},
	}
	servers := map[manager.Kind]simport.Server{
		manager.Scanner: k.scan, manager.DocReader: k.doc, manager.CardReader: k.card,
		manager.Fingerprint: k.finger, manager.Printer: k.prn,
	}
	var devs []manager.Device
	for kind, srv := range servers {
		h := simport.NewHost(filepath.Join(dir, string(kind)), srv)
		if err := h.Plug(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		k.hosts[kind] = h
		devs = append(devs, manager.Device{Kind: kind, Path: h.Link(), Baud: 115200,
			Fingerprint: fingerprint.Options{Poll: 20 * time.Millisecond, Timeout: time.Second}})
	}
	k.m, err = manager.New(devs, manager.Options{
		Backoff:     backoff.Options{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		HealthEvery: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	k.ctx = ctx
	var unsub func()
	k.events, unsub = k.m.Subscribe(256)
	done := make(chan struct{})
	go func() { k.m.Run(ctx); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		unsub()
	})
	for kind := range servers {
		k.waitState(t, string(kind), manager.StateOnline)
	}
	return k
}

// waitState polls until the device reaches want; the deadline is generous for a
// loaded CI machine.
func (k *kit) waitState(t testing.TB, name string, want manager.State) manager.Status {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := k.m.Status(name)
		if err != nil {
			t.Fatal(err)
		}
		if st.State == want {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s stuck in %s (%s), want %s", name, st.State, st.Detail, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// next returns the next event of type typ, skipping others.
func (k *kit) next(t *testing.T, typ manager.EventType) manager.Event {
	t.Helper()
	for {
		select {
		case e := <-k.events:
			if e.Type == typ {
				return e
			}
		case <-k.ctx.Done():
			t.Fatalf("no %s event", typ)
		}
	}
}

func TestDevicesPublishEvents(t *testing.T) {
	k := newKit(t)

	k.scan.Scan([]byte("BWB-REF-0001"), "")
	if e := k.next(t, manager.BarcodeRead); e.Err != nil || string(e.Barcode.Data) != "BWB-REF-0001" {
		t.Fatalf("barcode event %+v", e)
	}
	k.doc.Insert("td3-test-resident")
	if e := k.next(t, manager.DocumentRead); e.Err != nil || e.Document.Surname != "TEST" {
		t.Fatalf("document event %+v", e)
	}
	k.doc.Insert("misread")
	if e := k.next(t, manager.DocumentRead); e.Err == nil {
		t.Fatal("misread reported as a document")
	}
	k.card.Insert("test-visa")
	if e := k.next(t, manager.CardInserted); e.Err != nil || e.Card.Masked()[:6] != "400000" {
		t.Fatalf("card event %+v", e)
	}

	k.finger.Place("1000000008")
	score, err := k.m.VerifyFinger(k.ctx, "fingerprint", fingerprint.SimTemplate("1000000008"))
	if err != nil || score == 0 {
		t.Fatalf("verify: %d %v", score, err)
	}
	k.next(t, manager.FingerDetected)
	if _, err := k.m.VerifyFinger(k.ctx, "fingerprint", fingerprint.SimTemplate("2000000006")); !errors.Is(err, fingerprint.ErrNoMatch) {
		t.Fatalf("other finger: %v", err)
	}
	tmpl, err := k.m.CaptureFinger(k.ctx, "fingerprint")
	if err != nil || len(tmpl) != fingerprint.TemplateSize {
		t.Fatalf("capture: %d bytes %v", len(tmpl), err)
	}
	k.waitState(t, "fingerprint", manager.StateOnline)

	r := receipt.Receipt{Title: receipt.Line{AR: "إيصال", EN: "Receipt"}, Reference: "BWB-REF-0001", Lang: "en"}
	if err := k.m.Print(k.ctx, "printer", r); err != nil {
		t.Fatal(err)
	}
	if _, err := k.prn.WaitPages(k.ctx, 1); err != nil {
		t.Fatal(err)
	}
}

func TestUnplugReplugRecovers(t *testing.T) {
	k := newKit(t)
	for _, kind := range []manager.Kind{manager.Scanner, manager.DocReader, manager.CardReader, manager.Fingerprint, manager.Printer} {
		t.Run(string(kind), func(t *testing.T) {
			h := k.hosts[kind]
			if err := h.Unplug(); err != nil {
				t.Fatal(err)
			}
			k.waitState(t, string(kind), manager.StateNoDevice)
			if err := h.Plug(); err != nil {
				t.Fatal(err)
			}
			k.waitState(t, string(kind), manager.StateOnline)
		})
	}
	// The devices work again after the replug.
	k.scan.Scan([]byte("after"), "")
	if e := k.next(t, manager.BarcodeRead); string(e.Barcode.Data) != "after" {
		t.Fatalf("got %+v", e)
	}
	k.finger.Place("1000000008")
	if _, err := k.m.VerifyFinger(k.ctx, "fingerprint", fingerprint.SimTemplate("1000000008")); err != nil {
		t.Fatal(err)
	}
}

func TestSilentFingerprintSensorGoesOfflineAndBack(t *testing.T) {
	k := newKit(t)
	k.finger.SetMute(true)
	k.waitState(t, "fingerprint", manager.StateOffline)
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer cancel()
	if _, err := k.m.VerifyFinger(ctx, "fingerprint", fingerprint.SimTemplate("x")); !errors.Is(err, manager.ErrUnavailable) {
		t.Fatalf("verify on a silent sensor: %v", err)
	}
	k.finger.SetMute(false)
	k.waitState(t, "fingerprint", manager.StateOnline)
}

func TestPrinterPaperOutAndNoPrinter(t *testing.T) {
	k := newKit(t)
	k.prn.SetFlags(printersim.Flags{PaperNearEnd: true})
	if st := k.waitState(t, "printer", manager.StateOnline); st.Paper != manager.PaperLow {
		// near end keeps the printer online; wait for the poll to see the paper.
		deadline := time.Now().Add(30 * time.Second)
		for st.Paper != manager.PaperLow && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			st, _ = k.m.Status("printer")
		}
		if st.Paper != manager.PaperLow {
			t.Fatalf("paper %s, want low", st.Paper)
		}
	}
	k.prn.SetFlags(printersim.Flags{PaperOut: true})
	if st := k.waitState(t, "printer", manager.StateUserError); st.Paper != manager.PaperOut {
		t.Fatalf("paper out: %+v", st)
	}
	k.prn.SetFlags(printersim.Flags{})
	if st := k.waitState(t, "printer", manager.StateOnline); st.Paper != manager.PaperFull {
		t.Fatalf("after reload: %+v", st)
	}

	k.hosts[manager.Printer].Unplug()
	k.waitState(t, "printer", manager.StateNoDevice)
	start := time.Now()
	err := k.m.Print(k.ctx, "printer", receipt.Receipt{Reference: "X"})
	if !errors.Is(err, manager.ErrUnavailable) {
		t.Fatalf("print without printer: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("print without a printer blocked")
	}
}

func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	k := newKit(t)
	_, unsub := k.m.Subscribe(1) // never read
	defer unsub()
	for i := range 5 {
		if err := k.scan.Scan([]byte{'a' + byte(i)}, ""); err != nil {
			t.Fatal(err)
		}
		k.next(t, manager.BarcodeRead)
	}
	if k.m.Dropped() == 0 {
		t.Fatal("a full subscriber should drop, not block")
	}
}
