package activate

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkFingerToVerdict measures, per try, from a finger on the simulated
// sensor to the verdict on the capture screen: the capture and template upload
// over the pty, the live match at an in-process central over loopback mutual TLS,
// and the screen redrawn with the result ("verdict"). Its baseline is the capture
// and upload alone ("baseline"), so the ratio shows what the match and the screen
// add to the sensor's own time — the part the issue bounds (p99 ≤ 1.5 s excluding
// the scan). Besides ns/op (the median) it reports ms-p50 and ms-p99.
func BenchmarkFingerToVerdict(b *testing.B) {
	k := newKit(b)
	p := k.account(b, 4, false)
	live := ClientLive{k.Client}
	sensor := k.Devices.Sensor()
	k.Devices.Finger.Place(p.IDNumber)
	defer k.Devices.Finger.Lift()

	report := func(b *testing.B, ds []time.Duration) {
		slices.Sort(ds)
		pct := func(q float64) float64 {
			return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
		}
		b.ReportMetric(float64(ds[len(ds)/2].Nanoseconds()), "ns/op")
		b.ReportMetric(pct(0.50), "ms-p50")
		b.ReportMetric(pct(0.99), "ms-p99")
	}

	b.Run("baseline", func(b *testing.B) {
		var ds []time.Duration
		for b.Loop() {
			t0 := time.Now()
			tmpl, err := sensor.Capture(context.Background())
			if err != nil || len(tmpl) != biometric.TemplateSize {
				b.Fatalf("capture: %d bytes %v", len(tmpl), err)
			}
			ds = append(ds, time.Since(t0))
			clear(tmpl)
		}
		report(b, ds)
	})

	b.Run("verdict", func(b *testing.B) {
		test.NewTempApp(b)
		w := test.NewTempWindow(b, nil)
		w.Resize(fyne.NewSize(1280, 800))
		var ds []time.Duration
		for b.Loop() {
			accepted := false
			c := proof.NewCapture(proof.CaptureOptions{
				Sensor: sensor, Go: func(f func()) { f() },
				Check: func(ctx context.Context, tmpl []byte) (bool, error) {
					res, err := live.MatchFingerprint(ctx, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: tmpl})
					return res.Match, err
				},
				OnAccepted:  func(tmpl []byte) { accepted = true; clear(tmpl) },
				OnExhausted: func() {},
				OnStop:      func(err error) { b.Fatal(err) },
			})
			w.SetContent(c.Object(i18n.AR, nil))
			t0 := time.Now()
			c.Start() // synchronous: returns with the verdict drawn
			ds = append(ds, time.Since(t0))
			if !accepted || c.State() != proof.StateAccepted {
				b.Fatalf("state %s", c.State())
			}
		}
		report(b, ds)
	})
}
