package wire

import (
	"strings"
	"time"
)

// Fingerprint match limits. After FingerprintMaxFails failed matches for one ID
// number, POST /v1/fingerprint/match answers 429 ErrTooManyTries (with Retry-After)
// until FingerprintLockout has passed since the last failure: a stolen ID card
// cannot be tried against the sensor with finger after finger. A match clears the
// count. Kiosks apply the same limit locally so that a person is told at once,
// even while central cannot be reached.
const (
	FingerprintMaxFails = 3
	FingerprintLockout  = 15 * time.Minute
)

// ErrTooManyTries is the code of 429 on /v1/fingerprint/match: too many failed
// matches for this ID number; see Retry-After.
const ErrTooManyTries = "too_many_tries"

// PathOTPSendRegistered sends a one-time code to the mobile number on record for
// an account, which the kiosk does not know: the person proves they still hold
// the old SIM before changing the number. POST OTPSendRegisteredRequest ->
// OTPSendRegisteredResponse; 409 no_account when there is no account, 429
// rate_limited as for PathOTPSend.
const PathOTPSendRegistered = "/v1/otp/send-registered"

// OTPSendRegisteredRequest is the body of POST /v1/otp/send-registered. Purpose
// is PurposeMobileChange with IDNumber, or PurposeSignIn with Username and
// Password instead (the second step of MethodPassword: central sends the code
// only once the password is right, and answers 403 proof_failed alike for an
// unknown username and a wrong password).
type OTPSendRegisteredRequest struct {
	IDNumber string `json:"id_number,omitempty"`
	Purpose  string `json:"purpose"`
	Language string `json:"language,omitempty"` // of the SMS: "ar" or "en"
	// PurposeSignIn only: the account's username and password (never logged).
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
}

// OTPSendRegisteredResponse is the 200 body of POST /v1/otp/send-registered.
// MaskedMobile shows the person which number the code went to ("05•••••123").
type OTPSendRegisteredResponse struct {
	ChallengeID  string    `json:"challenge_id"`
	ExpiresAt    time.Time `json:"expires_at"`
	MaskedMobile string    `json:"masked_mobile"`
}

// MaskMobile hides all but the first two and last three digits of a number,
// a Saudi one in its local form: "+966551234567" -> "05•••••567". It is the one
// masking of mobile numbers, for screens, receipts and central's answers.
func MaskMobile(e164 string) string {
	s := e164
	if strings.HasPrefix(s, "+9665") {
		s = "0" + s[4:]
	}
	if len(s) < 7 {
		return strings.Repeat("•", len(s))
	}
	return s[:2] + strings.Repeat("•", len(s)-5) + s[len(s)-3:]
}
