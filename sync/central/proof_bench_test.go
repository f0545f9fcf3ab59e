package central_test

import (
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkProof: one kiosk proves a person by fingerprint live (POST
// /v1/proof over loopback mutual TLS: decode, registry and account lookup,
// match, token), and by the bank card alone (the card's keyed token looked up
// in the card_holders index, then the person and account). baseline is a ping over the same connection, the cost of the
// round trip alone. The rate limits are lifted: they would refuse a benchmark.
func BenchmarkProof(b *testing.B) {
	h := centraltest.Start(b, centraltest.Options{People: registrySize, Central: central.Options{
		Limits: central.Limits{FingerprintPerKiosk: central.Rate{N: 1 << 30, Per: time.Second}}}})
	k := h.Kiosk(b)
	p := h.Account(b, 4, true)
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			if st, e := k.Call(b, "GET", wire.PathPing, nil, nil); st != 200 {
				b.Fatalf("ping: %d %+v", st, e)
			}
		}
	})
	b.Run("card_alone", func(b *testing.B) {
		req := wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: p.CardPAN, CardExpiry: "3012"}
		for b.Loop() {
			var res wire.ProofResponse
			if st, e := k.Call(b, "POST", wire.PathProof, req, &res); st != 200 || res.IDNumber != p.IDNumber {
				b.Fatalf("proof: %d %+v", st, e)
			}
		}
	})
	b.Run("fingerprint", func(b *testing.B) {
		req := fingerProof(p, p.IDNumber)
		for b.Loop() {
			var res wire.ProofResponse
			if st, e := k.Call(b, "POST", wire.PathProof, req, &res); st != 200 || res.Token == "" {
				b.Fatalf("proof: %d %+v", st, e)
			}
		}
	})
}
