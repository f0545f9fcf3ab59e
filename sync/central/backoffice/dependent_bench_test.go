package backoffice

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkApplyDependent applies, in one bbolt transaction each, a dependent that
// goes through every registry check (the applicant's finger, the dependent in the
// registry, the date of birth in Hijri converted, the relation, the record's list)
// and is declined as already there, so every iteration does the same work; the
// baseline is an address update (one finger check and one write).
func BenchmarkApplyDependent(b *testing.B) {
	s := storetest.MustOpenBolt(b)
	var file bytes.Buffer
	if err := Generate(&file, 20); err != nil {
		b.Fatal(err)
	}
	applicant, dep := SyntheticPerson(4), SyntheticPerson(6)
	add := &wire.Dependent{IDNumber: applicant.IDNumber, DependentIDNumber: dep.IDNumber, DependentIDType: dep.IDType,
		Relationship: wire.RelationSpouse, DependentBirthDate: dep.BirthHijri, FingerprintTemplate: applicant.Fingerprint}
	ctx := context.Background()
	if err := s.Update(ctx, func(tx store.Tx) error {
		if _, err := LoadRegistry(tx, &file); err != nil {
			return err
		}
		applicant, _, _ = GetPerson(tx, applicant.IDNumber)
		add.FingerprintTemplate = applicant.Fingerprint
		out, err := Apply(tx, Input{Record: wire.Record{ID: "first", Ref: "FIRST", Kind: wire.KindDependent}, Payload: add}, time.Now())
		if err == nil && out.Status.State != wire.StateCompleted {
			b.Fatalf("first add: %+v", out.Status)
		}
		return err
	}); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, payload any, want string) {
		for b.Loop() {
			if err := s.Update(ctx, func(tx store.Tx) error {
				out, err := Apply(tx, Input{Record: wire.Record{ID: "r", Ref: "REF", Kind: wire.KindDependent}, Payload: payload}, time.Now())
				if err == nil && out.Status.State != want {
					b.Fatalf("%+v", out.Status)
				}
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("baseline", func(b *testing.B) {
		run(b, &wire.AddressUpdate{IDNumber: applicant.IDNumber, FingerprintTemplate: applicant.Fingerprint,
			Address: wire.Address{BuildingNumber: "1234", Street: "S", City: "C", PostalCode: "12345", AdditionalNumber: "1234"}}, wire.StateCompleted)
	})
	b.Run("dependent", func(b *testing.B) { run(b, add, wire.StateDeclined) })
}
