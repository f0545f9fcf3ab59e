package receipt

import (
	"testing"
	"time"
)

// bytesPerSecond is 115200 baud 8N1: ten bits per byte on the wire, 11520 bytes/s.
const bytesPerSecond = 115200 / 10

func wireMs(n int) float64 { return float64(n) / bytesPerSecond * 1000 }

// BenchmarkReceiptWire measures what a typical bilingual receipt with a QR code
// costs on the serial line: "encoded" is Encode (text mode for ASCII, cropped raster
// for Arabic, native QR), "baseline" the same receipt as one full-width raster image.
// ns/op is the time to build the job; wire-bytes and wire-ms are the line cost.
func BenchmarkReceiptWire(b *testing.B) {
	r := sampleReceipt()
	p := Profile{WidthDots: 576, NativeQR: true}
	img, err := Render(r, p.WidthDots)
	if err != nil {
		b.Fatal(err)
	}
	full, err := FullRaster(img, p)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("baseline", func(b *testing.B) {
		var n int
		for b.Loop() {
			img, err := Render(r, p.WidthDots)
			if err != nil {
				b.Fatal(err)
			}
			job, err := FullRaster(img, p)
			if err != nil {
				b.Fatal(err)
			}
			n = len(job)
		}
		b.ReportMetric(float64(n), "wire-bytes")
		b.ReportMetric(wireMs(n), "wire-ms")
	})
	for _, tt := range []struct {
		name string
		p    Profile
	}{{"encoded", p}, {"encoded-rasterQR", Profile{WidthDots: 576}}} {
		b.Run(tt.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				job, err := Encode(r, tt.p)
				if err != nil {
					b.Fatal(err)
				}
				n = len(job)
			}
			b.ReportMetric(float64(n), "wire-bytes")
			b.ReportMetric(wireMs(n), "wire-ms")
			b.ReportMetric(float64(n)/float64(len(full)), "wire-ratio")
		})
	}
}

// TestWireRatio keeps the benchmark's target honest in every test run: the
// encoded receipt must need at most 0.3 of the full-raster bytes.
func TestWireRatio(t *testing.T) {
	r := sampleReceipt()
	r.Time = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range []Profile{{WidthDots: 576, NativeQR: true}, {WidthDots: 576}, {WidthDots: 384, NativeQR: true}} {
		img, err := Render(r, p.WidthDots)
		if err != nil {
			t.Fatal(err)
		}
		full, err := FullRaster(img, p)
		if err != nil {
			t.Fatal(err)
		}
		job, err := Encode(r, p)
		if err != nil {
			t.Fatal(err)
		}
		if ratio := float64(len(job)) / float64(len(full)); ratio > 0.3 {
			t.Errorf("profile %+v: %d bytes vs %d full raster, ratio %.2f > 0.3", p, len(job), len(full), ratio)
		}
	}
}
