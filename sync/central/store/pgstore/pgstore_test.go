package pgstore_test

import (
	"context"
	"testing"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
)

func TestSuite(t *testing.T) { storetest.Run(t, storetest.MustOpenPostgres) }

// VacuumFull keeps every live value.
func TestVacuumFull(t *testing.T) {
	s := storetest.MustOpenPostgres(t).(*pgstore.Store)
	ctx := context.Background()
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, "k", []byte("v1")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, "k", []byte("v2")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.VacuumFull(ctx); err != nil {
		t.Fatal(err)
	}
	var got []byte
	s.View(ctx, func(tx store.Tx) (err error) { got, err = tx.Get(store.Meta, "k"); return err })
	if string(got) != "v2" {
		t.Errorf("after VacuumFull: %q", got)
	}
}
