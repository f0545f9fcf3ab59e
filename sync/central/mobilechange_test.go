package central_test

import (
	"net/http"
	"testing"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// verifiedCode sends a mobile-change code to mobile and confirms it, as the
// kiosk does for the new number; it returns the challenge.
func verifiedCode(t *testing.T, h *centraltest.Central, k *centraltest.Kiosk, mobile string) string {
	t.Helper()
	var sent wire.OTPSendResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathOTPSend, wire.OTPSendRequest{Mobile: mobile, Purpose: wire.PurposeMobileChange, Language: "en"}, &sent); st != 200 {
		t.Fatalf("otp send: %d %+v", st, e)
	}
	var ver wire.OTPVerifyResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, mobile)}, &ver); st != 200 || !ver.Verified {
		t.Fatalf("otp verify: %d %+v %+v", st, e, ver)
	}
	return sent.ChallengeID
}

// TestMobileChangeByProofToken: after a lost SIM the kiosk proves the person
// live (POST /v1/proof) and seals the token, not the finger, with the change;
// central applies it for that person, and declines one that cites another
// kiosk's token or a token of someone else.
func TestMobileChangeByProofToken(t *testing.T) {
	h := centraltest.Start(t, centraltest.Options{People: registrySize})
	k, other := h.Kiosk(t), h.Kiosk(t)
	p, q := h.Account(t, 6, true), h.Account(t, 7, true)
	token := tokenFor(t, k, p)

	for _, tt := range []struct {
		name   string
		kiosk  *centraltest.Kiosk
		id     string
		mobile string
		code   string
	}{
		{"when the token is another kiosk's, it is declined", other, p.IDNumber, "+966550006601", wire.DeclineProofFailed},
		{"when the token proves someone else, it is declined", k, q.IDNumber, "+966550006602", wire.DeclineProofFailed},
		{"when the token proves the person on this kiosk, the number is changed", k, p.IDNumber, "+966550006603", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ch := verifiedCode(t, h, tt.kiosk, tt.mobile)
			rec := tt.kiosk.Record(t, wire.KindMobileChange, &wire.MobileChange{IDNumber: tt.id, NewMobile: tt.mobile, NewMobileOTP: ch,
				Proof: wire.ProofByToken, ProofToken: token})
			if st, _, e := tt.kiosk.Push(t, rec); st != 200 {
				t.Fatalf("push: %d %+v", st, e)
			}
			st := tt.kiosk.Status(t, rec.Ref)
			if st.Code != tt.code || (tt.code == "") != (st.State == wire.StateCompleted) {
				t.Fatalf("status %+v, want code %q", st, tt.code)
			}
			if got := h.AccountOf(t, tt.id).Mobile; (got == tt.mobile) != (tt.code == "") {
				t.Fatalf("mobile on record %s", got)
			}
		})
	}
}
