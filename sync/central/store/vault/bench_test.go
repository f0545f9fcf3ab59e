package vault_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
)

// BenchmarkGetMany reads a batch of 50 registry entries of 1 KiB (what a push
// batch's prefetch reads) straight from bbolt and through the vault: the cost of
// decrypting, apart from the disk.
func BenchmarkGetMany(b *testing.B) {
	val := make([]byte, 1024)
	keys := make([]string, 50)
	for i := range keys {
		keys[i] = "person-" + strconv.Itoa(i)
	}
	for _, mode := range []string{"raw", "vault"} {
		b.Run(mode, func(b *testing.B) {
			var s store.Store = storetest.MustOpenBolt(b)
			if mode == "vault" {
				v, err := vault.Open(context.Background(), s, mustKEK(b))
				if err != nil {
					b.Fatal(err)
				}
				s = v
			}
			ctx := context.Background()
			if err := s.Update(ctx, func(tx store.Tx) error {
				for _, k := range keys {
					if err := tx.Put(store.People, k, val); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.View(ctx, func(tx store.Tx) error {
					_, err := tx.GetMany(store.People, keys)
					return err
				}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
