package central_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/ca"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestEnrollment(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		anon := centraltest.Anonymous(h.URL, h.CA)
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		csr := centraltest.CSR(t, key)
		used, _ := h.Admin.EnrollCode(context.Background(), 0)
		if st, e := anon.Call(t, "POST", wire.PathEnroll, wire.EnrollRequest{Code: used, CSR: csr}, nil); st != 200 {
			t.Fatalf("first use of a code: %d %+v", st, e)
		}
		fresh, _ := h.Admin.EnrollCode(context.Background(), 0)
		expired, _ := h.Admin.EnrollCode(context.Background(), time.Nanosecond)
		time.Sleep(time.Millisecond)
		tests := []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"a used code is refused", wire.EnrollRequest{Code: used, CSR: csr}, 403, wire.ErrEnrollCodeInvalid},
			{"an expired code is refused", wire.EnrollRequest{Code: expired, CSR: csr}, 403, wire.ErrEnrollCodeInvalid},
			{"an unknown code is refused", wire.EnrollRequest{Code: "AAAA-BBBB-CCCC", CSR: csr}, 403, wire.ErrEnrollCodeInvalid},
			{"a garbage CSR is refused", wire.EnrollRequest{Code: fresh, CSR: "not a csr"}, 400, wire.ErrBadRequest},
			{"a malformed body is refused", []byte(`{"code":`), 400, wire.ErrBadRequest},
			{"a code typed in lower case without dashes works", wire.EnrollRequest{Code: strings.ToLower(strings.ReplaceAll(fresh, "-", "")), CSR: csr}, 200, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st, e := anon.Call(t, "POST", wire.PathEnroll, tt.body, nil)
				if st != tt.status || e.Code != tt.code {
					t.Fatalf("got %d %+v, want %d %s", st, e, tt.status, tt.code)
				}
			})
		}
		ks, _ := h.Admin.Kiosks(context.Background())
		if len(ks) != 2 {
			t.Fatalf("%d kiosks enrolled, want 2", len(ks))
		}
	})
}

func TestKioskAuthentication(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		good := h.Kiosk(t)
		revoked := h.Kiosk(t)
		if err := h.Admin.Revoke(context.Background(), revoked.ID); err != nil {
			t.Fatal(err)
		}
		// A certificate from this CA for a kiosk that was never enrolled.
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		certPEM, _, err := h.Server.CA().SignCSR([]byte(centraltest.CSR(t, key)), "kiosk-ghost", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ghost := centraltest.KioskWith(t, h.URL, h.CA, "kiosk-ghost", certPEM, key)
		// A certificate from another CA: the handshake itself fails.
		other, _ := ca.New(time.Now())
		foreignPEM, _, _ := other.SignCSR([]byte(centraltest.CSR(t, key)), good.ID, time.Now())
		foreign := centraltest.KioskWith(t, h.URL, h.CA, good.ID, foreignPEM, key)
		anon := centraltest.Anonymous(h.URL, h.CA)
		tests := []struct {
			name   string
			k      *centraltest.Kiosk
			path   string
			status int
			code   string
		}{
			{"an enrolled kiosk is served", good, wire.PathPing, 200, ""},
			{"no client certificate is refused", anon, wire.PathPing, 401, wire.ErrUnauthenticated},
			{"a revoked kiosk is refused", revoked, wire.PathPing, 403, wire.ErrKioskRevoked},
			{"a revoked kiosk cannot pull config", revoked, wire.PathConfig, 403, wire.ErrKioskRevoked},
			{"an unknown kiosk is refused", ghost, wire.PathPing, 403, wire.ErrKioskUnknown},
			{"a foreign CA's certificate fails the handshake", foreign, wire.PathPing, 0, "transport"},
			{"health needs no certificate", anon, wire.PathHealthz, 200, ""},
			{"readiness needs no certificate", anon, wire.PathReadyz, 200, ""},
			{"metrics need no certificate", anon, wire.PathMetrics, 200, ""},
			{"an unknown path is 404", good, "/v1/nope", 404, wire.ErrNotFound},
			{"a known path with the wrong method is 405", good, wire.PathRecords, 405, wire.ErrMethodNotAllowed},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st, e := tt.k.Call(t, "GET", tt.path, nil, nil)
				if st != tt.status || e.Code != tt.code {
					t.Fatalf("got %d %+v, want %d %s", st, e, tt.status, tt.code)
				}
			})
		}
		if st, _, e := revoked.Push(t, good.Record(t, wire.KindAddressUpdate, &wire.AddressUpdate{})); st != 403 || e.Code != wire.ErrKioskRevoked {
			t.Fatalf("push by a revoked kiosk: %d %+v", st, e)
		}
		if n := h.Records(t); n != 0 {
			t.Fatalf("%d records stored from refused kiosks", n)
		}
	})
}

// TestJourney walks one synthetic person through every service over mTLS.
func TestJourney(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		const i = 4 // a citizen with a fingerprint on record
		p := backoffice.SyntheticPerson(i)
		reg := centraltest.Registration(i)

		var lookup wire.IDLookupResponse
		k.Call(t, "POST", wire.PathIDLookup, wire.IDLookupRequest{IDNumber: p.IDNumber}, &lookup)
		if !lookup.InRegistry || lookup.HasAccount || lookup.MaskedName.EN != "T*** C*** 4***" {
			t.Fatalf("lookup before registration: %+v", lookup)
		}
		var owner wire.MobileCheckResponse
		k.Call(t, "POST", wire.PathMobileCheck, wire.MobileCheckRequest{Mobile: p.Mobile, IDNumber: backoffice.SyntheticPerson(5).IDNumber}, &owner)
		if owner.Owner != wire.OwnerOther {
			t.Fatalf("someone else's number: owner %q", owner.Owner)
		}

		// One-time code to the registered number, read from the development SMS file.
		var sent wire.OTPSendResponse
		if st, e := k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: reg.Mobile, Purpose: wire.PurposeRegistration}, &sent); st != 200 {
			t.Fatalf("otp send: %d %+v", st, e)
		}
		var ver wire.OTPVerifyResponse
		k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, reg.Mobile)}, &ver)
		if !ver.Verified {
			t.Fatalf("otp verify: %+v", ver)
		}
		reg.OTPVerified, reg.OTPChallenge = true, sent.ChallengeID

		steps := []struct {
			name string
			kind string
			body any
			want wire.RequestStatus
		}{
			{"registration completes", wire.KindRegistration, reg, wire.RequestStatus{State: wire.StateCompleted}},
			{"a second registration of the ID is declined", wire.KindRegistration, centraltest.Registration(i), wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineAccountExists}},
			{"activation with another person's bank card is declined", wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodBankCard, CardPAN: backoffice.SyntheticPerson(6).CardPAN, CardMasked: bankcard.Mask(backoffice.SyntheticPerson(6).CardPAN)}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineCardMismatch}},
			{"activation with the person's bank card completes", wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodBankCard, CardPAN: p.CardPAN, CardMasked: bankcard.Mask(p.CardPAN)}, wire.RequestStatus{State: wire.StateCompleted}},
			{"activation with another finger is declined", wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate("someone else")}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineFingerprint}},
			// Proven, but active already (by the card): nothing changes, and the person is told so.
			{"activation with the person's finger of the active account is declined already_active", wire.KindActivation, &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineAlreadyActive}},
			{"a mobile change without a verified new number is declined", wire.KindMobileChange, &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: "+971501234567", NewMobileOTP: "otp-none", Proof: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineOTPNotVerified}},
			{"an address update completes", wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber, Address: wire.Address{BuildingNumber: "1234", Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"}, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateCompleted}},
			{"a malformed address is declined", wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber, Address: wire.Address{BuildingNumber: "12"}, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineInvalid}},
			{"a dependent in the registry is added", wire.KindDependent, &wire.Dependent{IDNumber: p.IDNumber, DependentIDNumber: backoffice.SyntheticPerson(6).IDNumber, Relationship: wire.RelationSpouse, DependentBirthDate: backoffice.SyntheticPerson(6).BirthHijri, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateCompleted}},
			{"the same dependent again is declined", wire.KindDependent, &wire.Dependent{IDNumber: p.IDNumber, DependentIDNumber: backoffice.SyntheticPerson(6).IDNumber, Relationship: wire.RelationSpouse, DependentBirthDate: backoffice.SyntheticPerson(6).BirthHijri, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineDependentExists}},
			{"a registration with a weak password is declined", wire.KindRegistration, func() *wire.Registration {
				r := centraltest.Registration(8)
				r.Password = "password"
				return r
			}(), wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineInvalid}},
			{"a registration with a username lacking digits is declined", wire.KindRegistration, func() *wire.Registration {
				r := centraltest.Registration(8)
				r.Username = "TestUserEight"
				return r
			}(), wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineInvalid}},
			{"a registration for an unknown ID is declined", wire.KindRegistration, &wire.Registration{IDType: wire.IDCitizen, IDNumber: "1999999996", Mobile: "+966559999999", Email: "nobody@example.com", Username: "Nobody123", Password: "Str0ng!Pass#", Language: "ar", BirthDate: wire.Date{Calendar: wire.CalendarHijri, Year: 1400, Month: 1, Day: 1}}, wire.RequestStatus{State: wire.StateDeclined, Code: wire.DeclineNotInRegistry}},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				rec := k.Record(t, s.kind, s.body)
				st, resp, e := k.Push(t, rec)
				if st != 200 || resp.Results[0].Status != wire.StatusAccepted {
					t.Fatalf("push: %d %+v %+v", st, resp, e)
				}
				got := k.Status(t, rec.Ref)
				if got.State != s.want.State || got.Code != s.want.Code || got.Kind != s.kind {
					t.Fatalf("status %+v, want %s %s", got, s.want.State, s.want.Code)
				}
			})
		}

		// The lost-SIM case: verify the new number, prove with the fingerprint.
		newMobile := "+971501234567"
		k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: newMobile, Purpose: wire.PurposeMobileChange, Language: "en"}, &sent)
		k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, newMobile)}, &ver)
		rec := k.Record(t, wire.KindMobileChange, &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: newMobile, NewMobileOTP: sent.ChallengeID,
			Proof: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)})
		k.Push(t, rec)
		if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
			t.Fatalf("mobile change: %+v", st)
		}
		k.Call(t, "POST", wire.PathMobileCheck, wire.MobileCheckRequest{Mobile: newMobile, IDNumber: p.IDNumber}, &owner)
		if owner.Owner != wire.OwnerSelf {
			t.Fatalf("new number owner %q", owner.Owner)
		}
		k.Call(t, "POST", wire.PathIDLookup, wire.IDLookupRequest{IDNumber: p.IDNumber}, &lookup)
		if !lookup.HasAccount || !lookup.Active {
			t.Fatalf("lookup after activation: %+v", lookup)
		}

		// Live fingerprint match and a digital ID that verifies with the pulled keys.
		var fm wire.FingerprintMatchResponse
		noisy := biometric.SyntheticTemplate(p.IDNumber)
		noisy[3] ^= 0x11
		k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: noisy}, &fm)
		if !fm.Match || fm.Score >= 1 {
			t.Fatalf("noisy read of the right finger: %+v", fm)
		}
		var d1, d2 wire.DigitalID
		k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: noisy}, &d1)
		k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: noisy}, &d2)
		if d1.QR == "" || d1.QR == d2.QR {
			t.Fatal("each digital ID must carry a fresh QR code")
		}
		r := digitalid.Verify(d1.QR, trustedKeys(t, h, k.Config), time.Now())
		if r.Verdict != digitalid.Valid || r.Holder.FullName != "مواطن تجريبي ٤" || r.Holder.ID != p.IDNumber || r.Copy ||
			r.ExpiresAt.Sub(r.IssuedAt) != digitalid.ScreenTTL || !d1.ExpiresAt.Equal(r.ExpiresAt) {
			t.Fatalf("digital ID: %v %v %+v", r.Verdict, r.Err, r)
		}
		var printed wire.DigitalID
		k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: noisy, Copy: true}, &printed)
		if r := digitalid.Verify(printed.QR, trustedKeys(t, h, k.Config), time.Now().Add(29*24*time.Hour)); r.Verdict != digitalid.Valid || !r.Copy || !printed.Copy {
			t.Fatalf("printed copy 29 days on: %v %v copy=%v", r.Verdict, r.Err, r.Copy)
		}
		if st, e := k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber, FingerprintTemplate: biometric.SyntheticTemplate("x")}, nil); st != 403 || e.Code != wire.ErrFingerprintMismatch {
			t.Fatalf("digital ID with a wrong finger: %d %+v", st, e)
		}
		// A proof token central did not issue proves nobody; no proof at all is a bad request.
		if st, e := k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber, ProofToken: "made-up"}, nil); st != 403 || e.Code != wire.ErrProofFailed {
			t.Fatalf("digital ID with a made-up proof token: %d %+v", st, e)
		}
		if st, e := k.Call(t, "POST", wire.PathDigitalID, wire.DigitalIDRequest{IDNumber: p.IDNumber}, nil); st != 400 || e.Code != wire.ErrBadRequest {
			t.Fatalf("digital ID with no proof: %d %+v", st, e)
		}
		if st, e := k.Call(t, "GET", wire.PathStatus+"R-unknown", nil, nil); st != 404 || e.Code != wire.ErrNotFound {
			t.Fatalf("unknown ref: %d %+v", st, e)
		}
	})
}

func TestBadRequestsStoreNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		valid := func() wire.Record { return k.Record(t, wire.KindRegistration, centraltest.Registration(2)) }
		tampered := valid()
		tampered.Sealed[len(tampered.Sealed)-3] ^= 0x40
		swapped := valid()
		swapped.ID = centraltest.NewID() // sealed for another record ID
		wrongKey := valid()
		wrongKey.KeyID = "seal-19990101-deadbeef"
		otherKiosk := valid()
		otherKiosk.KioskID = "kiosk-someone"
		kindSwap := valid()
		kindSwap.Kind = wire.KindActivation
		unknownKind := valid()
		unknownKind.Kind = "transfer"
		noID := valid()
		noID.ID = ""
		badRef := valid()
		badRef.Ref = "R 1/../x"
		garbage := k.Record(t, wire.KindActivation, map[string]any{"id_number": 5})
		big := make([]byte, wire.MaxBodyBytes+10)
		for i := range big {
			big[i] = ' '
		}
		tooMany := make([]wire.Record, wire.MaxBatchRecords+1)
		for i := range tooMany {
			tooMany[i] = valid()
		}
		batch := func(recs ...wire.Record) []byte {
			b, _ := json.Marshal(wire.PushRequest{Records: recs})
			return b
		}
		tests := []struct {
			name   string
			body   []byte
			ctype  string
			status int
			code   string // error code, or reject code when status is 200
		}{
			{"a malformed body is refused", []byte(`{"records":[{"id":`), "", 400, wire.ErrBadRequest},
			{"a body with trailing data is refused", append(batch(valid()), []byte(`{}`)...), "", 400, wire.ErrBadRequest},
			{"an oversized body is refused", big, "", 413, wire.ErrBodyTooLarge},
			{"too many records are refused", batch(tooMany...), "", 400, wire.ErrBatchTooLarge},
			{"an empty batch is refused", batch(), "", 400, wire.ErrBadRequest},
			{"a non-JSON content type is refused", batch(valid()), "text/plain", 415, wire.ErrUnsupportedMedia},
			{"tampered ciphertext is rejected", batch(tampered), "", 200, wire.RejectOpenFailed},
			{"a payload sealed for another record ID is rejected", batch(swapped), "", 200, wire.RejectOpenFailed},
			{"a payload sealed for another kind is rejected", batch(kindSwap), "", 200, wire.RejectOpenFailed},
			{"an unknown key ID is rejected", batch(wrongKey), "", 200, wire.RejectUnknownKey},
			{"another kiosk's record is rejected", batch(otherKiosk), "", 200, wire.RejectKioskMismatch},
			{"an unknown kind is rejected", batch(unknownKind), "", 200, wire.RejectUnknownKind},
			{"a record without ID is rejected", batch(noID), "", 200, wire.RejectInvalid},
			{"a reference with spaces and slashes is rejected", batch(badRef), "", 200, wire.RejectInvalid},
			{"a payload of the wrong shape is rejected", batch(garbage), "", 200, wire.RejectBadPayload},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req, _ := http.NewRequest("POST", h.URL+wire.PathRecords, bytes.NewReader(tt.body))
				req.Header.Set("Content-Type", wire.ContentType)
				if tt.ctype != "" {
					req.Header.Set("Content-Type", tt.ctype)
				}
				resp, err := k.HTTP.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				data, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != tt.status {
					t.Fatalf("status %d (%s), want %d", resp.StatusCode, data, tt.status)
				}
				if tt.status != 200 {
					var e wire.Error
					if json.Unmarshal(data, &e); e.Code != tt.code || e.Message == "" {
						t.Fatalf("error %+v, want code %s", e, tt.code)
					}
					return
				}
				var pr wire.PushResponse
				json.Unmarshal(data, &pr)
				if len(pr.Results) != 1 || pr.Results[0].Status != wire.StatusRejected || pr.Results[0].Code != tt.code {
					t.Fatalf("results %+v, want rejected %s", pr.Results, tt.code)
				}
			})
		}
		if n := h.Records(t); n != 0 {
			t.Fatalf("%d records stored by refused requests, want 0", n)
		}
		// A rejected record beside a good one does not stop the good one.
		good := valid()
		_, pr, _ := k.Push(t, tampered, good)
		if pr.Results[0].Status != wire.StatusRejected || pr.Results[1].Status != wire.StatusAccepted {
			t.Fatalf("mixed batch: %+v", pr.Results)
		}
		if n := h.Records(t); n != 1 {
			t.Fatalf("%d records stored, want 1", n)
		}
	})
}

func TestReplayedBatchChangesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		var recs []wire.Record
		for i := 1; i <= 20; i++ {
			recs = append(recs, k.Record(t, wire.KindRegistration, centraltest.Registration(i)))
		}
		// The same ID twice within one batch counts once.
		recs = append(recs, recs[0])
		// Several deliveries of the same batch at once, as after a lost response.
		var wg gosync.WaitGroup
		accepted := make([]int, len(recs))
		var mu gosync.Mutex
		for range 4 {
			wg.Go(func() {
				st, resp, e := k.Push(t, recs...)
				// A kiosk has at most two pushes in flight: central refuses a third
				// with 503 busy, and the kiosk sends it again, as here.
				for st == http.StatusServiceUnavailable && e.Code == wire.ErrBusy {
					time.Sleep(10 * time.Millisecond)
					st, resp, e = k.Push(t, recs...)
				}
				if st != 200 {
					t.Errorf("push: %d %+v", st, e)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				for i, r := range resp.Results {
					switch r.Status {
					case wire.StatusAccepted:
						accepted[i]++
					case wire.StatusDuplicate:
					default:
						t.Errorf("record %d: %+v", i, r)
					}
				}
			})
		}
		wg.Wait()
		for i, n := range accepted[:20] {
			if n != 1 {
				t.Fatalf("record %d accepted %d times, want exactly once", i, n)
			}
		}
		if accepted[20] != 0 {
			t.Fatal("the repeated ID within the batch was accepted")
		}
		_, resp, _ := k.Push(t, recs...)
		for _, r := range resp.Results {
			if r.Status != wire.StatusDuplicate {
				t.Fatalf("replay: %+v", r)
			}
		}
		if n := h.Records(t); n != 20 {
			t.Fatalf("%d records stored, want 20", n)
		}
		// Applied once each: a second application would have declined account_exists.
		for _, r := range recs[:20] {
			if st := k.Status(t, r.Ref); st.State != wire.StateCompleted {
				t.Fatalf("record %s: %+v", r.ID, st)
			}
		}
	})
}

// trustedKeys opens the trust list of cfg as a kiosk does: with the pinned CA.
func trustedKeys(t testing.TB, h *centraltest.Central, cfg wire.Config) []digitalid.Key {
	t.Helper()
	block, _ := pem.Decode(h.Server.CA().CertPEM())
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := digitalid.OpenTrustList(cfg.DigitalIDTrust, cert.PublicKey.(*ecdsa.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := tl.KeysAt(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestIssuerKeyRotation(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		ctx := context.Background()
		k := h.Kiosk(t)
		p := backoffice.SyntheticPerson(3).IDNumber
		before, err := h.Admin.IssueID(ctx, p, 0)
		if err != nil {
			t.Fatal(err)
		}
		oldKeys := trustedKeys(t, h, k.Config)
		if len(oldKeys) != 1 {
			t.Fatalf("a fresh central trusts %d issuer keys, want 1", len(oldKeys))
		}
		if _, err := h.Admin.RotateIDKey(ctx); err != nil {
			t.Fatal(err)
		}
		var cfg wire.Config
		if st, _ := k.Call(t, "GET", wire.PathConfig+"?since="+itoa(k.Config.Version), nil, &cfg); st != 200 {
			t.Fatalf("config after an issuer key rotation: %d, want 200", st)
		}
		keys := trustedKeys(t, h, cfg)
		if len(keys) != 2 || string(keys[1].ID) != string(oldKeys[0].ID) || string(keys[0].ID) == string(oldKeys[0].ID) {
			t.Fatalf("after rotation the list must hold the new key then the old one: %+v", keys)
		}
		after, err := h.Admin.IssueID(ctx, p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		for name, qr := range map[string]string{"before": before, "after": after} {
			if r := digitalid.Verify(qr, keys, time.Now()); r.Verdict != digitalid.Valid || !r.Copy {
				t.Fatalf("credential issued %s rotation: %v %v", name, r.Verdict, r.Err)
			}
		}
		if r := digitalid.Verify(after, oldKeys, time.Now()); r.Verdict != digitalid.UnknownKey {
			t.Fatalf("a kiosk with the old list must not know the new key: %v", r.Verdict)
		}
		// The old key is trusted until its last copy expires, then dropped.
		if r := digitalid.Verify(before, keys, time.Now().Add(digitalid.DefaultCopyTTL+time.Hour)); r.Verdict != digitalid.UnknownKey {
			t.Fatalf("the old key past its last copy: %v", r.Verdict)
		}
		listed, err := h.Admin.IssuerKeys(ctx)
		if err != nil || len(listed) != 2 || string(listed[0].KID) != string(keys[0].ID) {
			t.Fatalf("IssuerKeys = %+v, %v", listed, err)
		}
		if _, err := h.Admin.IssueID(ctx, "1999999999", 0); !errors.Is(err, central.ErrNoPerson) {
			t.Fatalf("IssueID of a stranger: %v", err)
		}
	})
}

func TestIssuerKeyRotatesWhenDue(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		ctx := context.Background()
		now := time.Now()
		a := &central.Admin{Store: h.Store, Now: func() time.Time { return now }}
		before, err := a.IssuerKeys(ctx)
		if err != nil || len(before) != 1 {
			t.Fatalf("IssuerKeys = %+v, %v", before, err)
		}
		tests := []struct {
			name    string
			age     time.Duration
			rotates bool
		}{
			{"a key just made is kept", 0, false},
			{"a key a day before its renewal is kept", central.IssuerKeyValidity - central.IssuerKeyRenewBefore - 24*time.Hour, false},
			{"a key at its renewal is replaced", central.IssuerKeyValidity - central.IssuerKeyRenewBefore, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				now = before[0].NotBefore.Add(tt.age)
				id, err := a.RotateIDKeyIfDue(ctx)
				if err != nil || (id != "") != tt.rotates {
					t.Fatalf("RotateIDKeyIfDue = %q, %v; want rotated=%v", id, err, tt.rotates)
				}
			})
		}
		after, err := a.IssuerKeys(ctx)
		if err != nil || len(after) != 2 || string(after[1].KID) != string(before[0].KID) {
			t.Fatalf("after the due rotation: %+v, %v", after, err)
		}
		if id, _ := a.RotateIDKeyIfDue(ctx); id != "" {
			t.Fatal("a fresh key must not rotate again")
		}
	})
}

func TestKeyRotation(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		oldVersion, oldKey := k.Config.Version, k.Config.SealingKeys[0].ID
		if st, _ := k.Call(t, "GET", wire.PathConfig+"?since="+itoa(oldVersion), nil, nil); st != http.StatusNotModified {
			t.Fatalf("config at the current version: %d, want 304", st)
		}
		sealedToOld := k.Record(t, wire.KindRegistration, centraltest.Registration(8))
		newKey, err := h.Admin.RotateKey(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var cfg wire.Config
		if st, _ := k.Call(t, "GET", wire.PathConfig+"?since="+itoa(oldVersion), nil, &cfg); st != 200 {
			t.Fatalf("config after rotation: %d", st)
		}
		if cfg.Version <= oldVersion || len(cfg.SealingKeys) != 1 || cfg.SealingKeys[0].ID != newKey || newKey == oldKey {
			t.Fatalf("config after rotation: v%d keys %+v", cfg.Version, cfg.SealingKeys)
		}
		_, resp, _ := k.Push(t, sealedToOld)
		if resp.Results[0].Status != wire.StatusAccepted {
			t.Fatalf("record sealed to the retired key: %+v", resp.Results[0])
		}
		k.Config = cfg
		_, resp, _ = k.Push(t, k.Record(t, wire.KindRegistration, centraltest.Registration(10)))
		if resp.Results[0].Status != wire.StatusAccepted {
			t.Fatalf("record sealed to the new key: %+v", resp.Results[0])
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestOneTimeCodesOverHTTP(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		mobile := "+966551234567"
		var sent wire.OTPSendResponse
		k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: mobile, Purpose: wire.PurposeRegistration}, &sent)
		code := h.LastCode(t, mobile)
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		tests := []struct {
			name string
			req  any
			st   int
			want wire.OTPVerifyResponse
		}{
			{"a wrong code leaves 4 tries", wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: wrong}, 200, wire.OTPVerifyResponse{Result: wire.OTPWrong, TriesLeft: 4}},
			{"the right code verifies", wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: code}, 200, wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK, TriesLeft: 4}},
			{"an unknown challenge is unknown", wire.OTPVerifyRequest{ChallengeID: "otp-x", Code: code}, 200, wire.OTPVerifyResponse{Result: wire.OTPUnknown}},
			{"a 5-digit code is a bad request", wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: "12345"}, 400, wire.OTPVerifyResponse{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got wire.OTPVerifyResponse
				st, _ := k.Call(t, "POST", wire.PathOTPVerify, tt.req, &got)
				if st != tt.st || got != tt.want {
					t.Fatalf("got %d %+v, want %d %+v", st, got, tt.st, tt.want)
				}
			})
		}
		for range wire.OTPSendsPerWindow - 1 {
			k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: mobile, Purpose: wire.PurposeRegistration}, nil)
		}
		req, _ := http.NewRequest("POST", h.URL+wire.PathOTPSend, strings.NewReader(`{"mobile":"`+mobile+`","purpose":"registration"}`))
		req.Header.Set("Content-Type", wire.ContentType)
		resp, err := k.HTTP.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("send over the limit: %d Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if st, e := k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: "0550000001", Purpose: wire.PurposeRegistration}, nil); st != 400 || e.Code != wire.ErrBadRequest {
			t.Fatalf("a local-format number: %d %+v", st, e)
		}
	})
}

func TestMetricsCountRecords(t *testing.T) {
	h := newHarness(t, boltOpen)
	k := h.Kiosk(t)
	k.Push(t, k.Record(t, wire.KindRegistration, centraltest.Registration(2)), k.Record(t, "nope", centraltest.Registration(3)))
	resp, err := k.HTTP.Get(h.URL + wire.PathMetrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{
		`bawaba_records_total{status="accepted"} 1`,
		`bawaba_records_total{status="rejected"} 1`,
		`bawaba_push_batch_seconds_count 1`,
		`bawaba_http_requests_total{route="records",code="200"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}
