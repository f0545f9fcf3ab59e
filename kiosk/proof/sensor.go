package proof

import (
	"context"
	"errors"
	"time"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/manager"
)

// Sensor is what Capture needs of a fingerprint sensor.
type Sensor interface {
	// Capture waits for a finger and returns its template.
	Capture(ctx context.Context) ([]byte, error)
	// WaitLifted returns once no finger is on the sensor.
	WaitLifted(ctx context.Context) error
}

// ManagerSensor is the named sensor of a device manager as a Sensor.
//
// It polls the sensor itself instead of handing ctx to the driver: ctx is
// looked at only between two exchanges with the module, never during one, so a
// person who does not come (or a wiped session) ends the wait cleanly. The
// driver cannot tell a deadline that falls mid-exchange from a module that went
// silent, and the manager would reset the port for it.
type ManagerSensor struct {
	M    *manager.Manager
	Name string
	// Poll is the pause between two "is there a finger?" asks; zero means 100 ms.
	Poll time.Duration
}

func (s ManagerSensor) poll() time.Duration {
	if s.Poll <= 0 {
		return 100 * time.Millisecond
	}
	return s.Poll
}

// Capture implements Sensor.
func (s ManagerSensor) Capture(ctx context.Context) ([]byte, error) {
	var tmpl []byte
	err := s.M.WithFingerprint(context.WithoutCancel(ctx), s.Name, func(x context.Context, fs *fingerprint.Sensor) error {
		if err := s.until(ctx, func() (bool, error) {
			err := fs.GenImg(x)
			if errors.Is(err, fingerprint.ErrNoFinger) {
				return false, nil
			}
			return true, err
		}); err != nil {
			return err
		}
		if err := fs.Img2Tz(x, 1); err != nil {
			return err
		}
		var err error
		tmpl, err = fs.UpChar(x, 1)
		return err
	})
	return tmpl, err
}

// WaitLifted implements Sensor.
func (s ManagerSensor) WaitLifted(ctx context.Context) error {
	return s.M.WithFingerprint(context.WithoutCancel(ctx), s.Name, func(x context.Context, fs *fingerprint.Sensor) error {
		return s.until(ctx, func() (bool, error) {
			err := fs.GenImg(x)
			var fe *fingerprint.Error
			switch {
			case errors.Is(err, fingerprint.ErrNoFinger):
				return true, nil
			case err == nil, errors.As(err, &fe):
				return false, nil // a finger (or a bad image of one) is still there
			}
			return true, err
		})
	})
}

// until asks step until it is done, checking ctx between asks only.
func (s ManagerSensor) until(ctx context.Context, step func() (done bool, err error)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		done, err := step()
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(s.poll()):
		}
	}
}
