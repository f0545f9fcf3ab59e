package central_test

import (
	"context"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestReplicasSharePostgres runs two central replicas on one database: a kiosk
// enrolled at one is served by the other, and a key rotation or revocation made at
// one holds at the other.
func TestReplicasSharePostgres(t *testing.T) {
	url := storetest.PostgresURL(t)
	schema := storetest.NewSchema()
	open := func(tb testing.TB) store.Store {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := pgstore.Open(ctx, url, pgstore.Options{Schema: schema})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}
	t.Cleanup(func() {
		s := open(t)
		s.(*pgstore.Store).DropSchema(context.Background())
	})
	a := centraltest.Start(t, centraltest.Options{Open: open, People: 20})
	// Replicas of one database share its key-encryption key.
	b := centraltest.Start(t, centraltest.Options{Open: open, People: 20, KEK: a.KEK})
	if string(a.CAPEM) != string(b.CAPEM) {
		t.Fatal("replicas started with different CAs")
	}
	k := a.Kiosk(t)

	k.Base = b.URL
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(2))
	if _, resp, e := k.Push(t, rec); len(resp.Results) != 1 || resp.Results[0].Status != wire.StatusAccepted {
		t.Fatalf("push to replica b: %+v %+v", resp, e)
	}
	k.Base = a.URL
	if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
		t.Fatalf("status at replica a: %+v", st)
	}
	if _, resp, _ := k.Push(t, rec); resp.Results[0].Status != wire.StatusDuplicate {
		t.Fatalf("the same record at replica a: %+v", resp.Results[0])
	}

	// Rotate at b; a has never seen the new key but opens records sealed to it.
	if _, err := b.Admin.RotateKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	k.Call(t, "GET", wire.PathConfig, nil, &k.Config)
	if _, resp, _ := k.Push(t, k.Record(t, wire.KindRegistration, centraltest.Registration(4))); resp.Results[0].Status != wire.StatusAccepted {
		t.Fatalf("record sealed to a key rotated at the other replica: %+v", resp.Results[0])
	}

	if err := a.Admin.Revoke(context.Background(), k.ID); err != nil {
		t.Fatal(err)
	}
	k.Base = b.URL
	if st, e := k.Call(t, "GET", wire.PathPing, nil, nil); st != 403 || e.Code != wire.ErrKioskRevoked {
		t.Fatalf("revoked at a, ping at b: %d %+v", st, e)
	}
}
