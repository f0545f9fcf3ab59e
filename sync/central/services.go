package central

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// ErrUnknownService is returned by SetService for a name that is not one of
// wire's Service* names.
var ErrUnknownService = errors.New("central: unknown service")

// services are the names a kiosk knows (wire.Service*), in the order the
// configuration lists them.
var services = []string{wire.ServiceRegistration, wire.ServiceActivation, wire.ServiceMobileChange,
	wire.ServiceDigitalID, wire.ServiceAddress, wire.ServiceDependents, wire.ServiceStatus, wire.ServiceVerifyID}

// SetService turns a service on or off in the configuration kiosks pull (a tile
// shows or goes at their next poll) and returns the enabled services.
func (a *Admin) SetService(ctx context.Context, name string, on bool) ([]string, error) {
	if !slices.Contains(services, name) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownService, name)
	}
	var out []string
	err := a.Store.Update(ctx, func(tx store.Tx) error {
		var sc storedConfig
		if err := getMeta(tx, metaConfig, &sc); err != nil {
			return err
		}
		if slices.Contains(sc.Services, name) == on {
			out = sc.Services
			return nil
		}
		var next []string
		for _, s := range services { // keep the configuration's order stable
			if s == name && on || s != name && slices.Contains(sc.Services, s) {
				next = append(next, s)
			}
		}
		sc.Services, sc.Version = next, sc.Version+1
		out = next
		return putMeta(tx, metaConfig, sc)
	})
	if err != nil {
		return nil, fmt.Errorf("central: set service %s: %w", name, err)
	}
	return out, nil
}
