package central

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/otp"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// sendCode creates a one-time code for mobile and sends it by SMS: the one way
// codes leave central, for a number the kiosk names (/v1/otp/send) or the one on
// record (/v1/otp/send-registered).
func (s *Server) sendCode(ctx context.Context, mobile, purpose, lang string) (otp.Challenge, error) {
	if s.sms == nil {
		return otp.Challenge{}, fail(http.StatusServiceUnavailable, wire.ErrUnavailable, "no SMS sender configured")
	}
	var ch otp.Challenge
	var code string
	err := s.st.Update(ctx, func(tx store.Tx) (err error) {
		ch, code, err = otp.Send(tx, mobile, purpose, s.now())
		return err
	})
	var rl *otp.RateLimitError
	if errors.As(err, &rl) {
		return ch, &httpError{status: http.StatusTooManyRequests, body: wire.Error{Code: wire.ErrRateLimited,
			Message: "too many codes for this number"}, retryAfter: rl.RetryAfter}
	}
	if err != nil {
		return ch, unavailable(err)
	}
	text := smsText(lang, "sms.otp", code, int(wire.OTPTTL/time.Minute))
	if err := s.sms.Send(ctx, mobile, text); err != nil {
		return ch, &httpError{status: http.StatusServiceUnavailable, body: wire.Error{Code: wire.ErrUnavailable, Message: "SMS not sent"}, cause: err}
	}
	return ch, nil
}

// handleOTPSendRegistered sends a code to the number on record for an account.
func (s *Server) handleOTPSendRegistered(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.OTPSendRegisteredRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.Purpose == wire.PurposeSignIn {
		return s.handleSignInCode(w, r, kioskID, req)
	}
	if req.IDNumber == "" || len(req.IDNumber) > wire.MaxIDLen || req.Purpose != wire.PurposeMobileChange {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "id_number and purpose mobile_change are required")
	}
	var acct backoffice.Account
	var found bool
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		acct, found, err = backoffice.GetAccount(tx, req.IDNumber)
		return err
	}); err != nil {
		return unavailable(err)
	}
	if !found || acct.Mobile == "" {
		return fail(http.StatusConflict, wire.ErrNoAccount, "no account with a mobile number for this ID")
	}
	return s.sendRegistered(w, r, kioskID, acct, req)
}

// sendRegistered sends a code for req.Purpose to the number on record of acct
// and answers with its masked form only.
func (s *Server) sendRegistered(w http.ResponseWriter, r *http.Request, kioskID string, acct backoffice.Account, req wire.OTPSendRegisteredRequest) error {
	ch, err := s.sendCode(r.Context(), acct.Mobile, req.Purpose, req.Language)
	if err != nil {
		return err
	}
	s.log.Info("otp sent to the registered number", "kiosk", kioskID, "purpose", req.Purpose, "challenge", ch.ID)
	writeJSON(w, http.StatusOK, wire.OTPSendRegisteredResponse{ChallengeID: ch.ID, ExpiresAt: ch.Expires.UTC(), MaskedMobile: wire.MaskMobile(acct.Mobile)})
	return nil
}
