package main

import (
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/bawaba/bawaba/devices/manager"
)

// TestMovePort moves a configured device (the manager not yet running: the
// next attempt opens the new port) and refuses one that is not configured.
func TestMovePort(t *testing.T) {
	mgr, err := manager.New([]manager.Device{{Kind: manager.Scanner, Path: "/dev/ttyS0", Baud: 9600}}, manager.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := movePort(mgr, log, "scanner", "/dev/ttyUSB1", 115200); err != nil {
		t.Fatal(err)
	}
	if d, _ := mgr.Config("scanner"); d.Path != "/dev/ttyUSB1" || d.Baud != 115200 {
		t.Fatalf("scanner on %s at %d", d.Path, d.Baud)
	}
	if err := movePort(mgr, log, "printer", "/dev/ttyUSB0", 19200); !errors.Is(err, manager.ErrUnknownDevice) {
		t.Fatalf("unknown device: %v", err)
	}
}
