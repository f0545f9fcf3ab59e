package printer

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
)

func testReceipt(qr string) receipt.Receipt {
	return receipt.Receipt{
		Title: receipt.Line{AR: "إيصال تقديم طلب", EN: "Application receipt"},
		Lines: []receipt.Line{
			{AR: "الاسم: مقيم تجريبي", EN: "Name: Test Resident"},
			{AR: "المرجع BWB-7K3Q-9XF2 صالح لمدة 30 يومًا", EN: "Reference BWB-7K3Q-9XF2 valid for 30 days"},
		},
		Reference: "BWB-7K3Q-9XF2",
		QR:        qr,
		Footer:    []receipt.Line{{AR: "شكرًا", EN: "Thank you"}},
		Time:      time.Date(2026, 11, 22, 21, 51, 0, 0, time.UTC),
	}
}

// rig is a simulated printer on a real pseudo-terminal, opened through
// serialport (tarm/serial) as the kiosk opens /dev/ttyUSB0.
type rig struct {
	sim  *printersim.Sim
	port serialport.Port
	dir  string
}

func newRig(t *testing.T, opts printersim.Options) *rig {
	t.Helper()
	opts.Dir = t.TempDir()
	sim, err := printersim.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	port := serialporttest.Serve(t, serialport.Config{Baud: 115200, ReadTimeout: 100 * time.Millisecond}, sim.Serve)
	return &rig{sim: sim, port: port, dir: opts.Dir}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestStatusOverPTY(t *testing.T) {
	tests := []struct {
		name   string
		flags  printersim.Flags
		device DeviceState
		paper  PaperState
		ready  bool
	}{
		{"when all is well the printer is online with full paper", printersim.Flags{}, DeviceOnline, PaperFull, true},
		{"when paper is low it is still ready", printersim.Flags{PaperNearEnd: true}, DeviceOnline, PaperLow, true},
		{"when paper is out a person must act", printersim.Flags{PaperOut: true}, DeviceUserError, PaperOut, false},
		{"when the cover is open a person must act", printersim.Flags{CoverOpen: true}, DeviceUserError, PaperFull, false},
		{"when the cutter jams it needs service", printersim.Flags{CutterError: true}, DeviceHardwareError, PaperFull, false},
		{"when offline it is offline", printersim.Flags{Offline: true}, DeviceOffline, PaperFull, false},
	}
	r := newRig(t, printersim.Options{})
	p := New(r.port, receipt.Profile{NativeQR: true}, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.sim.SetFlags(tt.flags)
			s, err := p.Status(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			if s.Device != tt.device || s.Paper != tt.paper || s.Ready() != tt.ready {
				t.Fatalf("status %+v, want %s/%s ready=%v", s, tt.device, tt.paper, tt.ready)
			}
		})
	}
}

// zbarimg decodes the QR code in a PNG with an independent decoder.
func zbarimg(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" || os.Getenv("BAWABA_REQUIRE_POSTGRES") == "1" {
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

func TestPrintedQRDecodes(t *testing.T) {
	const data = "https://bawaba.example.sa/r/BWB-7K3Q-9XF2?k=6f1d2c9a4e"
	for _, native := range []bool{true, false} {
		name := "native GS ( k"
		if !native {
			name = "raster fallback"
		}
		t.Run(name, func(t *testing.T) {
			r := newRig(t, printersim.Options{WidthDots: 512, NoQR: !native})
			p := New(r.port, receipt.Profile{WidthDots: 512, NativeQR: native}, Options{})
			ctx := ctxT(t)
			if err := p.Print(ctx, testReceipt(data)); err != nil {
				t.Fatal(err)
			}
			pages, err := r.sim.WaitPages(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if pages[0].Err != nil {
				t.Fatal(pages[0].Err)
			}
			if got := zbarimg(t, pages[0].Path); got != data {
				t.Fatalf("zbarimg read %q, want %q", got, data)
			}
		})
	}
}

// tapPort runs fn once after more than after bytes were written: the paper runs
// out in the middle of the job.
type tapPort struct {
	serialport.Port
	after   int
	written int
	fn      func()
}

func (tp *tapPort) Write(b []byte) (int, error) {
	n, err := tp.Port.Write(b)
	tp.written += n
	if tp.fn != nil && tp.written > tp.after {
		tp.fn()
		tp.fn = nil
	}
	return n, err
}

func TestPaperOutMidJobThenRecovery(t *testing.T) {
	r := newRig(t, printersim.Options{})
	job, err := receipt.Encode(testReceipt("BWB-7K3Q-9XF2"), receipt.Profile{NativeQR: true})
	if err != nil {
		t.Fatal(err)
	}
	tp := &tapPort{Port: r.port, after: 2000, fn: func() { r.sim.SetFlags(printersim.Flags{PaperOut: true}) }}
	p := New(tp, receipt.Profile{NativeQR: true}, Options{ChunkBytes: 512})
	ctx := ctxT(t)

	err = p.PrintRaw(ctx, job)
	var e *Error
	if !errors.Is(err, ErrPaperOut) || !errors.As(err, &e) {
		t.Fatalf("err = %v, want ErrPaperOut", err)
	}
	if e.Sent <= 2000 || e.Sent >= len(job) || e.Status.Paper != PaperOut || e.Status.Device != DeviceUserError {
		t.Fatalf("error %+v: sent %d of %d", e, e.Sent, len(job))
	}
	if st := p.LastStatus(); st.Ready() {
		t.Fatalf("last status %+v says ready", st)
	}
	// A new job is refused before a byte is sent while the paper is out.
	if err := p.PrintRaw(ctx, job); !errors.Is(err, ErrPaperOut) {
		t.Fatalf("second job err = %v", err)
	}
	if len(r.sim.Pages()) != 0 {
		t.Fatal("a page was cut while the paper was out")
	}

	r.sim.SetFlags(printersim.Flags{})
	if s, err := p.Status(ctx); err != nil || !s.Ready() {
		t.Fatalf("after loading paper: %+v, %v", s, err)
	}
	if err := p.Print(ctx, testReceipt("BWB-7K3Q-9XF2")); err != nil {
		t.Fatal(err)
	}
	pages, err := r.sim.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := zbarimg(t, pages[0].Path); got != "BWB-7K3Q-9XF2" {
		t.Fatalf("reprinted receipt's QR reads %q", got)
	}
}

func TestCoverOpenAndCutterRefuseJobs(t *testing.T) {
	tests := []struct {
		flags printersim.Flags
		want  error
	}{
		{printersim.Flags{CoverOpen: true}, ErrCoverOpen},
		{printersim.Flags{CutterError: true}, ErrCutter},
		{printersim.Flags{Offline: true}, ErrOffline},
	}
	r := newRig(t, printersim.Options{})
	p := New(r.port, receipt.Profile{}, Options{})
	for _, tt := range tests {
		r.sim.SetFlags(tt.flags)
		err := p.Print(ctxT(t), testReceipt("x"))
		if !errors.Is(err, tt.want) {
			t.Errorf("flags %+v: err = %v, want %v", tt.flags, err, tt.want)
		}
		if c, ok := CodeOf(err); !ok || c.String() == "" {
			t.Errorf("no code on %v", err)
		}
	}
}

func TestGarbageOnTheLine(t *testing.T) {
	r := newRig(t, printersim.Options{})
	p := New(r.port, receipt.Profile{}, Options{})
	ctx := ctxT(t)

	// A burst of noise before one reply: the driver asks again and gets it right.
	r.sim.InjectGarbage(7)
	s, err := p.Status(ctx)
	if err != nil || !s.Ready() {
		t.Fatalf("after noise: %+v, %v", s, err)
	}
	// Every reply garbled (wrong line speed): a typed protocol error.
	r.sim.SetGarbled(true)
	if _, err := p.Status(ctx); !errors.Is(err, ErrProtocol) {
		t.Fatalf("garbled: err = %v, want ErrProtocol", err)
	}
	r.sim.SetGarbled(false)
	if _, err := p.Status(ctx); err != nil {
		t.Fatalf("after garbling stopped: %v", err)
	}
}

func TestUnplugIsNoDevice(t *testing.T) {
	r := newRig(t, printersim.Options{})
	p := New(r.port, receipt.Profile{}, Options{})
	ctx := ctxT(t)
	if _, err := p.Status(ctx); err != nil {
		t.Fatal(err)
	}
	r.port.Close()
	s, err := p.Status(ctx)
	if !errors.Is(err, ErrNoDevice) || s.Device != DeviceNoDevice {
		t.Fatalf("after close: %+v, %v", s, err)
	}
}

func TestSlowAndMutePrinter(t *testing.T) {
	r := newRig(t, printersim.Options{})
	p := New(r.port, receipt.Profile{}, Options{ReplyTimeout: 200 * time.Millisecond})
	ctx := ctxT(t)

	// Replies slower than the driver waits: no response, typed.
	r.sim.SetSlow(time.Second)
	if _, err := p.Status(ctx); !errors.Is(err, ErrNoResponse) {
		t.Fatalf("slow: err = %v, want ErrNoResponse", err)
	}
	r.sim.SetSlow(0)
	// The printer still owes the slow reply and answers nothing before it; once it
	// has caught up the driver reads right answers again (stale bytes are drained
	// or make it ask again, never misread as an error state).
	for {
		s, err := p.Status(ctx)
		if err == nil {
			if !s.Ready() {
				t.Fatalf("after slow: %+v", s)
			}
			break
		}
		// Owed replies can arrive together with the new one (twice, on a loaded
		// machine): a reply the driver cannot attribute is a protocol error, and
		// asking again is right; only a wrong state would be a bug.
		c, _ := codeOf(err)
		if (!errors.Is(err, ErrNoResponse) && c != Protocol) || ctx.Err() != nil {
			t.Fatalf("after slow: %v", err)
		}
	}

	r.sim.SetMute(true)
	if err := p.Print(ctx, testReceipt("x")); !errors.Is(err, ErrNoResponse) {
		t.Fatalf("mute: err = %v, want ErrNoResponse", err)
	}
	r.sim.SetMute(false)
	if _, err := p.Status(ctx); err != nil {
		t.Fatalf("after mute: %v", err)
	}
}
