package otp

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

const mobile = "+966550000001"

func send(t *testing.T, s store.Store, now time.Time) (Challenge, string, error) {
	var c Challenge
	var code string
	err := s.Update(context.Background(), func(tx store.Tx) (err error) {
		c, code, err = Send(tx, mobile, wire.PurposeRegistration, now)
		return err
	})
	return c, code, err
}

func verify(t *testing.T, s store.Store, id, code string, now time.Time) wire.OTPVerifyResponse {
	var r wire.OTPVerifyResponse
	err := s.Update(context.Background(), func(tx store.Tx) (err error) {
		r, err = Verify(tx, id, code, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func wrong(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestVerify(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse
		want wire.OTPVerifyResponse
	}{
		{"the right code within 5 minutes verifies", func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse {
			return verify(t, s, c.ID, code, t0.Add(4*time.Minute))
		}, wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK, TriesLeft: 5}},
		{"a wrong code leaves 4 tries", func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse {
			return verify(t, s, c.ID, wrong(code), t0)
		}, wire.OTPVerifyResponse{Result: wire.OTPWrong, TriesLeft: 4}},
		{"the right code after 5 minutes has expired", func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse {
			return verify(t, s, c.ID, code, t0.Add(5*time.Minute+time.Second))
		}, wire.OTPVerifyResponse{Result: wire.OTPExpired}},
		{"after 5 wrong tries the right code no longer works", func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse {
			for range wire.OTPMaxTries {
				verify(t, s, c.ID, wrong(code), t0)
			}
			return verify(t, s, c.ID, code, t0)
		}, wire.OTPVerifyResponse{Result: wire.OTPExhausted}},
		{"an unknown challenge is unknown", func(t *testing.T, s store.Store, c Challenge, code string) wire.OTPVerifyResponse {
			return verify(t, s, "otp-nope", code, t0)
		}, wire.OTPVerifyResponse{Result: wire.OTPUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storetest.MustOpenBolt(t)
			c, code, err := send(t, s, t0)
			if err != nil || len(code) != wire.OTPDigits {
				t.Fatalf("Send = %q, %v", code, err)
			}
			if got := tt.run(t, s, c, code); got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVerifiedBindsNumberAndPurpose(t *testing.T) {
	s := storetest.MustOpenBolt(t)
	now := time.Now()
	c, code, _ := send(t, s, now)
	verify(t, s, c.ID, code, now)
	s.View(context.Background(), func(tx store.Tx) error {
		for _, tt := range []struct {
			mobile, purpose string
			want            bool
		}{{mobile, wire.PurposeRegistration, true}, {"+966550000002", wire.PurposeRegistration, false}, {mobile, wire.PurposeMobileChange, false}} {
			if ok, _ := Verified(tx, c.ID, tt.mobile, tt.purpose); ok != tt.want {
				t.Errorf("Verified(%s, %s) = %v", tt.mobile, tt.purpose, ok)
			}
		}
		return nil
	})
}

func TestRateLimit(t *testing.T) {
	s := storetest.MustOpenBolt(t)
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range wire.OTPSendsPerWindow {
		if _, _, err := send(t, s, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	_, _, err := send(t, s, t0.Add(3*time.Minute))
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryAfter != wire.OTPSendWindow-3*time.Minute {
		t.Fatalf("4th send err = %v", err)
	}
	if _, _, err := send(t, s, t0.Add(wire.OTPSendWindow)); err != nil {
		t.Fatalf("send after the window: %v", err)
	}
}
