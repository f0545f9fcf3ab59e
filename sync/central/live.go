package central

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/otp"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

func unavailable(err error) *httpError {
	return &httpError{status: http.StatusServiceUnavailable, body: wire.Error{Code: wire.ErrUnavailable, Message: "storage unavailable"}, cause: err}
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request, _ string) error {
	var since int64 = -1
	if v := r.URL.Query().Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fail(http.StatusBadRequest, wire.ErrBadRequest, "since must be an integer")
		}
		since = n
	}
	var cfg wire.Config
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		cfg, err = buildConfig(tx, s.ca)
		return err
	}); err != nil {
		return unavailable(err)
	}
	if since == cfg.Version {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeJSON(w, http.StatusOK, cfg)
	return nil
}

func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request, _ string) error {
	ref := r.PathValue("ref")
	if !validID(ref) {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "malformed reference")
	}
	var b []byte
	err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		b, err = tx.Get(store.Statuses, ref)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return fail(http.StatusNotFound, wire.ErrNotFound, "no request with that reference")
	}
	if err != nil {
		return unavailable(err)
	}
	var st wire.RequestStatus
	if err := json.Unmarshal(b, &st); err != nil {
		return internal(err)
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) handlePing(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var cfg wire.Config
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		var sc storedConfig
		err = getMeta(tx, metaConfig, &sc)
		cfg.Version = sc.Version
		return err
	}); err != nil {
		return unavailable(err)
	}
	writeJSON(w, http.StatusOK, wire.Pong{KioskID: kioskID, Time: s.now().UTC(), ConfigVersion: cfg.Version})
	return nil
}

func (s *Server) handleOTPSend(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.OTPSendRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if !identity.IsE164Mobile(req.Mobile) {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "mobile must be E.164")
	}
	if req.Purpose != wire.PurposeRegistration && req.Purpose != wire.PurposeMobileChange {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "unknown purpose")
	}
	ch, err := s.sendCode(r.Context(), req.Mobile, req.Purpose, req.Language)
	if err != nil {
		return err
	}
	s.log.Info("otp sent", "kiosk", kioskID, "challenge", ch.ID)
	writeJSON(w, http.StatusOK, wire.OTPSendResponse{ChallengeID: ch.ID, ExpiresAt: ch.Expires.UTC()})
	return nil
}

func (s *Server) handleOTPVerify(w http.ResponseWriter, r *http.Request, _ string) error {
	var req wire.OTPVerifyRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.ChallengeID == "" || len(req.Code) != wire.OTPDigits {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "challenge_id and a 6-digit code are required")
	}
	// The per-person limit is on the mobile number the code went to, whichever
	// kiosk asks: codes of several challenges, or from several kiosks, add up.
	var mobile string
	if err := s.st.View(r.Context(), func(tx store.Tx) error {
		c, err := otp.Get(tx, req.ChallengeID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		mobile = c.Mobile
		return err
	}); err != nil {
		return unavailable(err)
	}
	if mobile != "" {
		if err := s.limits.otpPerson.check(mobile, "too many code checks for this number"); err != nil {
			return err
		}
	}
	var res wire.OTPVerifyResponse
	if err := s.st.Update(r.Context(), func(tx store.Tx) (err error) {
		res, err = otp.Verify(tx, req.ChallengeID, req.Code, s.now())
		return err
	}); err != nil {
		return unavailable(err)
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) handleIDLookup(w http.ResponseWriter, r *http.Request, _ string) error {
	var req wire.IDLookupRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.IDNumber == "" || len(req.IDNumber) > wire.MaxIDLen {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "id_number is required")
	}
	var res wire.IDLookupResponse
	err := s.st.View(r.Context(), func(tx store.Tx) error {
		p, found, err := backoffice.GetPerson(tx, req.IDNumber)
		if err != nil || !found {
			return err
		}
		res.InRegistry, res.IDType, res.MaskedName, res.HasFingerprint = true, p.IDType, p.Masked(), len(p.Fingerprint) > 0
		a, found, err := backoffice.GetAccount(tx, req.IDNumber)
		res.HasAccount, res.Active = found, found && a.Active
		return err
	})
	if err != nil {
		return unavailable(err)
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) handleMobileCheck(w http.ResponseWriter, r *http.Request, _ string) error {
	var req wire.MobileCheckRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if !identity.IsE164Mobile(req.Mobile) {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "mobile must be E.164")
	}
	var owner string
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		owner, err = backoffice.MobileOwner(tx, req.Mobile)
		return err
	}); err != nil {
		return unavailable(err)
	}
	res := wire.MobileCheckResponse{Owner: wire.OwnerNone}
	switch {
	case owner == "":
	case owner == req.IDNumber:
		res.Owner = wire.OwnerSelf
	default:
		res.Owner = wire.OwnerOther
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// personFor loads the person for a live call; 404 when unknown.
func (s *Server) personFor(r *http.Request, id string) (backoffice.Person, error) {
	var p backoffice.Person
	var found bool
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		p, found, err = backoffice.GetPerson(tx, id)
		return err
	}); err != nil {
		return p, unavailable(err)
	}
	if !found {
		return p, fail(http.StatusNotFound, wire.ErrNotFound, "ID not in the registry")
	}
	return p, nil
}

func (s *Server) handleFingerprint(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.FingerprintMatchRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.IDNumber == "" || len(req.Template) == 0 {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "id_number and template are required")
	}
	if left := s.fingers.locked(req.IDNumber, s.now()); left > 0 {
		return &httpError{status: http.StatusTooManyRequests, body: wire.Error{Code: wire.ErrTooManyTries,
			Message: "too many failed fingerprint matches for this ID"}, retryAfter: left}
	}
	p, err := s.personFor(r, req.IDNumber)
	if err != nil {
		return err
	}
	match, score, has := backoffice.FingerprintMatches(p, req.Template)
	if !has {
		return fail(http.StatusNotFound, wire.ErrNotFound, "no fingerprint on record")
	}
	s.fingers.record(req.IDNumber, match, s.now())
	s.log.Info("fingerprint matched", "kiosk", kioskID, "match", match)
	writeJSON(w, http.StatusOK, wire.FingerprintMatchResponse{Match: match, Score: score})
	return nil
}

func (s *Server) handleDigitalID(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.DigitalIDRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	var p backoffice.Person
	switch {
	case req.ProofToken != "":
		// The person proven at POST /v1/proof: the screen renews its credential
		// every minute with the token, no new fingerprint each time.
		var err error
		if p, err = s.personByProof(r, kioskID, req.ProofToken); err != nil {
			return err
		}
		if req.IDNumber != "" && req.IDNumber != p.IDNumber {
			return fail(http.StatusForbidden, wire.ErrProofFailed, "the proof token is for another ID")
		}
	case req.IDNumber != "" && len(req.FingerprintTemplate) > 0:
		// Kiosks of before proof tokens send the fingerprint with every call;
		// it is matched below, once the account is known to be active.
		var err error
		if p, err = s.personFor(r, req.IDNumber); err != nil {
			return err
		}
	default:
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "proof_token, or id_number and fingerprint_template, are required")
	}
	var acct backoffice.Account
	var hasAcct bool
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		acct, hasAcct, err = backoffice.GetAccount(tx, p.IDNumber)
		return err
	}); err != nil {
		return unavailable(err)
	}
	if !hasAcct || !acct.Active {
		return fail(http.StatusConflict, wire.ErrNoAccount, "the digital ID needs an activated account")
	}
	if req.ProofToken == "" {
		if match, _, _ := backoffice.FingerprintMatches(p, req.FingerprintTemplate); !match {
			return fail(http.StatusForbidden, wire.ErrFingerprintMismatch, "fingerprint does not match the one on record")
		}
	}
	is, ok := s.keys.issuerKey()
	if !ok {
		return internal(errors.New("central: no issuer key"))
	}
	ttl := digitalid.ScreenTTL
	if req.Copy {
		var sc storedConfig
		if err := s.st.View(r.Context(), func(tx store.Tx) error { return getMeta(tx, metaConfig, &sc) }); err != nil {
			return unavailable(err)
		}
		ttl = copyTTL(sc.Settings)
	}
	d, err := issueDigitalID(is, p, s.now(), ttl, req.Copy)
	if err != nil {
		return internal(err)
	}
	s.log.Info("digital id issued", "kiosk", kioskID, "copy", req.Copy)
	writeJSON(w, http.StatusOK, d)
	return nil
}

// issueDigitalID signs a credential for p and returns it with its display fields.
func issueDigitalID(is digitalid.Issuer, p backoffice.Person, now time.Time, ttl time.Duration, isCopy bool) (wire.DigitalID, error) {
	h := digitalid.Holder{
		ID: p.IDNumber, FullName: p.Name.AR, Language: digitalid.LanguageArabic,
		SecondaryFullName: p.Name.EN, SecondaryLanguage: digitalid.LanguageEnglish,
		BirthDate:   digitalid.Date{Year: p.BirthGregorian.Year, Month: p.BirthGregorian.Month, Day: p.BirthGregorian.Day},
		Nationality: p.Nationality,
	}
	if h.FullName == "" { // a registry line with an English name only
		h.FullName, h.Language, h.SecondaryFullName = p.Name.EN, digitalid.LanguageEnglish, ""
	}
	o := digitalid.Options{Now: now, TTL: ttl, Copy: isCopy}
	if !isCopy { // on screen: keep the QR to version 12 (digitalid.ScreenQRChars)
		o.MaxChars = digitalid.ScreenQRChars
	}
	c, err := is.Issue(h, o)
	if err != nil {
		return wire.DigitalID{}, err
	}
	return wire.DigitalID{QR: c.QR, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt, Copy: isCopy,
		IDNumber: p.IDNumber, IDType: p.IDType, Name: p.Name, BirthGregorian: p.BirthGregorian,
		BirthHijri: p.BirthHijri, Nationality: p.Nationality}, nil
}
