// Package serialporttest gives tests a real serial line to a simulator: a
// pseudo-terminal whose slave end is opened through tarm/serial exactly as a kiosk
// opens /dev/ttyUSB0, and whose master end a simulator serves.
package serialporttest

import (
	"context"
	"io"
	"os"
	"testing"

	"github.com/bawaba/bawaba/devices/serialport"
)

// Pair opens a pseudo-terminal and its slave end at the given baud rate, and closes
// both when the test ends. The slave is opened before anything serves the master:
// until then the master reads EIO (no peer).
func Pair(tb testing.TB, baud int) (master *os.File, port serialport.Port) {
	tb.Helper()
	return PairConfig(tb, serialport.Config{Baud: baud})
}

// PairConfig is Pair with the port's whole configuration (a read timeout, say);
// cfg.Path is set to the pseudo-terminal's slave.
func PairConfig(tb testing.TB, cfg serialport.Config) (master *os.File, port serialport.Port) {
	tb.Helper()
	master, port = open(tb, cfg)
	tb.Cleanup(func() { port.Close(); master.Close() })
	return master, port
}

// Serve opens a pair with cfg and runs serve (a simulator's Serve) on its master
// until the test ends. Then it cancels serve's context, closes the port and the
// master — a simulator blocked in Read returns only when its master closes — and
// waits for serve to return, so that no simulator outlives its test.
func Serve(tb testing.TB, cfg serialport.Config, serve func(context.Context, io.ReadWriter) error) serialport.Port {
	tb.Helper()
	master, port := open(tb, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		// What serve returns once stopped is the cancellation or the closed line.
		serve(ctx, master)
	}()
	tb.Cleanup(func() {
		cancel()
		port.Close()
		master.Close()
		<-done
	})
	return port
}

func open(tb testing.TB, cfg serialport.Config) (*os.File, serialport.Port) {
	tb.Helper()
	master, path, err := serialport.NewPTY()
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Path = path
	port, err := serialport.Open(cfg)
	if err != nil {
		master.Close()
		tb.Fatal(err)
	}
	return master, port
}
