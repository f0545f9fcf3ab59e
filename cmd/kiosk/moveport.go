package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/bawaba/bawaba/devices/manager"
)

// movePort moves a device to the port and baud rate staff just saved, in the
// running kiosk (settings.Options.SetPort). The old port closes within a
// moment; should it take longer than 5 s the move is made all the same, and
// only logged. A device in use (manager.ErrBusy) keeps its old port until the
// next start, which the settings screen says.
func movePort(mgr *manager.Manager, log *slog.Logger, name, path string, baud int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := mgr.SetPort(ctx, name, path, baud)
	switch {
	case err == nil:
		log.Info("device moved", "name", name, "path", path, "baud", baud)
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("device moved; its old port was slow to close", "name", name, "path", path, "baud", baud)
		return nil
	default:
		log.Warn("device not moved until the next start", "name", name, "err", err)
	}
	return err
}
