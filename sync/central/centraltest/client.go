package centraltest

import (
	"context"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// Client enrols a kiosk with c through the real kiosk client, keeping its identity
// in dir (as cmd/kiosk keeps it in its data directory), and pulls its
// configuration. It returns the open client (closed when the test ends), the
// configuration, and the sealing key the configuration names for now; the test
// fails unless all three are there.
func (c *Central) Client(t testing.TB, dir, name string) (*client.Client, wire.Config, seal.PublicKey) {
	t.Helper()
	ctx := context.Background()
	cl, err := client.Enroll(ctx, c.URL, dir, client.Enrollment{Code: c.EnrollCode(t), CA: c.CAPEM, Name: name}, client.Options{})
	if err != nil {
		t.Fatalf("enroll: %v", err)
	}
	t.Cleanup(cl.Close)
	cfg, _, err := cl.PullConfig(ctx)
	if err != nil {
		t.Fatalf("pull config: %v", err)
	}
	key, ok := wire.SealingKeyFor(cfg.SealingKeys, time.Now())
	if !ok {
		t.Fatal("config has no valid sealing key")
	}
	return cl, cfg, key
}
