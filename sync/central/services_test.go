package central_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// `central service`: verify_id is off by default, turned on and off by the admin,
// and kiosks see each change at their next pull (a new config version).
func TestSetService(t *testing.T) {
	h := newHarness(t, storetest.MustOpenBolt)
	k := h.Kiosk(t)
	pull := func() wire.Config {
		t.Helper()
		var cfg wire.Config
		if st, e := k.Call(t, "GET", wire.PathConfig, nil, &cfg); st != 200 {
			t.Fatalf("config: %d %+v", st, e)
		}
		return cfg
	}
	before := pull()
	if slices.Contains(before.Services, wire.ServiceVerifyID) || !slices.Contains(before.Services, wire.ServiceDigitalID) {
		t.Fatalf("default services: %v", before.Services)
	}
	ctx := context.Background()
	for _, step := range []struct {
		name string
		on   bool
		want bool
	}{
		{wire.ServiceVerifyID, true, true},
		{wire.ServiceVerifyID, true, true}, // again: no change
		{wire.ServiceVerifyID, false, false},
	} {
		list, err := h.Admin.SetService(ctx, step.name, step.on)
		if err != nil {
			t.Fatal(err)
		}
		cfg := pull()
		if got := slices.Contains(cfg.Services, step.name); got != step.want || !slices.Equal(list, cfg.Services) {
			t.Fatalf("%s on=%v: config lists %v (returned %v)", step.name, step.on, cfg.Services, list)
		}
		changed := slices.Contains(before.Services, step.name) != step.want
		if changed && cfg.Version <= before.Version || !changed && cfg.Version != before.Version {
			t.Fatalf("version %d after %d (changed: %v)", cfg.Version, before.Version, changed)
		}
		if !slices.Contains(cfg.Services, wire.ServiceDigitalID) {
			t.Fatalf("another service lost: %v", cfg.Services)
		}
		before = cfg
	}
	if _, err := h.Admin.SetService(ctx, "teleport", true); !errors.Is(err, central.ErrUnknownService) {
		t.Fatalf("an unknown service: %v", err)
	}
}
