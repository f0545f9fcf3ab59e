package proof

import (
	"context"

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
type ManagerSensor struct {
	M    *manager.Manager
	Name string
}

// Capture implements Sensor.
func (s ManagerSensor) Capture(ctx context.Context) ([]byte, error) {
	return s.M.CaptureFinger(ctx, s.Name)
}

// WaitLifted implements Sensor.
func (s ManagerSensor) WaitLifted(ctx context.Context) error {
	return s.M.WithFingerprint(ctx, s.Name, func(ctx context.Context, fs *fingerprint.Sensor) error {
		return fs.WaitRemoved(ctx)
	})
}
