package wizard

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// clientLive adapts the real client to register.Live, the way cmd/kiosk does.
type clientLive struct{ c *client.Client }

func liveErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Errorf("%w: %w", register.ErrRateLimited, err)
	}
	return fmt.Errorf("%w: %w", register.ErrUnreachable, err)
}

func (l clientLive) CheckID(ctx context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	resp, err := l.c.LookupID(ctx, r)
	return resp, liveErr(err)
}
func (l clientLive) CheckMobile(ctx context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	resp, err := l.c.CheckMobile(ctx, r)
	return resp, liveErr(err)
}
func (l clientLive) SendOTP(ctx context.Context, r wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	resp, err := l.c.SendOTP(ctx, r)
	return resp, liveErr(err)
}
func (l clientLive) VerifyOTP(ctx context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	resp, err := l.c.VerifyOTP(ctx, r)
	return resp, liveErr(err)
}

type configTerms struct{ cfg wire.Config }

func (c configTerms) Terms() (register.Terms, bool) { return register.TermsFromConfig(c.cfg) }

// TestOnlineWithTheRealCentral registers a person of the central service's
// synthetic registry by touch, verifies the SMS code the central service sent
// (read from its development SMS file), and checks that the sync engine delivers
// the record and the central service applies it: the account exists.
func TestOnlineWithTheRealCentral(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := centraltest.Start(t, centraltest.Options{People: 4})
	cl, cfg, key := c.Client(t, filepath.Join(dir, "kiosk"), "wizard test")
	st, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{KioskID: cl.KioskID(),
		Key: func() (seal.PublicKey, error) { return key, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	p := backoffice.SyntheticPerson(2) // a citizen
	if p.IDType != wire.IDCitizen {
		t.Fatalf("person 2 is %s", p.IDType)
	}
	who := applicant{id: p.IDNumber, year: p.BirthHijri.Year, month: p.BirthHijri.Month, day: p.BirthHijri.Day,
		gregorian: fmt.Sprintf("%d %s %d", p.BirthGregorian.Day, time.Month(p.BirthGregorian.Month), p.BirthGregorian.Year),
		mobile:    "0" + p.Mobile[4:]}

	prn := &registertest.Printer{}
	u := startUI(t, i18n.AR, register.Deps{Queue: st, Printer: prn, Terms: configTerms{cfg},
		Live: clientLive{cl}, Online: func() bool { return true }, Rand: rand.New(rand.NewPCG(9, 9)), KioskID: cl.KioskID()})
	u.fillAs(who, false)
	u.next()
	if u.step() != register.StepOTP {
		t.Fatalf("step %s, errors %v", u.step(), u.f.w.Errors())
	}
	otp := c.LastCode(t, p.Mobile)
	wrong := "000000"
	if otp == wrong {
		wrong = "111111"
	}
	u.typeInto(register.FieldOTP, wrong)
	u.tap("verify")
	u.expectError(register.StepOTP, register.FieldOTP, "otp_wrong")
	u.typeInto(register.FieldOTP, otp)
	u.tap("verify")
	if u.step() != register.StepDone {
		t.Fatalf("step %s, errors %v", u.step(), u.f.w.Errors())
	}
	res, _ := u.f.w.Result()
	if !res.Verified {
		t.Fatal("not verified")
	}

	// Deliver it and check the central service applied it.
	e := engine.New(st, cl, engine.Options{})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- e.Run(runCtx) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		s, err := cl.RequestStatus(ctx, res.Ref)
		if err == nil && s.State != wire.StateReceived {
			if s.State != wire.StateCompleted {
				t.Fatalf("central declined the registration: %+v", s)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not applied within 2 minutes: %+v %v", s, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if rec, err := st.ByRef(res.Ref); err != nil || rec.State != outbox.Delivered {
		t.Errorf("outbox record %+v %v", rec, err)
	}
}
