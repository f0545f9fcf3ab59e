package status

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/devices/scanner/scannersim"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/outbox/ref"
	"github.com/bawaba/bawaba/sync/wire"
)

// scannerLine runs the scanner simulator on a real pseudo-terminal, read by the
// kiosk's scanner driver; each framed scan arrives on the returned channel.
func scannerLine(t testing.TB) (*scannersim.Sim, <-chan scanner.Result) {
	t.Helper()
	master, port := serialporttest.Pair(t, 9600)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	sim := &scannersim.Sim{AIM: true}
	go sim.Serve(ctx, master)
	out := make(chan scanner.Result, 4)
	rd := &scanner.Reader{Options: scanner.Options{StripAIM: true}}
	go rd.Run(ctx, port, func(r scanner.Result) { out <- r })
	return sim, out
}

// next waits for the driver's next scan.
func next(t testing.TB, scans <-chan scanner.Result) []byte {
	t.Helper()
	select {
	case r := <-scans:
		if r.Err != nil {
			t.Fatalf("scan dropped: %v", r.Err)
		}
		return r.Scan.Data
	case <-time.After(5 * time.Second):
		t.Fatal("no scan from the scanner line")
	}
	return nil
}

// TestScanTheReceipt scans receipts' QR codes with the simulated scanner on a real
// pty: ours are looked up at central, a web address's QR is refused next to the
// field without a look-up.
func TestScanTheReceipt(t *testing.T) {
	done := wire.RequestStatus{Ref: ref.New(), Kind: wire.KindActivation, State: wire.StateCompleted, Received: at, Updated: at}
	c := &counting{Central: realCentral(t, done)}
	sim, scans := scannerLine(t)
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			u := startUI(t, lang, Options{Central: c})
			before := c.calls.Load()
			if err := sim.Scan([]byte("https://example.com/"+done.Ref), "]Q1"); err != nil {
				t.Fatal(err)
			}
			u.f.Scanned(next(t, scans))
			if u.f.ErrorCode() != ErrCodeNotOurs || c.calls.Load() != before {
				t.Fatalf("foreign QR: error %q, %d look-ups", u.f.ErrorCode(), c.calls.Load()-before)
			}
			if err := sim.Scan([]byte(QRPrefix+done.Ref), "]Q1"); err != nil {
				t.Fatal(err)
			}
			u.f.Scanned(next(t, scans))
			u.shows(done.Ref, i18n.T(lang, "reqstatus.state.completed"), i18n.T(lang, "reqstatus.detail.completed.activation"))
		})
	}
}

// BenchmarkScanToAnswer measures a status look-up from the scanner putting the
// receipt's QR code on the line to central's answer on screen: the pty and the
// scanner driver, parsing, GET /v1/status over loopback mutual TLS, and building
// the answer screen. It reports p50 and p99 (target p99 ≤ 300 ms).
func BenchmarkScanToAnswer(b *testing.B) {
	st := wire.RequestStatus{Ref: ref.New(), Kind: wire.KindRegistration, State: wire.StateDeclined, Code: wire.DeclineUsernameTaken, Received: at, Updated: at}
	cl := realCentral(b, st)
	sim, scans := scannerLine(b)
	f := startUI(b, i18n.EN, Options{Central: cl}).f
	qr := []byte(QRPrefix + st.Ref)
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if err := sim.Scan(qr, "]Q1"); err != nil {
			b.Fatal(err)
		}
		f.Scanned(next(b, scans))
		if f.screen != "answer" || f.Answer() == nil || f.Answer().Source != FromCentral {
			b.Fatalf("screen %s, answer %+v", f.screen, f.Answer())
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[(len(took)*99)/100].Microseconds())/1000, "p99-ms")
}
