package central_test

import (
	"testing"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkPushBatch: one kiosk pushes a batch of 20 address updates of people
// with accounts, each applied with its outcome SMS (queued, sent to the
// development file, dequeued). One op is one batch, sealed with the timer stopped.
func BenchmarkPushBatch(b *testing.B) {
	h := newHarness(b, storetest.MustOpenBolt)
	var people []int // every tenth synthetic person has no fingerprint on record
	for i := 1; len(people) < 20; i++ {
		if i%10 != 0 {
			people = append(people, i)
			h.Account(b, i, true)
		}
	}
	k := h.Kiosk(b)
	for b.Loop() {
		b.StopTimer()
		recs := make([]wire.Record, 20)
		for j := range recs {
			p := backoffice.SyntheticPerson(people[j])
			recs[j] = k.Record(b, wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber,
				Address:             wire.Address{BuildingNumber: "1234", Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"},
				FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)})
		}
		b.StartTimer()
		if st, resp, e := k.Push(b, recs...); st != 200 || resp.Results[0].Status != wire.StatusAccepted {
			b.Fatalf("push: %d %+v %+v", st, resp.Results, e)
		}
	}
}
