package cardreadersim

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/magstripe"
)

// line collects what the simulator writes to the host.
type line struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *line) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *line) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// swipe inserts a sample and returns what the reader's line carried, up to
// the last CR.
func swipe(t *testing.T, name string) []byte {
	t.Helper()
	sim := &Sim{}
	out := &line{}
	pr, pw := io.Pipe() // nothing from the host: reads block until the end
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		sim.Serve(ctx, struct {
			io.Reader
			io.Writer
		}{pr, out})
		close(done)
	}()
	defer func() { cancel(); pw.Close(); <-done }()
	if err := sim.Insert(name); err != nil {
		t.Fatal(err)
	}
	end := time.Now().Add(10 * time.Second)
	for !strings.HasSuffix(out.String(), "\r") && time.Now().Before(end) {
		time.Sleep(5 * time.Millisecond)
	}
	return []byte(strings.TrimSuffix(out.String(), "\r"))
}

// TestBadSamples: the samples for an ATM's bad cards are what their names say
// once read: an expired card reads and is expired; half a track does not read.
func TestBadSamples(t *testing.T) {
	now := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	if c, err := magstripe.Parse(swipe(t, "test-visa")); err != nil || c.Expired(now) {
		t.Fatalf("test-visa: %v", err)
	}
	if c, err := magstripe.Parse(swipe(t, "expired")); err != nil || !c.Expired(now) {
		t.Errorf("expired: %v, expired %v", err, err == nil && c.Expired(now))
	}
	if c, err := magstripe.Parse(swipe(t, "half-track")); err == nil {
		t.Errorf("half-track read as %s", c.Masked())
	}
}
