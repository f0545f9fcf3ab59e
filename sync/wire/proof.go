package wire

import "time"

// PathProof is where a kiosk proves a person live and gets a proof token.
const PathProof = "/v1/proof" // POST ProofRequest -> ProofResponse

// MethodPassword is the third way to prove a person (beside MethodFingerprint and
// MethodBankCard): the account's username and password, then a code sent to the
// mobile number on record (PurposeSignIn).
const MethodPassword = "password"

// PurposeSignIn is the OTP purpose of the code that completes MethodPassword.
const PurposeSignIn = "sign_in"

// ProofTTL is how long a proof token lets the kiosk act for the person in live
// calls: long enough for one session at the kiosk, short enough that a token left
// behind is soon worthless.
const ProofTTL = 10 * time.Minute

// ProofRequest is the body of POST /v1/proof: one of the three ways a person
// proves they are the holder of IDNumber (or, for MethodBankCard and
// MethodPassword, who they are at all: IDNumber may then be empty and central
// answers with the ID on record).
type ProofRequest struct {
	Method   string `json:"method"` // MethodFingerprint, MethodBankCard or MethodPassword
	IDNumber string `json:"id_number,omitempty"`
	// MethodFingerprint: the template from the kiosk's sensor.
	FingerprintTemplate []byte `json:"fingerprint_template,omitempty"`
	// MethodBankCard: the card number from the magnetic stripe or chip (never
	// logged; central keeps only its keyed token). With IDNumber empty the card
	// alone names the person: central answers with the ID the back office links
	// the card to (ProofResponse.IDNumber), or 403 ErrCardNotLinked.
	CardPAN string `json:"card_pan,omitempty"`
	// CardExpiry is the card's expiry as read (YYMM, bankcard.Expired's rule);
	// central refuses an expired card with 403 ErrCardExpired. Optional: kiosks
	// before it sent none.
	CardExpiry string `json:"card_expiry,omitempty"`
	// MethodPassword: the account's username and password, and the code sent to
	// the number on record (ChallengeID from /v1/otp/send-registered with
	// PurposeSignIn) with the Code the person typed.
	Username    string `json:"username,omitempty"`
	Password    string `json:"password,omitempty"`
	ChallengeID string `json:"challenge_id,omitempty"`
	Code        string `json:"code,omitempty"`
}

// ProofResponse is the 200 body of POST /v1/proof. Token is opaque to the kiosk:
// it names the person, the kiosk and the method, expires at ExpiresAt, and is
// accepted by the live calls that act for the person (ProofToken fields) and in
// the sealed payload of a request made while it was valid. The kiosk holds it in
// memory only and forgets it when the session ends.
type ProofResponse struct {
	Token     string    `json:"token"`
	IDNumber  string    `json:"id_number"`
	Method    string    `json:"method"`
	ExpiresAt time.Time `json:"expires_at"`
}

// ErrProofFailed is the error code of POST /v1/proof (403) when the
// fingerprint, card or password does not prove the person (the body's message
// says which). Its other errors beyond the common ones: 409 ErrNoAccount when
// the method needs an account there is none of; 429 ErrTooManyTries after
// repeated failures (Retry-After).
const ErrProofFailed = "proof_failed"

// More errors of POST /v1/proof and of the calls that take a proof token.
const (
	// ErrProofExpired (403): the proof token is past its expiry, or was made for
	// another kiosk: the person proves again.
	ErrProofExpired = "proof_expired"
	// ErrNoFingerprintOnRecord (409): MethodFingerprint for a person with no
	// fingerprint on record; another method may work.
	ErrNoFingerprintOnRecord = "no_fingerprint"
	// ErrCardNotLinked (403): MethodBankCard with the card alone (no IDNumber)
	// and the back office links the card to no one; counted as a failed proof
	// of the kiosk. With an IDNumber a card that is not that person's is
	// ErrProofFailed, as older kiosks expect.
	ErrCardNotLinked = "card_not_linked"
	// ErrCardExpired (403): MethodBankCard with a CardExpiry before the current
	// month.
	ErrCardExpired = "card_expired"
)
