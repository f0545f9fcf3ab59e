// Package scannersim simulates a serial barcode/QR scanner: each Scan puts
// [prefix][AIM id]payload CR LF on the line, exactly as a Honeywell or Zebra scanner
// in RS-232 mode does.
package scannersim

import (
	"github.com/bawaba/bawaba/devices/simport"
)

// Sim is a simulated scanner. Serve (from the embedded Emitter) runs it on a line.
type Sim struct {
	simport.Emitter
	// Prefix is sent before every scan (nil for none).
	Prefix []byte
	// AIM, when true, sends the AIM identifier given to Scan.
	AIM bool
}

// Scan sends one scan. aim is the AIM identifier ("]Q1" for QR); it is sent only
// when s.AIM is set.
func (s *Sim) Scan(data []byte, aim string) error {
	var b []byte
	b = append(b, s.Prefix...)
	if s.AIM {
		b = append(b, aim...)
	}
	b = append(b, data...)
	return s.Emit(append(b, '\r', '\n'))
}

// Noise sends n random bytes and a CR LF, as a bad read or a noisy cable does.
func (s *Sim) Noise(n int) error { return s.EmitGarbage(n, []byte("\r\n")) }
