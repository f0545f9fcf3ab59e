package sdnotify

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// listen is a fake systemd: a unixgram socket that collects notifications.
func listen(t *testing.T) <-chan string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "notify")
	c, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	t.Setenv("NOTIFY_SOCKET", path)
	got := make(chan string, 16)
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := c.Read(buf)
			if err != nil {
				return
			}
			got <- string(buf[:n])
		}
	}()
	return got
}

func next(t *testing.T, got <-chan string) string {
	t.Helper()
	select {
	case s := <-got:
		return s
	case <-time.After(5 * time.Second):
		t.Fatal("no notification")
		return ""
	}
}

func TestSendReachesSystemd(t *testing.T) {
	got := listen(t)
	Ready()
	if s := next(t, got); s != "READY=1" {
		t.Fatalf("got %q", s)
	}
	Stopping()
	if s := next(t, got); s != "STOPPING=1" {
		t.Fatalf("got %q", s)
	}
}

func TestNoSocketIsQuiet(t *testing.T) {
	t.Setenv("NOTIFY_SOCKET", "")
	if err := Send("READY=1"); !errors.Is(err, ErrNoSocket) {
		t.Fatalf("Send = %v, want ErrNoSocket", err)
	}
	Ready() // must not panic or block
}

func TestWatchdogInterval(t *testing.T) {
	pid := strconv.Itoa(os.Getpid())
	for _, tc := range []struct {
		usec, pid string
		want      time.Duration
	}{
		{"", "", 0},
		{"junk", "", 0},
		{"-5", "", 0},
		{"2000000", "", time.Second},
		{"2000000", pid, time.Second},
		{"2000000", "1", 0}, // meant for another process
	} {
		t.Setenv("WATCHDOG_USEC", tc.usec)
		t.Setenv("WATCHDOG_PID", tc.pid)
		if got := WatchdogInterval(); got != tc.want {
			t.Errorf("WATCHDOG_USEC=%q WATCHDOG_PID=%q: %v, want %v", tc.usec, tc.pid, got, tc.want)
		}
	}
}

// A hung service stops the pings; a live one keeps sending them.
func TestWatchdogPingsOnlyWhileAlive(t *testing.T) {
	got := listen(t)
	t.Setenv("WATCHDOG_USEC", "20000") // every 10 ms
	t.Setenv("WATCHDOG_PID", "")
	alive := make(chan bool, 1)
	alive <- true
	healthy := true
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		Watchdog(ctx, func(context.Context) bool {
			select {
			case healthy = <-alive:
			default:
			}
			return healthy
		})
	}()
	if s := next(t, got); s != "WATCHDOG=1" {
		t.Fatalf("got %q", s)
	}
	alive <- false
	// Drain what was in flight, then expect silence.
	time.Sleep(50 * time.Millisecond)
	for len(got) > 0 {
		<-got
	}
	select {
	case s := <-got:
		t.Fatalf("a hung service still pinged: %q", s)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	<-done
}
