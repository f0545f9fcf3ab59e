package wire

import (
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

// Record kinds: the Kind of a Record and the kind its payload is sealed under.
const (
	KindRegistration  = "registration"   // payload Registration
	KindActivation    = "activation"     // payload Activation
	KindMobileChange  = "mobile_change"  // payload MobileChange
	KindAddressUpdate = "address_update" // payload AddressUpdate
	KindDependent     = "dependent"      // payload Dependent
)

// Kinds lists every record kind the central service accepts.
var Kinds = []string{KindRegistration, KindActivation, KindMobileChange, KindAddressUpdate, KindDependent, KindStaffAudit}

// Record is one request a person completed at a kiosk, as pushed to the central
// service. Everything personal is in Sealed; the other fields are routing metadata.
type Record struct {
	// ID is the idempotency key, unique across all kiosks. A record whose ID is
	// already stored is a duplicate. Make it time-ordered with at least 64 random
	// bits (e.g. 16 hex digits of Unix nanoseconds + 16 random hex digits) so stores
	// append rather than insert at random; 1..MaxIDLen of [A-Za-z0-9._:-].
	ID string `json:"id"`
	// Kind is one of the Kind constants; it is bound into the seal.
	Kind string `json:"kind"`
	// KioskID must equal the kiosk ID in the client certificate.
	KioskID string `json:"kiosk_id"`
	// Ref is the reference printed on the person's receipt; GET /v1/status/{ref}.
	Ref string `json:"ref"`
	// Created is when the person completed the request at the kiosk.
	Created time.Time `json:"created"`
	// KeyID names the central sealing key (seal.PublicKey.ID) Sealed was sealed to.
	KeyID string `json:"key_id"`
	// Sealed is seal.PublicKey.Seal(ID, Kind, JSON payload); base64 in JSON.
	Sealed []byte `json:"sealed"`
}

// PushRequest is the body of POST /v1/records.
type PushRequest struct {
	Records []Record `json:"records"`
}

// Push statuses, one per record in a PushResponse.
const (
	StatusAccepted  = "accepted"  // stored durably now; the kiosk may drop it
	StatusDuplicate = "duplicate" // already stored (earlier, or earlier in this batch); treat as delivered
	StatusRejected  = "rejected"  // will never be accepted as sent; park as "needs attention"
)

// Reject codes in PushResult.Code when Status is StatusRejected.
const (
	RejectInvalid       = "invalid_record" // empty or oversized ID/Ref/KeyID/Sealed, zero Created
	RejectUnknownKind   = "unknown_kind"   // Kind is not one of Kinds
	RejectKioskMismatch = "kiosk_mismatch" // KioskID is not the certificate's kiosk
	RejectUnknownKey    = "unknown_key"    // KeyID names no sealing key of this central
	RejectOpenFailed    = "open_failed"    // ciphertext does not open: tampered, or wrong ID/kind/key
	RejectBadPayload    = "bad_payload"    // opened, but the payload is not valid JSON of its kind
)

// PushResult is the central service's answer for one record, in request order.
type PushResult struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Code   string `json:"code,omitempty"`   // reject code when rejected
	Reason string `json:"reason,omitempty"` // English detail for operators, no personal data
}

// PushResponse is the 200 body of POST /v1/records: one result per record, in order.
// The service answers only after every accepted record is durably stored.
type PushResponse struct {
	Results []PushResult `json:"results"`
}

// Request states in RequestStatus.State: the business outcome of a delivered record.
const (
	StateReceived  = "received"  // stored; not yet applied
	StateCompleted = "completed" // applied to the back office
	StateDeclined  = "declined"  // applied, but the back office refused it; see Code
)

// Decline codes in RequestStatus.Code when State is StateDeclined.
const (
	DeclineNotInRegistry    = "not_in_registry"      // the ID number is not in the population registry
	DeclineDetailsMismatch  = "details_mismatch"     // birth date or nationality does not match the registry
	DeclineAccountExists    = "account_exists"       // registration for an ID that already has an account
	DeclineUsernameTaken    = "username_taken"       // registration with a username already in use
	DeclineNoAccount        = "no_account"           // the request needs an account that does not exist
	DeclineMobileTaken      = "mobile_taken"         // the mobile number belongs to another person
	DeclineFingerprint      = "fingerprint_mismatch" // the fingerprint does not match the one on record
	DeclineNoFingerprint    = "no_fingerprint"       // no fingerprint on record: activation needs one
	DeclineCardMismatch     = "card_mismatch"        // the bank card does not belong to the person
	DeclineOTPNotVerified   = "otp_not_verified"     // the named one-time code was not verified for this number
	DeclineInvalid          = "invalid"              // a field fails validation (format, missing)
	DeclineDependentUnknown = "dependent_unknown"    // the dependent's ID is not in the registry
	DeclineDependentExists  = "dependent_exists"     // the dependent is already on the record
	// DeclineAlreadyActive is an activation of an account that is active
	// already: nothing changed, and the person is told so rather than
	// "activated" (an ATM's card-alone activation learns it only here).
	DeclineAlreadyActive = "already_active"
)

// RequestStatus is the 200 body of GET /v1/status/{ref}.
type RequestStatus struct {
	Ref      string    `json:"ref"`
	Kind     string    `json:"kind"`
	State    string    `json:"state"`
	Code     string    `json:"code,omitempty"` // decline code
	Received time.Time `json:"received"`
	Updated  time.Time `json:"updated"`
}

// SealingKeyFor returns the key a kiosk should seal new records to: the first key in
// keys (newest first, as Config lists them) that is valid at now.
func SealingKeyFor(keys []seal.PublicKey, now time.Time) (seal.PublicKey, bool) {
	for _, k := range keys {
		if k.Valid(now) == nil {
			return k, true
		}
	}
	return seal.PublicKey{}, false
}
