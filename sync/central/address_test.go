package central_test

import (
	"testing"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// tokenFor proves synthetic person p by fingerprint on kiosk k.
func tokenFor(t *testing.T, k *centraltest.Kiosk, p backoffice.Person) string {
	t.Helper()
	var res wire.ProofResponse
	req := wire.ProofRequest{Method: wire.MethodFingerprint, IDNumber: p.IDNumber, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}
	if st, e := k.Call(t, "POST", wire.PathProof, req, &res); st != 200 || res.Token == "" {
		t.Fatalf("proof: %d %+v", st, e)
	}
	return res.Token
}

// TestAddressByProofToken: the address on record is read by the proof token
// alone, on the kiosk it was made for; an update sealed with the token alone
// is applied for that person, and one with another kiosk's token is declined
// proof_failed.
func TestAddressByProofToken(t *testing.T) {
	h := centraltest.Start(t, centraltest.Options{People: registrySize})
	k, other := h.Kiosk(t), h.Kiosk(t)
	p := h.Account(t, 4, true)
	token := tokenFor(t, k, p)

	var res wire.AddressResponse
	if st, e := k.Call(t, "POST", wire.PathAddress, wire.AddressRequest{ProofToken: token}, &res); st != 200 || res.Found {
		t.Fatalf("before any update: %d %+v %+v", st, e, res)
	}
	a := wire.Address{BuildingNumber: "2929", Street: "King Fahd Road", District: "العليا", City: "الرياض", PostalCode: "12211",
		AdditionalNumber: "7788", ShortAddress: "RRRD2929", CityCode: "riyadh", DistrictCode: "riyadh.olaya"}
	rec := k.Record(t, wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber, Address: a, ProofToken: token})
	if st, _, e := k.Push(t, rec); st != 200 {
		t.Fatalf("push: %d %+v", st, e)
	}
	if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
		t.Fatalf("an update proven by token: %+v", st)
	}
	res = wire.AddressResponse{}
	if st, e := k.Call(t, "POST", wire.PathAddress, wire.AddressRequest{ProofToken: token}, &res); st != 200 || !res.Found || res.Address != a {
		t.Fatalf("after the update: %d %+v %+v", st, e, res)
	}

	// Another kiosk's token reads nothing and proves nothing in a record.
	if st, e := other.Call(t, "POST", wire.PathAddress, wire.AddressRequest{ProofToken: token}, nil); st != 403 {
		t.Fatalf("another kiosk's token: %d %+v", st, e)
	}
	stolen := other.Record(t, wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber, Address: a, ProofToken: token})
	other.Push(t, stolen)
	if st := other.Status(t, stolen.Ref); st.State != wire.StateDeclined || st.Code != wire.DeclineProofFailed {
		t.Fatalf("an update with another kiosk's token: %+v", st)
	}
	for _, tt := range []struct {
		name   string
		token  string
		status int
	}{
		{"a forged token", "pt1.AAAA.AAAA", 403},
		{"no token", "", 400},
	} {
		if st, e := k.Call(t, "POST", wire.PathAddress, wire.AddressRequest{ProofToken: tt.token}, nil); st != tt.status {
			t.Errorf("%s: %d %+v, want %d", tt.name, st, e, tt.status)
		}
	}
}
