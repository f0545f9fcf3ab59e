package prooftest

import (
	"context"
	"strings"
	"sync"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/kiosk/proof"
)

// Person is a finger on the simulated sensor (the real one on a pty) that
// behaves as asked: before each capture it places the next finger of its
// script (a synthetic finger name, "messy:NAME" to make the sensor read it
// badly, or "" to place none), and it lifts the finger when asked to.
type Person struct {
	dev    *Devices
	real   proof.Sensor
	mu     sync.Mutex
	script []string
}

// Person returns a person at the simulated sensor, with no finger placed yet.
func (d *Devices) Person() *Person { return &Person{dev: d, real: d.Sensor()} }

// Will adds fingers to the script, one per capture.
func (p *Person) Will(fingers ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.script = append(p.script, fingers...)
}

// Capture implements proof.Sensor.
func (p *Person) Capture(ctx context.Context) ([]byte, error) {
	p.mu.Lock()
	next := ""
	if len(p.script) > 0 {
		next, p.script = p.script[0], p.script[1:]
	}
	p.mu.Unlock()
	if name, ok := strings.CutPrefix(next, "messy:"); ok {
		p.dev.Finger.FailNext(fingerprint.CodeImageMessy)
		next = name
	}
	if next != "" {
		p.dev.Finger.Place(next)
	}
	return p.real.Capture(ctx)
}

// WaitLifted implements proof.Sensor: the person lifts the finger.
func (p *Person) WaitLifted(ctx context.Context) error {
	p.dev.Finger.Lift()
	return p.real.WaitLifted(ctx)
}
