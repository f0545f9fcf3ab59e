package backoffice

import (
	"bytes"
	"encoding/json"

	"github.com/bawaba/bawaba/internal/parallel"
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
	// The people are decoded here on every core: applying runs one record after
	// the other inside the write transaction, and decoding each person there was
	// a tenth of an import's time.
	decoded := make([]Person, len(ids))
	ok := make([]bool, len(ids))
	parallel.For(len(ids), func(i int) {
		ok[i] = vals[i] != nil && json.Unmarshal(vals[i], &decoded[i]) == nil
	})
	people := make(map[string][]byte, len(ids))
	persons := make(map[string]Person, len(ids))
	for i, id := range ids {
		people[id] = vals[i]
		if ok[i] {
			persons[id] = decoded[i]
		}
	}
	return prefetched{Tx: tx, people: people, persons: persons}, nil
}

type prefetched struct {
	store.Tx
	people map[string][]byte // nil value: known absent
	// persons holds the people that decoded; one that did not is decoded again
	// by GetPerson, which reports its error.
	persons map[string]Person
}

// person returns the prefetched person id, decoded, with a fingerprint of its own
// (two records of a batch may be the same person's).
func (p prefetched) person(id string) (Person, bool) {
	v, ok := p.persons[id]
	v.Fingerprint = bytes.Clone(v.Fingerprint)
	return v, ok
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
