package central_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestChangeWithTheOldSIM: a code to the number on record (which the kiosk never
// learns), a code to the new number, the change applied, and an SMS to the old
// number telling of it.
func TestChangeWithTheOldSIM(t *testing.T) {
	h := newHarness(t, nil)
	k := h.Kiosk(t)
	const i = 6
	p := backoffice.SyntheticPerson(i)
	if st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, wire.OTPSendRegisteredRequest{IDNumber: p.IDNumber, Purpose: wire.PurposeMobileChange}, nil); st != 409 || e.Code != wire.ErrNoAccount {
		t.Fatalf("before registration: %d %+v", st, e)
	}
	if st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, wire.OTPSendRegisteredRequest{IDNumber: p.IDNumber, Purpose: wire.PurposeRegistration}, nil); st != 400 {
		t.Fatalf("wrong purpose: %d %+v", st, e)
	}
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(i))
	k.Push(t, rec)
	if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
		t.Fatalf("registration: %+v", st)
	}

	var old wire.OTPSendRegisteredResponse
	if st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, wire.OTPSendRegisteredRequest{IDNumber: p.IDNumber, Purpose: wire.PurposeMobileChange, Language: "en"}, &old); st != 200 {
		t.Fatalf("send to the registered number: %d %+v", st, e)
	}
	if old.MaskedMobile != wire.MaskMobile(p.Mobile) || strings.Contains(old.MaskedMobile, p.Mobile[6:10]) {
		t.Fatalf("masked %q for %s", old.MaskedMobile, wire.MaskMobile(p.Mobile))
	}
	var ver wire.OTPVerifyResponse
	k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: old.ChallengeID, Code: h.LastCode(t, p.Mobile)}, &ver)
	if !ver.Verified {
		t.Fatalf("old code: %+v", ver)
	}
	newMobile := "+201001234567"
	var sent wire.OTPSendResponse
	k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: newMobile, Purpose: wire.PurposeMobileChange}, &sent)
	k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, newMobile)}, &ver)
	rec = k.Record(t, wire.KindMobileChange, &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: newMobile, NewMobileOTP: sent.ChallengeID,
		Proof: wire.ProofOTPOld, OldMobileOTP: old.ChallengeID})
	k.Push(t, rec)
	if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
		t.Fatalf("mobile change: %+v", st)
	}
	m, err := sms.Last(h.SMSPath, p.Mobile)
	if err != nil || !strings.Contains(m.Text, rec.Ref) {
		t.Fatalf("no notice to the old number: %+v %v", m, err)
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+966551234567", "05•••••567"},
		{"+201001234567", "+2••••••••567"},
		{"+1234", "•••••"},
	}
	for _, tt := range tests {
		if got := wire.MaskMobile(tt.in); got != tt.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestChangeByBankCard: at an ATM the lost-SIM change is proved by the person's
// bank card; another person's card is declined card_mismatch.
func TestChangeByBankCard(t *testing.T) {
	h := newHarness(t, nil)
	k := h.Kiosk(t)
	const i = 8
	p := backoffice.SyntheticPerson(i)
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(i))
	k.Push(t, rec)
	for _, tt := range []struct {
		name  string
		pan   string
		state string
		code  string
	}{
		{"when the card is someone else's, the change is declined", backoffice.SyntheticPerson(9).CardPAN, wire.StateDeclined, wire.DeclineCardMismatch},
		{"when the card is the person's, the number is changed", p.CardPAN, wire.StateCompleted, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			newMobile := "+96650999" + tt.pan[len(tt.pan)-4:]
			var sent wire.OTPSendResponse
			var ver wire.OTPVerifyResponse
			k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: newMobile, Purpose: wire.PurposeMobileChange}, &sent)
			k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, newMobile)}, &ver)
			rec := k.Record(t, wire.KindMobileChange, &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: newMobile, NewMobileOTP: sent.ChallengeID,
				Proof: wire.MethodBankCard, CardPAN: tt.pan, CardMasked: bankcard.Mask(tt.pan)})
			k.Push(t, rec)
			if st := k.Status(t, rec.Ref); st.State != tt.state || st.Code != tt.code {
				t.Fatalf("status %+v, want %s %s", st, tt.state, tt.code)
			}
		})
	}
	if s := fmt.Sprint(wire.MobileChange{CardPAN: p.CardPAN}); strings.Contains(s, p.CardPAN) {
		t.Fatalf("%%v shows the PAN: %s", s)
	}
}
