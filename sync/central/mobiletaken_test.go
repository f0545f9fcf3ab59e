package central_test

import (
	"net/http"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestMobileTakenVerifiedIsTold: a registration whose number turns out to be
// registered to someone else is told so by SMS when the person verified a code
// sent to that number at the kiosk (they hold the SIM, so the message reaches
// them, as the done screen promises); without a verified code nothing is sent
// (TestOutcomeSMS), and the receipt's done screen says so.
func TestMobileTakenVerifiedIsTold(t *testing.T) {
	h := newHarness(t, boltOpen)
	k := h.Kiosk(t)
	other := backoffice.SyntheticPerson(5) // the number's owner on record
	var sent wire.OTPSendResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathOTPSend, wire.OTPSendRequest{Mobile: other.Mobile, Purpose: wire.PurposeRegistration, Language: "en"}, &sent); st != 200 {
		t.Fatalf("otp send: %d %+v", st, e)
	}
	var ver wire.OTPVerifyResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, other.Mobile)}, &ver); st != 200 || !ver.Verified {
		t.Fatalf("otp verify: %d %+v %+v", st, e, ver)
	}
	reg := centraltest.Registration(8)
	reg.Mobile, reg.Language, reg.OTPVerified, reg.OTPChallenge = other.Mobile, "en", true, sent.ChallengeID
	rec := k.Record(t, wire.KindRegistration, reg)
	before := len(smsLog(t, h))
	if st, _, e := k.Push(t, rec); st != 200 {
		t.Fatalf("push: %d %+v", st, e)
	}
	if st := k.Status(t, rec.Ref); st.State != wire.StateDeclined || st.Code != wire.DeclineMobileTaken {
		t.Fatalf("status %+v", st)
	}
	got := smsLog(t, h)[before:]
	want := i18n.Tf(i18n.EN, "sms.declined.mobile_taken", rec.Ref)
	if len(got) != 1 || got[0].Mobile != other.Mobile || got[0].Text != want {
		t.Fatalf("sent %+v, want one to %s: %q", got, other.Mobile, want)
	}
}
