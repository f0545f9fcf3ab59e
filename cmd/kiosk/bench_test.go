package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/ca"
	"github.com/bawaba/bawaba/sync/client"
)

func execCommand(bin string, args ...string) *exec.Cmd { return exec.Command(bin, args...) }

// BenchmarkStartup measures, under Xvfb, the cold start of cmd/kiosk to its first
// frame (the window viewable) and its resident memory a second later, against a
// minimal Fyne window built and measured the same way in the same run (baseline).
// One iteration is one process start. The kiosk runs with an identity from a CA of
// its own (benchIdentity: no central service needed; unenrolled, it would show the
// enrolment screen instead of its shell), no central service reachable and no
// devices, so only the app itself is measured, not the network or serial ports.
// Besides ns/op it reports ms-to-window and MB-rss, and for the kiosk the ratios
// to the baseline (x-start, x-rss); the target is ≤ 1.5 for both.
func BenchmarkStartup(b *testing.B) {
	needDisplay(b)
	bin := binaries(b)
	dir := b.TempDir()
	cfg := filepath.Join(dir, "kiosk.json")
	if err := os.WriteFile(cfg, []byte(`{"central_url":"https://127.0.0.1:9","data_dir":"`+filepath.Join(dir, "kiosk")+`"}`), 0o600); err != nil {
		b.Fatal(err)
	}
	benchIdentity(b, filepath.Join(dir, "kiosk", "identity"))
	var baseMS, baseMB float64
	for _, c := range []struct {
		name, window string
		args         []string
	}{
		{"baseline", "Minimal", []string{filepath.Join(bin, "minimal")}},
		{"kiosk", "Bawaba", []string{filepath.Join(bin, "kiosk"), "-config", cfg, "-windowed"}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var ms, mb []float64
			for b.Loop() {
				var p *proc
				var took time.Duration
				// Xvfb now and then refuses a connection under load ("Failed to open
				// display"); such a start is retried and not counted.
				for try := 0; ; try++ {
					t0 := time.Now()
					p = start(b, c.args[0], c.args[1:]...)
					waitFor(60*time.Second, func() bool { return windowShown(c.window) || p.exited() })
					if !p.exited() && windowShown(c.window) {
						took = time.Since(t0)
						break
					}
					p.stop()
					if try == 2 || !strings.Contains(p.output(), "Failed to open display") {
						b.Fatalf("no %s window:\n%s", c.window, p.output())
					}
					time.Sleep(500 * time.Millisecond)
				}
				ms = append(ms, float64(took.Microseconds())/1000)
				time.Sleep(time.Second)
				rss, err := rssMB(p.cmd.Process.Pid)
				if err != nil {
					b.Fatal(err)
				}
				mb = append(mb, rss)
				p.stop()
				time.Sleep(300 * time.Millisecond) // let the X server drop the client
			}
			mMS, mMB := median(ms), median(mb)
			// ns/op is the median cold start, not the loop's wall time (which
			// includes the settle time and the teardown), so benchratio compares
			// start-up times.
			b.ReportMetric(mMS*1e6, "ns/op")
			b.ReportMetric(mMS, "ms-to-window")
			b.ReportMetric(mMB, "MB-rss")
			if c.name == "baseline" {
				baseMS, baseMB = mMS, mMB
			} else if baseMS > 0 {
				b.ReportMetric(mMS/baseMS, "x-start")
				b.ReportMetric(mMB/baseMB, "x-rss")
			}
		})
	}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// benchIdentity writes into dir a kiosk identity (key, certificate, CA) as
// enrolment would, issued by a CA made here: the kiosk starts its shell, and its
// calls to the unreachable central fail as they would offline.
func benchIdentity(tb testing.TB, dir string) {
	tb.Helper()
	auth, err := ca.New(time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{}, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, _, err := auth.SignCSR(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr}), "kiosk-bench", time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	for name, b := range map[string][]byte{
		client.KeyFile:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		client.CertFile: cert,
		client.CAFile:   auth.CertPEM(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := client.Open("https://127.0.0.1:9", dir, client.Options{}); err != nil {
		tb.Fatalf("the bench identity does not open: %v", err)
	}
}
