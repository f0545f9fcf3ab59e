package wire

import "time"

// OTP purposes: a code is verified only for the purpose it was sent for.
const (
	PurposeRegistration = "registration"
	PurposeMobileChange = "mobile_change"
)

// OTPSendRequest is the body of POST /v1/otp/send. The central service sends a
// 6-digit code by SMS to Mobile; 429 rate_limited when the number had too many.
type OTPSendRequest struct {
	Mobile  string `json:"mobile"` // E.164
	Purpose string `json:"purpose"`
	// Language of the SMS text: "ar" or "en".
	Language string `json:"language,omitempty"`
}

// OTPSendResponse is the 200 body of POST /v1/otp/send.
type OTPSendResponse struct {
	// ChallengeID names this code; the kiosk sends it back to verify, and puts it in
	// the sealed payload (OTPChallenge fields) as proof of the verified number.
	ChallengeID string    `json:"challenge_id"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// OTPVerifyRequest is the body of POST /v1/otp/verify.
type OTPVerifyRequest struct {
	ChallengeID string `json:"challenge_id"`
	Code        string `json:"code"`
}

// OTP verify outcomes in OTPVerifyResponse.Result.
const (
	OTPOK        = "ok"        // verified
	OTPWrong     = "wrong"     // wrong code; TriesLeft more tries
	OTPExpired   = "expired"   // older than OTPTTL: send a new one
	OTPExhausted = "exhausted" // OTPMaxTries wrong tries: send a new one
	OTPUnknown   = "unknown"   // no such challenge
)

// OTPVerifyResponse is the 200 body of POST /v1/otp/verify; a wrong code is a normal
// answer, not an HTTP error.
type OTPVerifyResponse struct {
	Verified  bool   `json:"verified"`
	Result    string `json:"result"`
	TriesLeft int    `json:"tries_left"`
}

// IDLookupRequest is the body of POST /v1/id/lookup (POST so that the ID number is
// never in a URL or an access log).
type IDLookupRequest struct {
	IDNumber string `json:"id_number"`
}

// IDLookupResponse tells the kiosk whether an ID is known and has an account. The
// names are masked ("م*** ت***" / "T*** C***"), for the person to confirm only.
type IDLookupResponse struct {
	InRegistry     bool   `json:"in_registry"`
	HasAccount     bool   `json:"has_account"`
	Active         bool   `json:"active"` // account activated
	HasFingerprint bool   `json:"has_fingerprint"`
	MaskedName     Text   `json:"masked_name"`
	IDType         string `json:"id_type,omitempty"`
}

// MobileCheckRequest is the body of POST /v1/mobile/check: does Mobile belong to
// someone other than IDNumber?
type MobileCheckRequest struct {
	Mobile   string `json:"mobile"`
	IDNumber string `json:"id_number"`
}

// Mobile owners in MobileCheckResponse.Owner.
const (
	OwnerNone  = "none"  // no account uses this number
	OwnerSelf  = "self"  // the account of IDNumber uses it
	OwnerOther = "other" // another person's account uses it: refuse
)

// MobileCheckResponse is the 200 body of POST /v1/mobile/check.
type MobileCheckResponse struct {
	Owner string `json:"owner"`
}

// FingerprintMatchRequest is the body of POST /v1/fingerprint/match.
type FingerprintMatchRequest struct {
	IDNumber string `json:"id_number"`
	Template []byte `json:"template"` // base64 in JSON; see docs/protocol.md for the format
}

// FingerprintMatchResponse is the 200 body of POST /v1/fingerprint/match; 404
// not_found when the ID is not in the registry or has no fingerprint on record.
type FingerprintMatchResponse struct {
	Match bool    `json:"match"`
	Score float64 `json:"score"` // 0..1 (identity/biometric.MatchScore); Match when Score >= biometric.Threshold
}

// DigitalIDRequest is the body of POST /v1/digital-id. The person is proven by
// ProofToken (from POST /v1/proof, for this kiosk, not expired), so the screen
// renews the credential every minute without a new fingerprint; for kiosks of
// before proof tokens, FingerprintTemplate is still accepted in its place. Each
// call issues a fresh signed credential, living digitalid.ScreenTTL (60 s) to be
// shown, or central's copy lifetime (setting digital_id_copy_days, default 30)
// when Copy asks for one to print. With a token, IDNumber may be empty; when
// given it must be the token's.
type DigitalIDRequest struct {
	IDNumber            string `json:"id_number,omitempty"`
	ProofToken          string `json:"proof_token,omitempty"`
	FingerprintTemplate []byte `json:"fingerprint_template,omitempty"`
	Copy                bool   `json:"copy,omitempty"`
}
