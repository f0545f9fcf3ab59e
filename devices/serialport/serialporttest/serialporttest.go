// Package serialporttest gives tests a real serial line to a simulator: a
// pseudo-terminal whose slave end is opened through tarm/serial exactly as a kiosk
// opens /dev/ttyUSB0, and whose master end a simulator serves.
package serialporttest

import (
	"os"
	"testing"

	"github.com/bawaba/bawaba/devices/serialport"
)

// Pair opens a pseudo-terminal and its slave end at the given baud rate, and closes
// both when the test ends. The slave is opened before anything serves the master:
// until then the master reads EIO (no peer).
func Pair(tb testing.TB, baud int) (master *os.File, port serialport.Port) {
	tb.Helper()
	master, path, err := serialport.NewPTY()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { master.Close() })
	port, err = serialport.Open(serialport.Config{Path: path, Baud: baud})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { port.Close() })
	return master, port
}
