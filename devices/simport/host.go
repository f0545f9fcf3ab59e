package simport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/bawaba/bawaba/devices/serialport"
)

// Server is a device simulator speaking the device's bytes on rw until ctx ends or
// rw fails.
type Server interface {
	Serve(ctx context.Context, rw io.ReadWriter) error
}

// Host keeps one simulator plugged in at a stable path.
type Host struct {
	link string
	srv  Server

	mu      sync.Mutex
	master  *os.File
	keeper  *os.File
	cancel  context.CancelFunc
	done    chan struct{}
	lastErr error
}

// NewHost returns an unplugged host that will publish its pty at link.
func NewHost(link string, srv Server) *Host {
	return &Host{link: link, srv: srv}
}

// Link is the stable path drivers open.
func (h *Host) Link() string { return h.link }

// Plugged reports whether the simulator is currently reachable.
func (h *Host) Plugged() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.master != nil
}

// Err is the error the simulator's last Serve ended with, if it ended on its own.
func (h *Host) Err() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.lastErr
}

// Plug creates a fresh pty, points the link at it and starts serving. Plugging a
// plugged host does nothing.
func (h *Host) Plug() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.master != nil {
		return nil
	}
	master, slave, err := serialport.NewPTY()
	if err != nil {
		return fmt.Errorf("simport: plug %s: %w", h.link, err)
	}
	// Without a slave descriptor of our own the master reads EIO whenever no driver
	// has the port open; the keeper makes "nobody connected" look like a quiet line.
	keeper, err := serialport.OpenKeeper(slave)
	if err != nil {
		master.Close()
		return fmt.Errorf("simport: plug %s: %w", h.link, err)
	}
	// Replace the link atomically so a driver never sees a missing or half-made path.
	tmp := h.link + ".tmp"
	os.Remove(tmp)
	if err := os.MkdirAll(filepath.Dir(h.link), 0o755); err != nil {
		master.Close()
		keeper.Close()
		return fmt.Errorf("simport: plug %s: %w", h.link, err)
	}
	if err := os.Symlink(slave, tmp); err != nil {
		master.Close()
		keeper.Close()
		return fmt.Errorf("simport: plug %s: %w", h.link, err)
	}
	if err := os.Rename(tmp, h.link); err != nil {
		master.Close()
		keeper.Close()
		return fmt.Errorf("simport: plug %s: %w", h.link, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	h.master, h.keeper, h.cancel, h.done, h.lastErr = master, keeper, cancel, done, nil
	go func() {
		defer close(done)
		err := h.srv.Serve(ctx, master)
		if ctx.Err() == nil && err != nil {
			h.mu.Lock()
			h.lastErr = err
			h.mu.Unlock()
		}
	}()
	return nil
}

// Unplug stops the simulator, closes the pty (an open driver sees a hang-up) and
// removes the link (a reconnecting driver sees "port not found"). Unplugging an
// unplugged host does nothing.
func (h *Host) Unplug() error {
	h.mu.Lock()
	if h.master == nil {
		h.mu.Unlock()
		return nil
	}
	master, keeper, cancel, done := h.master, h.keeper, h.cancel, h.done
	h.master, h.keeper = nil, nil
	h.mu.Unlock()

	cancel()
	err := errors.Join(os.Remove(h.link), master.Close(), keeper.Close())
	<-done
	if err != nil {
		return fmt.Errorf("simport: unplug %s: %w", h.link, err)
	}
	return nil
}

// Close unplugs the host for good.
func (h *Host) Close() error { return h.Unplug() }
