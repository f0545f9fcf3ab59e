package central_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkDigitalIDRenew is what the show-my-ID screen does every minute: ask
// central for a new on-screen credential over loopback mutual TLS (fingerprint
// match, sign) and render its QR at error correction M. The target is p99
// ≤ 150 ms; p99-ns is reported.
func BenchmarkDigitalIDRenew(b *testing.B) {
	h := newHarness(b, storetest.MustOpenBolt)
	k := h.Kiosk(b)
	p := backoffice.SyntheticPerson(4)
	acct, _ := json.Marshal(backoffice.Account{IDNumber: p.IDNumber, Active: true})
	if err := h.Store.Update(context.Background(), func(tx store.Tx) error { return tx.Put(store.Accounts, p.IDNumber, acct) }); err != nil {
		b.Fatal(err)
	}
	keys := trustedKeys(b, h, k.Config)
	req := wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		var d wire.DigitalID
		if st, e := k.Call(b, "POST", wire.PathDigitalID, req, &d); st != 200 {
			b.Fatalf("%d %+v", st, e)
		}
		if _, err := qrcode.New(d.QR, qrcode.Medium); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		if r := digitalid.Verify(d.QR, keys, time.Now()); r.Verdict != digitalid.Valid {
			b.Fatalf("%v %v", r.Verdict, r.Err)
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}
