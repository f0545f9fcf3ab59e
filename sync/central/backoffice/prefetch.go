package backoffice

import (
	"bytes"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Prefetch reads in one go (one round trip on PostgreSQL) the registry entries that
// ins will look up, and returns a Tx that answers those reads from memory and passes
// everything else to tx. Applying a batch then costs no registry read per record.
// The registry changes only by LoadRegistry, never while records are applied.
func Prefetch(tx store.Tx, ins []Input) (store.Tx, error) {
	var ids []string
	for _, in := range ins {
		switch p := in.Payload.(type) {
		case *wire.Registration:
			ids = append(ids, p.IDNumber)
		case *wire.Activation:
			ids = append(ids, p.IDNumber)
		case *wire.MobileChange:
			ids = append(ids, p.IDNumber)
		case *wire.AddressUpdate:
			ids = append(ids, p.IDNumber)
		case *wire.Dependent:
			ids = append(ids, p.IDNumber, p.DependentIDNumber)
		}
	}
	vals, err := tx.GetMany(store.People, ids)
	if err != nil {
		return nil, err
	}
	people := make(map[string][]byte, len(ids))
	for i, id := range ids {
		people[id] = vals[i]
	}
	return prefetched{Tx: tx, people: people}, nil
}

type prefetched struct {
	store.Tx
	people map[string][]byte // nil value: known absent
}

func (p prefetched) Get(b store.Bucket, key string) ([]byte, error) {
	if b == store.People {
		if v, ok := p.people[key]; ok {
			if v == nil {
				return nil, store.ErrNotFound
			}
			return bytes.Clone(v), nil
		}
	}
	return p.Tx.Get(b, key)
}
