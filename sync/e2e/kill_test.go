package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/faultproxy"
	"github.com/bawaba/bawaba/sync/outbox"
)

// Environment of the kiosk child process.
const (
	envChild  = "BAWABA_E2E_KIOSK_CHILD" // set to 1 in the child only
	envDir    = "BAWABA_E2E_KIOSK_DIR"
	envOutbox = "BAWABA_E2E_KIOSK_OUTBOX"
	envURL    = "BAWABA_E2E_CENTRAL_URL"
	envKiosk  = "BAWABA_E2E_KIOSK_ID"
)

// TestKioskChild is not a test: it is the kiosk process that TestSIGKILLMidSync
// starts and kills. It runs the real engine over the real outbox until the
// outbox is drained, then exits 0.
func TestKioskChild(t *testing.T) {
	if os.Getenv(envChild) != "1" {
		t.Skip("helper process for TestSIGKILLMidSync")
	}
	st, err := outbox.Open(os.Getenv(envOutbox), outbox.Options{KioskID: os.Getenv(envKiosk), MaxRecords: 1 << 30, MaxBytes: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cl, err := client.Open(os.Getenv(envURL), os.Getenv(envDir), client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(st, cl, engine.Options{
		Backoff:  backoff.Options{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		BatchMax: 20, PushTimeout: 2 * time.Second, LeaseFor: 4 * time.Second,
		ProbeEvery: 200 * time.Millisecond, Idle: 200 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	for {
		s, err := st.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if s.Undelivered() == 0 {
			cancel()
			<-done
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestSIGKILLMidSync kills the kiosk process with SIGKILL four times while it is
// delivering, restarts it each time, and checks that every record reaches the
// central service exactly once.
func TestSIGKILLMidSync(t *testing.T) {
	const n = 3000
	c := mustCentral(t)
	k := mustEnroll(t, c)
	st := k.openOutbox(t)
	want := fill(t, st, n, 512)
	if err := st.Close(); err != nil { // the child takes the file over
		t.Fatal(err)
	}
	// A short delay on every request keeps the drain slow enough to kill in the
	// middle of it.
	upTLS, err := client.TLSConfig(k.dir)
	if err != nil {
		t.Fatal(err)
	}
	hp, err := faultproxy.NewHTTP(c.URL, faultproxy.HTTPOptions{Plan: faultproxy.Always(faultproxy.Delay),
		Delay: 30 * time.Millisecond, TLS: c.TLS, Transport: transportFor(upTLS)})
	if err != nil {
		t.Fatal(err)
	}
	defer hp.Close()

	start := func() (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKioskChild$", "-test.v")
		cmd.Env = append(os.Environ(), envChild+"=1", envDir+"="+k.dir, envOutbox+"="+k.outbox,
			envURL+"="+hp.URL(), envKiosk+"="+k.kioskID)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	count := func() int {
		ids, _ := stored(t, c)
		return len(ids)
	}

	killed := 0
	for _, frac := range []float64{0.1, 0.35, 0.6, 0.85} {
		cmd, out := start()
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		target := int(frac * n)
		waitFor(t, fmt.Sprintf("central to hold %d records", target), 3*time.Minute, func() (bool, string) {
			select {
			case err := <-exited:
				t.Fatalf("kiosk exited before being killed: %v\n%s", err, out)
			default:
			}
			got := count()
			return got >= target, fmt.Sprintf("%d stored", got)
		})
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		<-exited
		if got := count(); got < n {
			killed++
		}
	}
	if killed < 3 {
		t.Fatalf("only %d of 4 kills landed before the drain finished: the test proved nothing", killed)
	}

	cmd, out := start()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("last kiosk run: %v\n%s", err, out)
		}
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("last kiosk run did not drain the outbox in 5 minutes\n%s", out)
	}
	st = k.openOutbox(t)
	defer st.Close()
	checkExactlyOnce(t, c, st, want)
	t.Logf("%d kills mid-sync", killed)
}
