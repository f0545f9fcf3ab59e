package wizard

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// realOutbox opens a sealed outbox in a temporary directory, sealed to a key the
// test holds so it can check what a central service would receive.
func realOutbox(t *testing.T) (*outbox.Store, *seal.PrivateKey) {
	t.Helper()
	key, err := seal.GenerateKey("test-key-1", testNow.Add(365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	st, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{
		KioskID: "kiosk-test-1",
		Key:     func() (seal.PublicKey, error) { return key.Public(), nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, key
}

func TestRegistrationLandsInTheRealOutbox(t *testing.T) {
	tests := []struct {
		lang   i18n.Lang
		online bool
	}{
		{i18n.AR, false},
		{i18n.EN, true},
	}
	for _, tt := range tests {
		name := string(tt.lang) + "/offline"
		if tt.online {
			name = string(tt.lang) + "/online"
		}
		t.Run(name, func(t *testing.T) {
			st, key := realOutbox(t)
			clk := registertest.NewClock(testNow)
			live := newLive("424242", clk.Now)
			prn := &registertest.Printer{}
			u := startUI(t, tt.lang, register.Deps{Queue: st, Printer: prn, Terms: fakeTerms{}, Now: clk.Now,
				Live: live, Online: func() bool { return tt.online },
				Rand: rand.New(rand.NewPCG(5, 6)), KioskID: "kiosk-test-1"})
			u.fill(false)
			u.next()
			if tt.online {
				u.typeInto(register.FieldOTP, "424242")
				u.tap("verify")
			}
			if u.step() != register.StepDone {
				t.Fatalf("step %s", u.step())
			}
			res, _ := u.f.w.Result()
			if !u.onScreen(res.Ref) {
				t.Errorf("reference %s not on screen", res.Ref)
			}
			rec, err := st.ByRef(res.Ref)
			if err != nil {
				t.Fatalf("record %s not in the outbox: %v", res.Ref, err)
			}
			if rec.State != outbox.Queued || rec.Kind != wire.KindRegistration || rec.ID != res.ID {
				t.Fatalf("record %+v", rec)
			}
			for k, v := range rec.Meta {
				if strings.Contains(v, testPass) || strings.Contains(v, citizenID) || strings.Contains(v, "0500000123") {
					t.Errorf("meta %s=%q holds personal data", k, v)
				}
			}
			plain, err := seal.Open(key, rec.ID, rec.Kind, rec.Sealed)
			if err != nil {
				t.Fatalf("open sealed payload: %v", err)
			}
			v, err := wire.DecodePayload(rec.Kind, plain)
			if err != nil {
				t.Fatal(err)
			}
			p := v.(*wire.Registration)
			if p.IDNumber != citizenID || p.Mobile != "+966500000123" || p.Password != testPass || p.OTPVerified != tt.online || p.TermsVersion != "test-1" {
				t.Errorf("payload %+v", *p)
			}
			if len(prn.Printed()) != 1 || prn.Printed()[0].Reference != rec.Ref {
				t.Errorf("printed %+v", prn.Printed())
			}
		})
	}
}
