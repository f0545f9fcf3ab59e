package central

import (
	"context"
	"errors"
	"net/http"
	"strings"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/otp"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Proving a person live (POST /v1/proof): the three ways a kiosk proves who is
// in front of it, each ending in a proof token (prooftoken.go) that the live
// calls acting for the person take instead of a fingerprint of their own.
//
// Every way needs an activated account: a token is for the services of an
// account holder (the digital ID, the address, dependents), and activation
// itself proves the person its own way.
//
// Failures are bounded twice: per kiosk (Limits.ProofFailsPerKiosk, failures
// only) and per person (wire.FingerprintMaxFails failures, then
// wire.FingerprintLockout), the fingerprint sharing /v1/fingerprint/match's
// count (s.fingers) and the card and the password each counted apart
// (s.proofLock). Both answer 429 too_many_tries with Retry-After.

// ProofRecordGrace is how long after a proof token's expiry a queued record
// made with it (its Created at or before the expiry) is still accepted: a kiosk
// that proved the person live and then lost the network delivers the request
// when it comes back, within this bound.
const ProofRecordGrace = 7 * 24 * time.Hour

// proofFailed is the 403 of a proof that does not hold.
func proofFailed(msg string) *httpError { return fail(http.StatusForbidden, wire.ErrProofFailed, msg) }

// tooManyTries is the 429 of a lockout.
func tooManyTries(msg string, left time.Duration) *httpError {
	return &httpError{status: http.StatusTooManyRequests, body: wire.Error{Code: wire.ErrTooManyTries, Message: msg},
		retryAfter: max(left, time.Second)}
}

// failedProof reports whether err is a proof that did not hold (counted against
// the kiosk): a card linked to no one is one too, as trying card numbers is
// guessing.
func failedProof(err error) bool {
	var he *httpError
	return errors.As(err, &he) && (he.body.Code == wire.ErrProofFailed || he.body.Code == wire.ErrCardNotLinked)
}

func (s *Server) handleProof(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.ProofRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	defer clear(req.FingerprintTemplate)
	if left := s.limits.proofFails.wait(kioskID); left > 0 {
		return tooManyTries("too many failed proofs from this kiosk", left)
	}
	var id string
	var err error
	switch req.Method {
	case wire.MethodFingerprint:
		if err := s.limits.fingerprint.check(kioskID, "too many fingerprint checks from this kiosk"); err != nil {
			return err
		}
		id, err = s.proveFinger(r.Context(), req)
	case wire.MethodBankCard:
		id, err = s.proveCard(r.Context(), req)
	case wire.MethodPassword:
		id, err = s.provePassword(r.Context(), req)
	default:
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "method must be fingerprint, bank_card or password")
	}
	if err != nil {
		if failedProof(err) {
			s.limits.proofFails.allow(kioskID)
			s.log.Info("proof failed", "kiosk", kioskID, "method", req.Method)
		}
		return err
	}
	exp := s.now().Add(wire.ProofTTL).Truncate(time.Second).UTC()
	tok := mintProofToken(s.keys.proofKey(), proofClaims{KioskID: kioskID, IDNumber: id, Method: req.Method, Expires: exp})
	s.log.Info("person proven", "kiosk", kioskID, "method", req.Method)
	writeJSON(w, http.StatusOK, wire.ProofResponse{Token: tok, IDNumber: id, Method: req.Method, ExpiresAt: exp})
	return nil
}

// activePerson loads the person and their account; 403 proof_failed when the ID
// is not in the registry, 409 no_account when there is no activated account.
func (s *Server) activePerson(ctx context.Context, id string) (backoffice.Person, backoffice.Account, error) {
	var p backoffice.Person
	var a backoffice.Account
	var inReg, hasAcct bool
	if err := s.st.View(ctx, func(tx store.Tx) (err error) {
		if p, inReg, err = backoffice.GetPerson(tx, id); err != nil {
			return err
		}
		a, hasAcct, err = backoffice.GetAccount(tx, id)
		return err
	}); err != nil {
		return p, a, unavailable(err)
	}
	if !inReg {
		return p, a, proofFailed("this ID is not proven")
	}
	if !hasAcct || !a.Active {
		return p, a, fail(http.StatusConflict, wire.ErrNoAccount, "this needs an activated account")
	}
	return p, a, nil
}

func (s *Server) proveFinger(ctx context.Context, req wire.ProofRequest) (string, error) {
	id := req.IDNumber
	if id == "" || len(id) > wire.MaxIDLen || len(req.FingerprintTemplate) == 0 {
		return "", fail(http.StatusBadRequest, wire.ErrBadRequest, "id_number and fingerprint_template are required")
	}
	if left := s.fingers.locked(id, s.now()); left > 0 {
		return "", tooManyTries("too many failed fingerprint matches for this ID", left)
	}
	p, _, err := s.activePerson(ctx, id)
	if err != nil {
		return "", err
	}
	match, _, has := backoffice.FingerprintMatches(p, req.FingerprintTemplate)
	if !has {
		return "", fail(http.StatusConflict, wire.ErrNoFingerprintOnRecord, "no fingerprint on record")
	}
	s.fingers.record(id, match, s.now())
	if !match {
		return "", proofFailed("the fingerprint does not match the one on record")
	}
	return id, nil
}

// proveCard proves the person by the bank card the back office links to them:
// the holder of IDNumber when the kiosk sends one (older kiosks, and an ATM
// offline asks for it anyway), else whoever the card is linked to
// (backoffice.CardHolder), whose ID the response then names. A card alone that
// is linked to no one is 403 card_not_linked, counted against the kiosk like a
// failed proof; an expired card (CardExpiry, when sent) is 403 card_expired.
// The per-person lockout is the same for both: a person locked out by failed
// card proofs with their ID is not proven by a card alone either.
func (s *Server) proveCard(ctx context.Context, req wire.ProofRequest) (string, error) {
	id := req.IDNumber
	if len(id) > wire.MaxIDLen || req.CardPAN == "" || len(req.CardPAN) > bankcard.MaxPANLen || len(req.CardExpiry) > 4 {
		return "", fail(http.StatusBadRequest, wire.ErrBadRequest, "card_pan is required")
	}
	if req.CardExpiry != "" && bankcard.Expired(req.CardExpiry, s.now()) {
		return "", fail(http.StatusForbidden, wire.ErrCardExpired, "this card has expired")
	}
	if id == "" {
		var holder backoffice.Person
		var found bool
		if err := s.st.View(ctx, func(tx store.Tx) (err error) {
			holder, found, err = backoffice.CardHolder(tx, req.CardPAN)
			return err
		}); err != nil {
			return "", unavailable(err)
		}
		if !found {
			return "", fail(http.StatusForbidden, wire.ErrCardNotLinked, "this card is not linked to a person")
		}
		id = holder.IDNumber
	}
	key := "card:" + id
	if left := s.proofLock.locked(key, s.now()); left > 0 {
		return "", tooManyTries("too many failed card proofs for this ID", left)
	}
	p, _, err := s.activePerson(ctx, id)
	if err != nil {
		return "", err
	}
	if req.IDNumber == "" {
		return id, nil // CardHolder matched the card against the person's own token
	}
	var ok bool
	if err := s.st.View(ctx, func(tx store.Tx) (err error) {
		ok, err = backoffice.CardMatches(tx, p, req.CardPAN)
		return err
	}); err != nil {
		return "", unavailable(err)
	}
	s.proofLock.record(key, ok, s.now())
	if !ok {
		return "", proofFailed("this card is not linked to this ID")
	}
	return id, nil
}

// provePassword proves the account holder by username, password and a code
// sent to the number on record (/v1/otp/send-registered with PurposeSignIn):
// Code verifies the challenge here, or, empty, the challenge must have been
// verified by /v1/otp/verify. A challenge makes one token: it is deleted once
// used.
func (s *Server) provePassword(ctx context.Context, req wire.ProofRequest) (string, error) {
	if req.ChallengeID == "" || len(req.ChallengeID) > wire.MaxIDLen || (req.Code != "" && len(req.Code) != wire.OTPDigits) {
		return "", fail(http.StatusBadRequest, wire.ErrBadRequest, "username, password and challenge_id are required")
	}
	acct, err := s.signIn(ctx, req.Username, req.Password)
	if err != nil {
		return "", err
	}
	var verified bool
	if err := s.st.Update(ctx, func(tx store.Tx) error {
		c, err := otp.Get(tx, req.ChallengeID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if c.Mobile != acct.Mobile || c.Purpose != wire.PurposeSignIn {
			return nil
		}
		if req.Code != "" {
			if _, err := otp.Verify(tx, req.ChallengeID, req.Code, s.now()); err != nil {
				return err
			}
		}
		if verified, err = otp.Verified(tx, req.ChallengeID, acct.Mobile, wire.PurposeSignIn); err != nil || !verified {
			return err
		}
		return tx.Delete(store.OTPs, req.ChallengeID)
	}); err != nil {
		return "", unavailable(err)
	}
	if !verified {
		return "", proofFailed("the code sent to the registered number was not verified")
	}
	return acct.IDNumber, nil
}

// signIn checks a username and password; 403 proof_failed alike for an
// unknown username and a wrong password (the same work is done for both), 409
// no_account for an account not activated yet, 429 after repeated failures for
// the username.
func (s *Server) signIn(ctx context.Context, username, password string) (backoffice.Account, error) {
	if username == "" || password == "" || len(username) > 64 || len(password) > 128 {
		return backoffice.Account{}, fail(http.StatusBadRequest, wire.ErrBadRequest, "username and password are required")
	}
	key := "user:" + strings.ToLower(username)
	if left := s.proofLock.locked(key, s.now()); left > 0 {
		return backoffice.Account{}, tooManyTries("too many failed sign-ins for this username", left)
	}
	var acct backoffice.Account
	var found bool
	if err := s.st.View(ctx, func(tx store.Tx) error {
		id, err := tx.Get(store.Usernames, strings.ToLower(username))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		acct, found, err = backoffice.GetAccount(tx, string(id))
		return err
	}); err != nil {
		return acct, unavailable(err)
	}
	hash := acct.PasswordHash
	if !found {
		hash = s.dummyHash()
	}
	select {
	case s.hashSlot <- struct{}{}:
	case <-ctx.Done():
		return acct, unavailable(ctx.Err())
	}
	ok := backoffice.CheckPassword(hash, password) && found
	<-s.hashSlot
	s.proofLock.record(key, ok, s.now())
	switch {
	case !ok:
		return acct, proofFailed("the username or the password is not right")
	case !acct.Active:
		return acct, fail(http.StatusConflict, wire.ErrNoAccount, "this needs an activated account")
	}
	return acct, nil
}

var (
	dummyOnce gosync.Once
	dummy     string
)

// dummyHash is a password hash at the service's work factor that no password
// is checked true against on purpose: an unknown username costs what a wrong
// password costs, so timing does not tell them apart.
func (s *Server) dummyHash() string {
	dummyOnce.Do(func() { dummy, _ = backoffice.HashPassword("not a password", s.iter) })
	return dummy
}

// handleSignInCode is /v1/otp/send-registered with PurposeSignIn: once the
// username and password are right, a code goes to the account's number.
func (s *Server) handleSignInCode(w http.ResponseWriter, r *http.Request, kioskID string, req wire.OTPSendRegisteredRequest) error {
	if left := s.limits.proofFails.wait(kioskID); left > 0 {
		return tooManyTries("too many failed proofs from this kiosk", left)
	}
	acct, err := s.signIn(r.Context(), req.Username, req.Password)
	if failedProof(err) {
		s.limits.proofFails.allow(kioskID)
		s.log.Info("sign-in failed", "kiosk", kioskID)
	}
	if err != nil {
		return err
	}
	if acct.Mobile == "" {
		return fail(http.StatusConflict, wire.ErrNoAccount, "no mobile number on record")
	}
	return s.sendRegistered(w, r, kioskID, acct, req)
}

// personByProof is the person a live call acts for: the holder named by a
// proof token this central made for this kiosk, not expired. 403 proof_failed
// for a token that is not one of ours (or was changed), 403 proof_expired for
// one past its expiry or made for another kiosk (the person proves again).
func (s *Server) personByProof(r *http.Request, kioskID, token string) (backoffice.Person, error) {
	c, err := verifyProofToken(s.keys.proofKey(), token)
	if err != nil {
		return backoffice.Person{}, proofFailed("proof token not valid")
	}
	if c.KioskID != kioskID || !s.now().Before(c.Expires) {
		return backoffice.Person{}, fail(http.StatusForbidden, wire.ErrProofExpired, "proof token expired or for another kiosk")
	}
	return s.personFor(r, c.IDNumber)
}

// errRecordProof is returned by proofOfRecord; apply declines the record.
var errRecordProof = errors.New("central: the record's proof token does not hold")

// proofOfRecord checks the proof token a queued record cites and returns the ID
// number it proves. The rule: the token is this central's (MAC), made for the
// kiosk that sent the record, the record was made (Created) at or before the
// token's expiry, and it arrives within ProofRecordGrace after that expiry. A
// request made while the person was proven is thus accepted when it arrives
// later; a kiosk's clock cannot stretch a token beyond the grace.
func (s *Server) proofOfRecord(rec wire.Record, token string) (idNumber, method string, err error) {
	c, err := verifyProofToken(s.keys.proofKey(), token)
	switch {
	case err != nil:
		return "", "", errors.Join(errRecordProof, err)
	case c.KioskID != rec.KioskID, rec.Created.After(c.Expires), s.now().After(c.Expires.Add(ProofRecordGrace)):
		return "", "", errRecordProof
	}
	return c.IDNumber, c.Method, nil
}
