package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestLiveCallsAgainstCentral drives every client call against the real central
// service, then revokes the kiosk and checks that the engine parks nothing.
func TestLiveCallsAgainstCentral(t *testing.T) {
	c := mustCentral(t)
	k := mustEnroll(t, c)
	cl, err := client.Open(c.URL, k.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := t.Context()
	p := backoffice.SyntheticPerson(3)

	id, err := cl.LookupID(ctx, wire.IDLookupRequest{IDNumber: p.IDNumber})
	if err != nil || !id.InRegistry || id.HasAccount {
		t.Fatalf("LookupID = %+v, %v; want in the registry without an account", id, err)
	}
	mob, err := cl.CheckMobile(ctx, wire.MobileCheckRequest{Mobile: p.Mobile, IDNumber: p.IDNumber})
	if err != nil || mob.Owner != wire.OwnerSelf {
		t.Fatalf("CheckMobile of the person's own number = %+v, %v; want self", mob, err)
	}

	sent, err := cl.SendOTP(ctx, wire.OTPSendRequest{Mobile: p.Mobile, Purpose: wire.PurposeRegistration})
	if err != nil {
		t.Fatalf("SendOTP: %v", err)
	}
	msg, err := sms.Last(c.SMSPath, p.Mobile)
	if err != nil {
		t.Fatal(err)
	}
	code, ok := sms.Code(msg.Text, wire.OTPDigits)
	if !ok {
		t.Fatal("no code in the SMS")
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	v, err := cl.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: wrong})
	if err != nil || v.Verified || v.TriesLeft != wire.OTPMaxTries-1 {
		t.Fatalf("VerifyOTP with a wrong code = %+v, %v", v, err)
	}
	v, err = cl.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: code})
	if err != nil || !v.Verified {
		t.Fatalf("VerifyOTP with the code from the SMS = %+v, %v", v, err)
	}

	withFinger := backoffice.Person{}
	for i := 1; i <= 20 && len(withFinger.Fingerprint) == 0; i++ {
		withFinger = backoffice.SyntheticPerson(i)
	}
	if len(withFinger.Fingerprint) == 0 {
		t.Fatal("no synthetic person with a fingerprint on record")
	}
	fp, err := cl.MatchFingerprint(ctx, wire.FingerprintMatchRequest{IDNumber: withFinger.IDNumber, Template: withFinger.Fingerprint})
	if err != nil || !fp.Match {
		t.Fatalf("MatchFingerprint with the template on record = %+v, %v", fp, err)
	}
	fp, err = cl.MatchFingerprint(ctx, wire.FingerprintMatchRequest{IDNumber: withFinger.IDNumber, Template: biometric.SyntheticTemplate("someone else")})
	if err != nil || fp.Match {
		t.Fatalf("MatchFingerprint with another finger = %+v, %v", fp, err)
	}
	_, err = cl.IssueDigitalID(ctx, wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: []byte{1, 2, 3}})
	var he *client.HTTPError
	if !errors.Is(err, client.ErrRejected) || !errors.As(err, &he) || he.Code != wire.ErrNoAccount {
		t.Fatalf("IssueDigitalID without an account = %v, want ErrRejected with %q", err, wire.ErrNoAccount)
	}
	if _, err := cl.RequestStatus(ctx, "NO-SUCH-REF"); !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("RequestStatus of an unknown ref = %v, want ErrNotFound", err)
	}

	// One record through the engine, then its status by receipt reference.
	st := k.openOutbox(t)
	defer st.Close()
	rec, err := st.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload(2, 300)})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(st, cl, engine.Options{Backoff: backoff.Options{Base: 50 * time.Millisecond, Max: time.Second}})
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	e.Kick()
	waitFor(t, "the record delivered", time.Minute, func() (bool, string) {
		s, _ := st.Stats()
		return s.Delivered == 1, describe(st)
	})
	rs, err := cl.RequestStatus(ctx, rec.Ref)
	if err != nil || rs.Ref != rec.Ref || rs.Kind != wire.KindAddressUpdate || rs.State == "" {
		t.Fatalf("RequestStatus(%s) = %+v, %v", rec.Ref, rs, err)
	}

	// Revoked: calls fail with ErrRevoked, queued records stay queued.
	if err := c.Admin.Revoke(context.Background(), k.kioskID); err != nil {
		t.Fatal(err)
	}
	if err := cl.Ping(ctx); !errors.Is(err, client.ErrRevoked) || !errors.Is(err, client.ErrUnauthorized) {
		t.Fatalf("Ping after revocation = %v, want ErrRevoked", err)
	}
	for i := range 5 {
		if _, err := st.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload(i, 300)}); err != nil {
			t.Fatal(err)
		}
	}
	e.Kick()
	waitFor(t, "the engine to report the revocation", time.Minute, func() (bool, string) {
		s := e.Status()
		return s.Unauthorized && !s.Online, s.LastError
	})
	time.Sleep(time.Second) // a few refused attempts
	s, _ := st.Stats()
	if s.NeedsAttention != 0 || s.Queued+s.InFlight != 5 || s.Delivered != 1 {
		t.Fatalf("outbox after revocation %+v, want the 5 new records still queued", s)
	}
}
