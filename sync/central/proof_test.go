package central_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// proofHarness is a central service with a clock the test moves.
type proofHarness struct {
	*centraltest.Central
	now atomic.Int64 // Unix nanoseconds
}

func newProofHarness(t *testing.T, limits central.Limits) *proofHarness {
	h := &proofHarness{}
	h.now.Store(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC).UnixNano())
	h.Central = centraltest.Start(t, centraltest.Options{People: registrySize, Central: central.Options{
		Now: func() time.Time { return time.Unix(0, h.now.Load()) }, Limits: limits}})
	return h
}

func (h *proofHarness) advance(d time.Duration) { h.now.Add(int64(d)) }

func (h *proofHarness) clock() time.Time { return time.Unix(0, h.now.Load()) }

func fingerProof(p backoffice.Person, finger string) wire.ProofRequest {
	return wire.ProofRequest{Method: wire.MethodFingerprint, IDNumber: p.IDNumber, FingerprintTemplate: biometric.SyntheticTemplate(finger)}
}

// signInCode sends the sign-in code for person i and returns its challenge.
func signInCode(t *testing.T, h *proofHarness, k *centraltest.Kiosk, i int) wire.OTPSendRegisteredResponse {
	t.Helper()
	var res wire.OTPSendRegisteredResponse
	st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, wire.OTPSendRegisteredRequest{Purpose: wire.PurposeSignIn,
		Username: centraltest.Username(i), Password: centraltest.Password, Language: "en"}, &res)
	if st != 200 || res.ChallengeID == "" {
		t.Fatalf("sign-in code: %d %+v", st, e)
	}
	return res
}

// TestProofMethods: each of the three ways proves an activated account holder
// and gets a token central then takes for that person, on that kiosk; each way
// that does not hold is 403 proof_failed, and an account not activated is 409.
func TestProofMethods(t *testing.T) {
	h := newProofHarness(t, central.Limits{})
	k := h.Kiosk(t)
	p := h.Account(t, 4, true)
	idle := h.Account(t, 6, false)
	stranger := backoffice.SyntheticPerson(8)
	cases := []struct {
		name   string
		req    func() wire.ProofRequest
		status int
		code   string
	}{
		{"when the finger is the one on record, the person is proven", func() wire.ProofRequest { return fingerProof(p, p.IDNumber) }, 200, ""},
		{"when the finger is another's, the proof fails", func() wire.ProofRequest { return fingerProof(p, "someone else") }, 403, wire.ErrProofFailed},
		{"when the account is not activated, the finger is not enough", func() wire.ProofRequest { return fingerProof(idle, idle.IDNumber) }, 409, wire.ErrNoAccount},
		{"when the ID has no account at all, the answer is no account", func() wire.ProofRequest { return fingerProof(stranger, stranger.IDNumber) }, 409, wire.ErrNoAccount},
		{"when the person has no fingerprint on record, central says so", func() wire.ProofRequest {
			q := h.Account(t, 10, false) // every tenth synthetic person has none: activated by card
			activateByCard(t, h.Central, q)
			return fingerProof(q, q.IDNumber)
		}, 409, wire.ErrNoFingerprintOnRecord},
		{"when the bank card is the person's, the person is proven", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, IDNumber: p.IDNumber, CardPAN: backoffice.SyntheticPerson(4).CardPAN}
		}, 200, ""},
		{"when the bank card is another's, the proof fails", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, IDNumber: p.IDNumber, CardPAN: stranger.CardPAN}
		}, 403, wire.ErrProofFailed},
		{"when the bank card comes alone, it names the person it is linked to", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(4).CardPAN, CardExpiry: "3012"}
		}, 200, ""},
		{"when the bank card alone is linked to no one, central says so", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(registrySize + 1).CardPAN}
		}, 403, wire.ErrCardNotLinked},
		{"when the bank card alone is someone's without an activated account, the answer is no account", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: idle.CardPAN}
		}, 409, wire.ErrNoAccount},
		{"when the bank card has expired, it proves no one", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(4).CardPAN, CardExpiry: "2602"}
		}, 403, wire.ErrCardExpired},
		{"when the bank card has expired, it does not prove its holder with the ID either", func() wire.ProofRequest {
			return wire.ProofRequest{Method: wire.MethodBankCard, IDNumber: p.IDNumber, CardPAN: backoffice.SyntheticPerson(4).CardPAN, CardExpiry: "2602"}
		}, 403, wire.ErrCardExpired},
		{"when the password and the code are right, the person is proven", func() wire.ProofRequest {
			ch := signInCode(t, h, k, 4)
			return wire.ProofRequest{Method: wire.MethodPassword, Username: centraltest.Username(4), Password: centraltest.Password,
				ChallengeID: ch.ChallengeID, Code: h.LastCode(t, p.Mobile)}
		}, 200, ""},
		{"when the code is wrong, the proof fails", func() wire.ProofRequest {
			ch := signInCode(t, h, k, 4)
			code := h.LastCode(t, p.Mobile)
			wrong := string('0'+(code[0]-'0'+1)%10) + code[1:]
			return wire.ProofRequest{Method: wire.MethodPassword, Username: centraltest.Username(4), Password: centraltest.Password,
				ChallengeID: ch.ChallengeID, Code: wrong}
		}, 403, wire.ErrProofFailed},
		{"when the password is wrong, the proof fails", func() wire.ProofRequest {
			ch := signInCode(t, h, k, 4)
			return wire.ProofRequest{Method: wire.MethodPassword, Username: centraltest.Username(4), Password: "Wrong#Pass42",
				ChallengeID: ch.ChallengeID, Code: h.LastCode(t, p.Mobile)}
		}, 403, wire.ErrProofFailed},
		{"when the method is unknown, the request is bad", func() wire.ProofRequest {
			return wire.ProofRequest{Method: "face", IDNumber: p.IDNumber}
		}, 400, wire.ErrBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := c.req()
			var res wire.ProofResponse
			st, e := k.Call(t, "POST", wire.PathProof, req, &res)
			if st != c.status || e.Code != c.code {
				t.Fatalf("got %d %+v, want %d %s", st, e, c.status, c.code)
			}
			if st != 200 {
				return
			}
			if res.IDNumber != p.IDNumber || res.Method != req.Method || !res.ExpiresAt.Equal(h.clock().Add(wire.ProofTTL).Truncate(time.Second)) {
				t.Fatalf("response %+v", res)
			}
			got, err := central.PersonByProof(h.Server, httptest.NewRequest("POST", "/", nil), k.ID, res.Token)
			if err != nil || got.IDNumber != p.IDNumber {
				t.Fatalf("person by proof: %+v %v", got.IDNumber, err)
			}
			if strings.Contains(res.Token, p.IDNumber) || strings.Contains(res.Token, centraltest.Password) {
				t.Fatal("the token carries the ID or the password in the clear")
			}
		})
	}
}

// activateByCard activates p's account with p's bank card, straight in the store.
func activateByCard(t *testing.T, h *centraltest.Central, p backoffice.Person) {
	t.Helper()
	if err := h.Store.Update(context.Background(), func(tx store.Tx) error {
		out, err := backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: "act-card-" + p.IDNumber, Ref: "ACTC" + p.IDNumber, Kind: wire.KindActivation},
			Payload: &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodBankCard, CardPAN: p.CardPAN}}, time.Now())
		if err == nil && out.Status.State != wire.StateCompleted {
			t.Fatalf("activation by card: %+v", out.Status)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestProofSignInCodeSaysNothingOfTheUsername: an unknown username and a wrong
// password get the same answer, and no code is sent for either.
func TestProofSignInCodeSaysNothingOfTheUsername(t *testing.T) {
	h := newProofHarness(t, central.Limits{})
	k := h.Kiosk(t)
	p := h.Account(t, 4, true)
	var bodies []wire.Error
	for _, req := range []wire.OTPSendRegisteredRequest{
		{Purpose: wire.PurposeSignIn, Username: "NoSuchUser9", Password: centraltest.Password},
		{Purpose: wire.PurposeSignIn, Username: centraltest.Username(4), Password: "Wrong#Pass42"},
	} {
		st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, req, nil)
		if st != 403 {
			t.Fatalf("%s: %d %+v, want 403", req.Username, st, e)
		}
		bodies = append(bodies, e)
	}
	if bodies[0] != bodies[1] {
		t.Fatalf("the answers differ: %+v / %+v", bodies[0], bodies[1])
	}
	ch := signInCode(t, h, k, 4)
	if ch.MaskedMobile != wire.MaskMobile(p.Mobile) || strings.Contains(ch.MaskedMobile, p.Mobile[4:]) {
		t.Fatalf("masked number %q", ch.MaskedMobile)
	}
}

// TestProofChallengeMakesOneToken: a verified sign-in code proves once.
func TestProofChallengeMakesOneToken(t *testing.T) {
	h := newProofHarness(t, central.Limits{})
	k := h.Kiosk(t)
	p := h.Account(t, 4, true)
	ch := signInCode(t, h, k, 4)
	var v wire.OTPVerifyResponse
	if st, e := k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: ch.ChallengeID, Code: h.LastCode(t, p.Mobile)}, &v); st != 200 || !v.Verified {
		t.Fatalf("verify: %d %+v %+v", st, e, v)
	}
	req := wire.ProofRequest{Method: wire.MethodPassword, Username: centraltest.Username(4), Password: centraltest.Password, ChallengeID: ch.ChallengeID}
	if st, e := k.Call(t, "POST", wire.PathProof, req, nil); st != 200 {
		t.Fatalf("first proof: %d %+v", st, e)
	}
	if st, e := k.Call(t, "POST", wire.PathProof, req, nil); st != 403 || e.Code != wire.ErrProofFailed {
		t.Fatalf("second proof with the same code: %d %+v, want 403", st, e)
	}
}

// TestProofTokenHolds: a token is refused once expired, on another kiosk, and
// when changed by a single character; a queued record made while it was valid
// is accepted within the grace.
func TestProofTokenHolds(t *testing.T) {
	h := newProofHarness(t, central.Limits{})
	k, other := h.Kiosk(t), h.Kiosk(t)
	p := h.Account(t, 4, true)
	var res wire.ProofResponse
	if st, e := k.Call(t, "POST", wire.PathProof, fingerProof(p, p.IDNumber), &res); st != 200 {
		t.Fatalf("proof: %d %+v", st, e)
	}
	r := httptest.NewRequest("POST", "/", nil)
	code := func(err error) string {
		if err == nil {
			return ""
		}
		s := err.Error()
		return s[:strings.IndexByte(s, ':')]
	}
	if _, err := central.PersonByProof(h.Server, r, other.ID, res.Token); code(err) != wire.ErrProofExpired {
		t.Fatalf("another kiosk: %v", err)
	}
	for i := len("pt1.") + 2; i < len(res.Token); i += 7 {
		b := []byte(res.Token)
		b[i] ^= 0x01
		if _, err := central.PersonByProof(h.Server, r, k.ID, string(b)); code(err) != wire.ErrProofFailed {
			t.Fatalf("changed at %d: %v", i, err)
		}
	}
	made := h.clock().Add(wire.ProofTTL - time.Second)
	rec := wire.Record{KioskID: k.ID, Created: made}
	h.advance(wire.ProofTTL)
	if _, err := central.PersonByProof(h.Server, r, k.ID, res.Token); code(err) != wire.ErrProofExpired {
		t.Fatalf("expired: %v", err)
	}
	if id, m, err := central.ProofOfRecord(h.Server, rec, res.Token); err != nil || id != p.IDNumber || m != wire.MethodFingerprint {
		t.Fatalf("record made while valid: %q %q %v", id, m, err)
	}
	for name, bad := range map[string]wire.Record{
		"made after the expiry": {KioskID: k.ID, Created: made.Add(time.Minute)},
		"from another kiosk":    {KioskID: other.ID, Created: made},
	} {
		if _, _, err := central.ProofOfRecord(h.Server, bad, res.Token); err == nil {
			t.Fatalf("record %s accepted", name)
		}
	}
	h.advance(central.ProofRecordGrace + time.Second)
	if _, _, err := central.ProofOfRecord(h.Server, rec, res.Token); err == nil {
		t.Fatal("record arriving after the grace accepted")
	}
}

// TestProofLockouts: three failed proofs for one person lock that person's
// method (the fingerprint sharing /v1/fingerprint/match's count), and failures
// from one kiosk are bounded, each with 429 too_many_tries and a Retry-After.
func TestProofLockouts(t *testing.T) {
	t.Run("when three wrong fingers, even the right one is refused", func(t *testing.T) {
		h := newProofHarness(t, central.Limits{})
		k := h.Kiosk(t)
		p := h.Account(t, 4, true)
		for range wire.FingerprintMaxFails {
			if st, e := k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: biometric.SyntheticTemplate("x")}, nil); st != 200 {
				t.Fatalf("match: %d %+v", st, e)
			}
		}
		if st, e := k.Call(t, "POST", wire.PathProof, fingerProof(p, p.IDNumber), nil); st != 429 || e.Code != wire.ErrTooManyTries {
			t.Fatalf("after 3 failed matches: %d %+v", st, e)
		}
		h.advance(wire.FingerprintLockout)
		if st, e := k.Call(t, "POST", wire.PathProof, fingerProof(p, p.IDNumber), nil); st != 200 {
			t.Fatalf("after the lockout: %d %+v", st, e)
		}
	})
	t.Run("when three wrong passwords, the username is locked", func(t *testing.T) {
		h := newProofHarness(t, central.Limits{})
		k := h.Kiosk(t)
		h.Account(t, 4, true)
		wrong := wire.OTPSendRegisteredRequest{Purpose: wire.PurposeSignIn, Username: centraltest.Username(4), Password: "Wrong#Pass42"}
		for range wire.FingerprintMaxFails {
			if st, _ := k.Call(t, "POST", wire.PathOTPSendRegistered, wrong, nil); st != 403 {
				t.Fatalf("wrong password: %d", st)
			}
		}
		right := wrong
		right.Password = centraltest.Password
		if st, e := k.Call(t, "POST", wire.PathOTPSendRegistered, right, nil); st != 429 || e.Code != wire.ErrTooManyTries {
			t.Fatalf("right password after 3 wrong: %d %+v", st, e)
		}
	})
	t.Run("when three cards of another, the person's own card alone is refused too", func(t *testing.T) {
		h := newProofHarness(t, central.Limits{})
		k := h.Kiosk(t)
		p := h.Account(t, 4, true)
		wrong := wire.ProofRequest{Method: wire.MethodBankCard, IDNumber: p.IDNumber, CardPAN: backoffice.SyntheticPerson(8).CardPAN}
		for range wire.FingerprintMaxFails {
			if st, _ := k.Call(t, "POST", wire.PathProof, wrong, nil); st != 403 {
				t.Fatalf("another's card: %d", st)
			}
		}
		alone := wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(4).CardPAN}
		if st, e := k.Call(t, "POST", wire.PathProof, alone, nil); st != 429 || e.Code != wire.ErrTooManyTries {
			t.Fatalf("the own card alone after 3 failures: %d %+v", st, e)
		}
		h.advance(wire.FingerprintLockout)
		if st, e := k.Call(t, "POST", wire.PathProof, alone, nil); st != 200 {
			t.Fatalf("after the lockout: %d %+v", st, e)
		}
	})
	t.Run("when a kiosk tries cards linked to no one, it is refused for everyone", func(t *testing.T) {
		h := newProofHarness(t, central.Limits{ProofFailsPerKiosk: central.Rate{N: 2, Per: time.Hour}})
		k := h.Kiosk(t)
		h.Account(t, 4, true)
		for i := range 2 {
			req := wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(registrySize + 1 + i).CardPAN}
			if st, e := k.Call(t, "POST", wire.PathProof, req, nil); st != 403 || e.Code != wire.ErrCardNotLinked {
				t.Fatalf("a card of no one: %d %+v", st, e)
			}
		}
		own := wire.ProofRequest{Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(4).CardPAN}
		if st, e := k.Call(t, "POST", wire.PathProof, own, nil); st != 429 || e.Code != wire.ErrTooManyTries {
			t.Fatalf("third card from the kiosk: %d %+v", st, e)
		}
	})
	t.Run("when a kiosk fails too often, it is refused for everyone", func(t *testing.T) {
		h := newProofHarness(t, central.Limits{ProofFailsPerKiosk: central.Rate{N: 2, Per: time.Hour}})
		k, other := h.Kiosk(t), h.Kiosk(t)
		p, q := h.Account(t, 4, true), h.Account(t, 8, true)
		for range 2 {
			if st, _ := k.Call(t, "POST", wire.PathProof, fingerProof(p, "x"), nil); st != 403 {
				t.Fatalf("wrong finger: %d", st)
			}
		}
		if st, e := k.Call(t, "POST", wire.PathProof, fingerProof(q, q.IDNumber), nil); st != 429 || e.Code != wire.ErrTooManyTries {
			t.Fatalf("third proof from the kiosk: %d %+v", st, e)
		}
		if st, e := other.Call(t, "POST", wire.PathProof, fingerProof(q, q.IDNumber), nil); st != 200 {
			t.Fatalf("another kiosk: %d %+v", st, e)
		}
	})
}
