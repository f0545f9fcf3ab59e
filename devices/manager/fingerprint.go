package manager

import (
	"context"
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/serialport"
)

// fingerprintSession handshakes with VerifyPassword, then polls TemplateNum. A
// sensor that stops answering ends the session so the port is reopened.
func (m *Manager) fingerprintSession(ctx context.Context, d *device, port serialport.Port) (bool, error) {
	s := fingerprint.New(port, d.cfg.Fingerprint)
	if err := s.VerifyPassword(ctx); err != nil {
		var fe *fingerprint.Error
		if errors.As(err, &fe) {
			// It answers but refuses our password: a configuration fault.
			m.setState(d, StateHardwareError, "", detail(err))
			<-ctx.Done()
			return true, err
		}
		return false, err
	}
	d.mu.Lock()
	d.sensor = s
	d.mu.Unlock()
	m.setState(d, StateOnline, "", "")
	return true, m.poll(ctx, func() error {
		if !d.use.TryLock() {
			return nil // a flow is using the sensor; it reports failures itself
		}
		defer d.use.Unlock()
		_, err := s.TemplateNum(ctx)
		var fe *fingerprint.Error
		switch {
		case err == nil, errors.As(err, &fe):
			m.setState(d, StateOnline, "", "")
			return nil
		case errors.Is(err, fingerprint.ErrChecksum), errors.Is(err, fingerprint.ErrProtocol):
			m.setState(d, StateHardwareError, "", detail(err))
			return nil
		}
		return err
	})
}

// transport reports whether err means the link, not the finger, failed.
func transport(err error) bool {
	var fe *fingerprint.Error
	return err != nil && !errors.As(err, &fe) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
}

// WithFingerprint runs fn with exclusive use of the named sensor; the device shows
// deviceBusy meanwhile. It returns ErrUnavailable at once when the sensor is not
// online. A link failure inside fn makes the manager reconnect.
func (m *Manager) WithFingerprint(ctx context.Context, name string, fn func(context.Context, *fingerprint.Sensor) error) error {
	d, ok := m.devices[name]
	if !ok || d.cfg.Kind != Fingerprint {
		return fmt.Errorf("%w: %s", ErrUnknownDevice, name)
	}
	d.use.Lock()
	defer d.use.Unlock()
	d.mu.Lock()
	d.inFlow = true // SetPort waits for the health poll, not for a flow
	defer func() { d.mu.Lock(); d.inFlow = false; d.mu.Unlock() }()
	s, kill, st := d.sensor, d.kill, d.status.State
	d.mu.Unlock()
	if s == nil || st != StateOnline {
		return fmt.Errorf("%w: %s is %s", ErrUnavailable, name, st)
	}
	m.setState(d, StateDeviceBusy, "", "")
	err := fn(ctx, s)
	if transport(err) {
		m.setState(d, StateOffline, "", detail(err))
		kill()
		return fmt.Errorf("%w: %s: %w", ErrUnavailable, name, err)
	}
	m.setState(d, StateOnline, "", "")
	return err
}

// VerifyFinger is the kiosk's 1:1 check against the template on record: it waits
// for a finger (publishing FingerDetected when one is captured), then lets the
// sensor compare. It returns the sensor's score, fingerprint.ErrNoMatch for another
// finger, image-quality errors (fingerprint.ErrImageMessy, ErrFewFeatures) to ask
// for another try, or ErrUnavailable.
func (m *Manager) VerifyFinger(ctx context.Context, name string, onRecord []byte) (score uint16, err error) {
	err = m.WithFingerprint(ctx, name, func(ctx context.Context, s *fingerprint.Sensor) error {
		var e error
		score, e = s.Verify(ctx, onRecord, m.fingerDetected(name))
		return e
	})
	return score, err
}

// CaptureFinger waits for a finger and returns its template, for sending to the
// central service (activation, fingerprint-only proofs).
func (m *Manager) CaptureFinger(ctx context.Context, name string) (tmpl []byte, err error) {
	err = m.WithFingerprint(ctx, name, func(ctx context.Context, s *fingerprint.Sensor) error {
		var e error
		tmpl, e = s.CaptureTemplate(ctx, m.fingerDetected(name))
		return e
	})
	return tmpl, err
}

func (m *Manager) fingerDetected(name string) func() {
	return func() { m.publish(Event{Type: FingerDetected, Device: name}) }
}
