package manager_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/simport"
)

// plug starts srv on a new pty at a path of its own.
func plug(t testing.TB, name string, srv simport.Server) *simport.Host {
	t.Helper()
	h := simport.NewHost(filepath.Join(t.TempDir(), name), srv)
	if err := h.Plug(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// TestSetPortMovesADeviceWhileTheOthersGoOn moves the scanner to another port
// while cards are swiped on the card reader: the scanner reads from the new
// port only, went through starting, and no card is lost.
func TestSetPortMovesADeviceWhileTheOthersGoOn(t *testing.T) {
	k := newKit(t)
	moved := &scannersim.Sim{}
	h := plug(t, "scanner2", moved)

	swiped := make(chan error, 1)
	const cards = 10
	go func() {
		for range cards {
			if err := k.card.Insert("test-visa"); err != nil {
				swiped <- err
				return
			}
			time.Sleep(30 * time.Millisecond)
		}
		swiped <- nil
	}()
	if err := k.m.SetPort(k.ctx, "scanner", h.Link(), 9600); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := k.m.Config("scanner"); cfg.Path != h.Link() || cfg.Baud != 9600 {
		t.Fatalf("config after SetPort: %s %d", cfg.Path, cfg.Baud)
	}
	if err := <-swiped; err != nil {
		t.Fatal(err)
	}

	var starting bool
	got, scanned := 0, false
	k.waitState(t, "scanner", manager.StateOnline)
	if err := k.scan.Scan([]byte("old port"), ""); err != nil {
		t.Fatal(err)
	}
	if err := moved.Scan([]byte("new port"), ""); err != nil {
		t.Fatal(err)
	}
	for got < cards || !scanned {
		select {
		case e := <-k.events:
			switch {
			case e.Type == manager.StatusChanged && e.Device == "scanner" && e.Status.State == manager.StateStarting:
				starting = true
			case e.Type == manager.CardInserted:
				if e.Err != nil {
					t.Fatalf("card %d: %v", got, e.Err)
				}
				got++
			case e.Type == manager.BarcodeRead:
				if string(e.Barcode.Data) != "new port" {
					t.Fatalf("scanner read %q: the old port is still open", e.Barcode.Data)
				}
				scanned = true
			}
		case <-k.ctx.Done():
			t.Fatalf("%d of %d cards, scan %v", got, cards, scanned)
		}
	}
	if !starting {
		t.Error("the moved scanner was not reported starting")
	}
	if n := k.m.Dropped(); n != 0 {
		t.Errorf("%d events dropped", n)
	}
}

// TestSetPortToAMissingPortAndBack says a port that is not there as usual, and
// a device moved back works again at once, without waiting out the backoff.
func TestSetPortToAMissingPortAndBack(t *testing.T) {
	k := newKit(t)
	old, _ := k.m.Config("cardreader")
	if err := k.m.SetPort(k.ctx, "cardreader", filepath.Join(t.TempDir(), "ttyUSB9"), 9600); err != nil {
		t.Fatal(err)
	}
	if st := k.waitState(t, "cardreader", manager.StateNoDevice); st.Detail != manager.DetailPortNotFound {
		t.Fatalf("missing port: %+v", st)
	}
	if err := k.m.SetPort(k.ctx, "cardreader", old.Path, old.Baud); err != nil {
		t.Fatal(err)
	}
	k.waitState(t, "cardreader", manager.StateOnline)
	if err := k.card.Insert("test-visa"); err != nil {
		t.Fatal(err)
	}
	if e := k.next(t, manager.CardInserted); e.Err != nil {
		t.Fatal(e.Err)
	}
	if _, err := k.m.Status("nosuch"); !errors.Is(err, manager.ErrUnknownDevice) {
		t.Fatal(err)
	}
	if err := k.m.SetPort(k.ctx, "nosuch", old.Path, old.Baud); !errors.Is(err, manager.ErrUnknownDevice) {
		t.Fatalf("unknown device: %v", err)
	}
}

// TestSetPortWaitsForAFlow refuses to move the fingerprint sensor while a
// capture waits for a finger, and moves it once the capture is done.
func TestSetPortWaitsForAFlow(t *testing.T) {
	k := newKit(t)
	done := make(chan error, 1)
	go func() {
		_, err := k.m.CaptureFinger(k.ctx, "fingerprint")
		done <- err
	}()
	k.waitState(t, "fingerprint", manager.StateDeviceBusy)
	other := fingerprintsim.New(50)
	h := plug(t, "finger2", other)
	if err := k.m.SetPort(k.ctx, "fingerprint", h.Link(), 57600); !errors.Is(err, manager.ErrBusy) {
		t.Fatalf("moved a sensor in use: %v", err)
	}
	k.finger.Place("1000000008")
	if err := <-done; err != nil {
		t.Fatalf("the capture was disturbed: %v", err)
	}
	if err := k.m.SetPort(k.ctx, "fingerprint", h.Link(), 57600); err != nil {
		t.Fatal(err)
	}
	k.waitState(t, "fingerprint", manager.StateOnline)
	other.Place("2000000006")
	score, err := k.m.VerifyFinger(k.ctx, "fingerprint", fingerprint.SimTemplate("2000000006"))
	if err != nil || score == 0 {
		t.Fatalf("verify on the new sensor: %d %v", score, err)
	}
}

// TestSetPortMovesThePrinter prints on the new printer once moved.
func TestSetPortMovesThePrinter(t *testing.T) {
	k := newKit(t)
	prn, err := printersim.New(printersim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := plug(t, "printer2", prn)
	if err := k.m.SetPort(k.ctx, "printer", h.Link(), 19200); err != nil {
		t.Fatal(err)
	}
	// Unavailable, not printing on the old port, until the new one answers.
	if err := k.m.Print(k.ctx, "printer", receipt.Receipt{Reference: "X"}); err != nil && !errors.Is(err, manager.ErrUnavailable) {
		t.Fatalf("print while moving: %v", err)
	}
	k.waitState(t, "printer", manager.StateOnline)
	ctx, cancel := context.WithTimeout(k.ctx, 30*time.Second)
	defer cancel()
	if err := k.m.Print(ctx, "printer", receipt.Receipt{Reference: "BWB-REF-0002", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := prn.WaitPages(ctx, 1); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSetPort moves the scanner between two ports and waits until it is
// online on the new one: how long staff wait after saving a port.
func BenchmarkSetPort(b *testing.B) {
	k := newKit(b)
	old, _ := k.m.Config("scanner")
	h := plug(b, "scanner2", &scannersim.Sim{})
	paths := []string{h.Link(), old.Path}
	for i := 0; b.Loop(); i++ {
		if err := k.m.SetPort(k.ctx, "scanner", paths[i%2], 115200); err != nil {
			b.Fatal(err)
		}
		k.waitState(b, "scanner", manager.StateOnline)
	}
}
