package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/png"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/store/vault"
)

// Helpers for the tests and benchmarks that run real binaries on the X display
// that `make test` provides (Xvfb).

// needDisplay skips without a display, or fails when BAWABA_REQUIRE_DISPLAY=1.
func needDisplay(tb testing.TB) {
	tb.Helper()
	if os.Getenv("DISPLAY") != "" {
		for _, tool := range []string{"xwininfo", "import"} {
			if _, err := exec.LookPath(tool); err != nil {
				tb.Fatalf("%s missing (x11-utils, imagemagick): %v", tool, err)
			}
		}
		return
	}
	if os.Getenv("BAWABA_REQUIRE_DISPLAY") == "1" {
		tb.Fatal("DISPLAY is empty but BAWABA_REQUIRE_DISPLAY=1: start Xvfb (make test does)")
	}
	tb.Skip("no DISPLAY: run under Xvfb (make test)")
}

var (
	buildOnce sync.Once
	buildDir  string
	buildErr  error
)

// binaries builds cmd/kiosk, cmd/central, cmd/devsim, the minimal baseline and
// kiosk-smoke (cmd/kiosk with -tags smoke: predictable visual codes and a
// description of its widgets, for the tests that tap it) once per test binary,
// into a directory that outlives single tests.
func binaries(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "bawaba-bin-")
		if buildErr != nil {
			return
		}
		for _, b := range []struct{ name, pkg, tags string }{
			{"kiosk", ".", ""}, {"kiosk-smoke", ".", "smoke"}, {"central", "../central", ""},
			{"devsim", "../devsim", ""}, {"minimal", "./testdata/minimal", ""},
		} {
			pkg := b.pkg
			out, err := exec.Command("go", "build", "-tags", b.tags, "-o", filepath.Join(buildDir, b.name), pkg).CombinedOutput()
			if err != nil {
				buildErr = fmt.Errorf("build %s: %v\n%s", pkg, err, out)
				return
			}
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return buildDir
}

func TestMain(m *testing.M) {
	// `central serve` refuses to start without a key-encryption key: the central
	// processes these tests start get one, as in production, from the environment.
	os.Setenv(vault.EnvKEK, string(vault.GenerateKEK()))
	// Nor without an SMS sender: theirs is the development file, DATA/sms.log.
	os.Setenv("BAWABA_DEV_SMS", "1")
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// proc is a started binary whose output is kept.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit error, once done
	mu   sync.Mutex
	out  bytes.Buffer
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop kills the process and waits for it.
func (p *proc) stop() {
	p.cmd.Process.Kill()
	<-p.done
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func start(tb testing.TB, bin string, args ...string) *proc {
	tb.Helper()
	return startEnv(tb, nil, bin, args...)
}

// startEnv is start with extra environment variables.
func startEnv(tb testing.TB, env []string, bin string, args ...string) *proc {
	tb.Helper()
	p := &proc{cmd: exec.Command(bin, args...)}
	p.cmd.Stdout, p.cmd.Stderr = p, p
	p.cmd.Env = append(append(os.Environ(), "LANG=C.UTF-8"), env...)
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	p.done = make(chan struct{})
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	tb.Cleanup(p.stop)
	return p
}

// waitFor polls cond every 20 ms until it holds or timeout passes.
func waitFor(timeout time.Duration, cond func() bool) bool {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if cond() {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// windowShown reports whether a viewable top-level window has this name.
func windowShown(name string) bool {
	out, err := exec.Command("xwininfo", "-name", name).Output()
	return err == nil && bytes.Contains(out, []byte("IsViewable"))
}

// rssMB reads a process's resident set size.
func rssMB(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
}

func freePort(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// screenshot captures the whole X screen.
func screenshot(tb testing.TB, path string) image.Image {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "import", "-window", "root", path).CombinedOutput(); err != nil {
		tb.Fatalf("import: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

// colours counts distinct colours and reports whether want (±8 per channel) occurs.
func colours(img image.Image, want color.NRGBA) (distinct int, found bool) {
	seen := map[color.RGBA]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			seen[c] = true
			if near(c.R, want.R) && near(c.G, want.G) && near(c.B, want.B) {
				found = true
			}
		}
	}
	return len(seen), found
}

func near(a, b uint8) bool { return a-b < 8 || b-a < 8 }

// smokeCentral is a real central process for a smoke test, serving on a free
// loopback port, with its CA written to dir/ca.pem.
type smokeCentral struct {
	bin, data, addr, ca string
	proc                *proc
}

// startSmokeCentral starts central from bin's binaries with its data in
// dir/central and waits until it serves its CA.
func startSmokeCentral(t *testing.T, bin, dir string) smokeCentral {
	t.Helper()
	c := smokeCentral{bin: filepath.Join(bin, "central"), data: filepath.Join(dir, "central"), addr: freePort(t), ca: filepath.Join(dir, "ca.pem")}
	c.proc = start(t, c.bin, "serve", "-data", c.data, "-listen", c.addr)
	if !waitFor(60*time.Second, func() bool {
		out, err := runOut(c.bin, "ca", "-data", c.data)
		return err == nil && strings.Contains(out, "CERTIFICATE") && os.WriteFile(c.ca, []byte(out), 0o600) == nil
	}) {
		t.Fatalf("central did not start:\n%s", c.proc.output())
	}
	return c
}

// startSmokeDevsim starts devsim with its ptys in dir/dev, its control port on
// ctl and printed receipts as PNGs in receipts, and waits for the device file
// named want.
func startSmokeDevsim(t *testing.T, bin, dir, ctl, receipts, want string) (devDir string, devsim *proc) {
	t.Helper()
	devDir = filepath.Join(dir, "dev")
	devsim = start(t, filepath.Join(bin, "devsim"), "-dir", devDir, "-addr", ctl, "-png", receipts)
	if !waitFor(60*time.Second, func() bool { _, err := os.Stat(filepath.Join(devDir, want)); return err == nil }) {
		t.Fatalf("devsim did not start:\n%s", devsim.output())
	}
	return devDir, devsim
}
