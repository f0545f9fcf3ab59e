// Package sdnotify tells systemd how a service is doing (sd_notify(3)): that it
// is ready, that it is still alive (the watchdog), and that it is stopping. The
// kiosk and the central service run under systemd units (deploy/systemd) with
// Type=notify and WatchdogSec, so a kiosk whose UI loop hangs is restarted
// instead of showing a frozen screen to the next person.
//
// Outside systemd ($NOTIFY_SOCKET unset) every call does nothing.
package sdnotify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"
)

// ErrNoSocket is returned by Send when the process does not run under a systemd
// unit that listens for notifications.
var ErrNoSocket = errors.New("sdnotify: NOTIFY_SOCKET not set")

// Send writes one notification (e.g. "READY=1") to $NOTIFY_SOCKET.
func Send(state string) error {
	addr := os.Getenv("NOTIFY_SOCKET")
	if addr == "" {
		return ErrNoSocket
	}
	if addr[0] == '@' { // an abstract socket
		addr = "\x00" + addr[1:]
	}
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: addr, Net: "unixgram"})
	if err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(state)); err != nil {
		return fmt.Errorf("sdnotify: %w", err)
	}
	return nil
}

// Ready says the service has started (Type=notify units wait for it).
func Ready() { _ = Send("READY=1") }

// Stopping says the service is shutting down on purpose.
func Stopping() { _ = Send("STOPPING=1") }

// WatchdogInterval is how often the unit expects a keep-alive: half of
// $WATCHDOG_USEC as sd_watchdog_enabled(3) advises, or 0 when no watchdog is
// set for this process.
func WatchdogInterval() time.Duration {
	usec, err := strconv.ParseInt(os.Getenv("WATCHDOG_USEC"), 10, 64)
	if err != nil || usec <= 0 {
		return 0
	}
	if pid := os.Getenv("WATCHDOG_PID"); pid != "" && pid != strconv.Itoa(os.Getpid()) {
		return 0
	}
	return time.Duration(usec) * time.Microsecond / 2
}

// Watchdog sends a keep-alive every WatchdogInterval while alive reports true,
// until ctx ends. alive is where the caller proves it is really working (the
// kiosk: its UI goroutine answered); a hung service stops the pings and systemd
// restarts it. Nothing happens when no watchdog is set.
func Watchdog(ctx context.Context, alive func(context.Context) bool) {
	every := WatchdogInterval()
	if every == 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if alive == nil || alive(ctx) {
				_ = Send("WATCHDOG=1")
			}
		}
	}
}
