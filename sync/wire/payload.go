package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/bawaba/bawaba/identity/bankcard"
)

// Identity types in Registration.IDType.
const (
	IDCitizen  = "citizen"  // national ID, 10 digits starting with 1
	IDResident = "resident" // iqama, 10 digits starting with 2
	IDBorder   = "border"   // border number for new arrivals, 10 digits starting with 3 or 4
	IDVisitor  = "visitor"  // passport number + nationality
	IDGCC      = "gcc"      // GCC national ID + nationality
)

// Calendars of a Date.
const (
	CalendarHijri     = "hijri"
	CalendarGregorian = "gregorian"
)

// Date is a calendar date as the person entered it, in the calendar they chose.
type Date struct {
	Calendar string `json:"calendar"`
	Year     int    `json:"year"`
	Month    int    `json:"month"`
	Day      int    `json:"day"`
}

// Activation and proof methods.
const (
	MethodFingerprint = "fingerprint" // template from the kiosk's sensor
	MethodBankCard    = "bank_card"   // ATM: the bank card (and its PIN, checked by the bank)
	ProofOTPOld       = "otp_old"     // mobile change: code verified on the old number
)

// Registration is the sealed payload of KindRegistration: a new account.
type Registration struct {
	IDType      string `json:"id_type"`
	IDNumber    string `json:"id_number"`
	Nationality string `json:"nationality"` // ISO 3166-1 alpha-2, e.g. "SA"
	BirthDate   Date   `json:"birth_date"`
	Mobile      string `json:"mobile"` // E.164
	Email       string `json:"email,omitempty"`
	Username    string `json:"username"`
	// Password is the chosen password in clear; it exists only inside the sealed
	// payload. Central stores a salted PBKDF2-SHA256 hash and drops it.
	Password     string `json:"password"`
	Language     string `json:"language"` // "ar" or "en"
	TermsVersion string `json:"terms_version"`
	// OTPVerified says the kiosk verified a code sent to Mobile live; OTPChallenge is
	// that code's ChallengeID, which central checks. When false (queued offline) the
	// account is created with its mobile unverified.
	OTPVerified  bool   `json:"otp_verified"`
	OTPChallenge string `json:"otp_challenge,omitempty"`
}

// Activation is the sealed payload of KindActivation.
type Activation struct {
	IDNumber            string `json:"id_number"`
	Method              string `json:"method"` // MethodFingerprint or MethodBankCard
	FingerprintTemplate []byte `json:"fingerprint_template,omitempty"`
	// CardPAN is the bank card's number. It exists only inside the sealed payload:
	// central turns it into its token (identity/bankcard.Token) under its secret key and keeps only that.
	// CardMasked is the masked number for receipts ("400000******0001").
	CardPAN    string `json:"card_pan,omitempty"`
	CardMasked string `json:"card_masked,omitempty"`
}

// String is masked, so a PAN cannot reach a log through %v.
func (a Activation) String() string {
	return fmt.Sprintf("wire.Activation{method=%s card=%s}", a.Method, bankcard.Mask(a.CardPAN))
}

// GoString is masked.
func (a Activation) GoString() string { return a.String() }

// LogValue is masked and leaves out the ID number and template.
func (a Activation) LogValue() slog.Value {
	return slog.GroupValue(slog.String("method", a.Method), slog.String("card", bankcard.Mask(a.CardPAN)))
}

// MobileChange is the sealed payload of KindMobileChange. NewMobileOTP proves the new
// number; Proof says how the person proved themselves: a code on the old number
// (ProofOTPOld, OldMobileOTP) or, when the old SIM is lost, central's proof token
// (ProofByToken, ProofToken: the person proven live at POST /v1/proof, the
// request made while the token was valid). Records of kiosks from before proof
// tokens carry the fingerprint taken at a kiosk (MethodFingerprint) or the bank
// card read at an ATM (MethodBankCard, CardPAN as in Activation) instead.
type MobileChange struct {
	IDNumber            string `json:"id_number"`
	NewMobile           string `json:"new_mobile"` // E.164, any country code
	NewMobileOTP        string `json:"new_mobile_otp"`
	Proof               string `json:"proof"` // ProofOTPOld, ProofByToken, MethodFingerprint or MethodBankCard
	OldMobileOTP        string `json:"old_mobile_otp,omitempty"`
	ProofToken          string `json:"proof_token,omitempty"`
	FingerprintTemplate []byte `json:"fingerprint_template,omitempty"`
	// CardPAN exists only inside the sealed payload (see Activation.CardPAN).
	CardPAN    string `json:"card_pan,omitempty"`
	CardMasked string `json:"card_masked,omitempty"`
}

// String is masked, so a PAN cannot reach a log through %v.
func (m MobileChange) String() string {
	return fmt.Sprintf("wire.MobileChange{proof=%s card=%s}", m.Proof, bankcard.Mask(m.CardPAN))
}

// GoString is masked.
func (m MobileChange) GoString() string { return m.String() }

// LogValue is masked and leaves out the ID, the numbers, the token and the template.
func (m MobileChange) LogValue() slog.Value {
	return slog.GroupValue(slog.String("proof", m.Proof), slog.String("card", bankcard.Mask(m.CardPAN)))
}

// Address is a national address.
type Address struct {
	BuildingNumber   string `json:"building_number"` // 4 digits
	Street           string `json:"street"`
	District         string `json:"district"`
	City             string `json:"city"`
	PostalCode       string `json:"postal_code"`       // 5 digits
	AdditionalNumber string `json:"additional_number"` // 4 digits
	ShortAddress     string `json:"short_address,omitempty"`
	// CityCode and DistrictCode name the places picked from identity/places
	// ("riyadh", "riyadh.olaya"); City and District hold their Arabic names.
	// Empty in addresses stored before the pickers.
	CityCode     string `json:"city_code,omitempty"`
	DistrictCode string `json:"district_code,omitempty"`
}

// AddressUpdate is the sealed payload of KindAddressUpdate. It carries the proof
// the person gave: ProofToken when central proved them live (POST /v1/proof),
// FingerprintTemplate when they were proven offline at a kiosk, CardPAN when
// offline at an ATM (see Activation.CardPAN). Exactly one is set.
type AddressUpdate struct {
	IDNumber            string  `json:"id_number"`
	Address             Address `json:"address"`
	FingerprintTemplate []byte  `json:"fingerprint_template"`
	ProofToken          string  `json:"proof_token,omitempty"`
	CardPAN             string  `json:"card_pan,omitempty"`
}

// Relationships of a Dependent.
const (
	RelationSpouse    = "spouse"
	RelationChild     = "child"
	RelationParent    = "parent"
	RelationSponsored = "sponsored" // domestic worker or other sponsored person
)

// Dependent is the sealed payload of KindDependent: add a dependent or sponsored
// person to the record of IDNumber. The person proves who they are with exactly one
// of ProofToken (proven live, the request made while the token was valid),
// FingerprintTemplate (a kiosk offline) or CardPAN (an ATM offline).
type Dependent struct {
	IDNumber            string `json:"id_number"`
	DependentIDNumber   string `json:"dependent_id_number"`
	Relationship        string `json:"relationship"`
	DependentBirthDate  Date   `json:"dependent_birth_date"`
	FingerprintTemplate []byte `json:"fingerprint_template"`
	// DependentIDType is the dependent's kind of ID (IDCitizen, IDResident,
	// IDBorder); empty in records from before it was sent: any kind then.
	DependentIDType string `json:"dependent_id_type,omitempty"`
	ProofToken      string `json:"proof_token,omitempty"`
	// CardPAN exists only inside the sealed payload (see Activation.CardPAN).
	CardPAN string `json:"card_pan,omitempty"`
}

// String is masked, so a PAN or an ID cannot reach a log through %v.
func (d Dependent) String() string {
	return fmt.Sprintf("wire.Dependent{relationship=%s card=%s}", d.Relationship, bankcard.Mask(d.CardPAN))
}

// GoString is masked.
func (d Dependent) GoString() string { return d.String() }

// LogValue is masked and leaves out the ID numbers, the date, the template and the token.
func (d Dependent) LogValue() slog.Value {
	return slog.GroupValue(slog.String("relationship", d.Relationship), slog.String("card", bankcard.Mask(d.CardPAN)))
}

// ErrPayload is returned by DecodePayload for bytes that are not a payload of the
// named kind.
var ErrPayload = errors.New("wire: malformed payload")

// DecodePayload parses a plaintext payload of kind into its struct (a pointer to
// Registration, Activation, MobileChange, AddressUpdate, Dependent or StaffAudit). Unknown fields,
// trailing data and unknown kinds are ErrPayload.
func DecodePayload(kind string, plaintext []byte) (any, error) {
	var v any
	switch kind {
	case KindRegistration:
		v = new(Registration)
	case KindActivation:
		v = new(Activation)
	case KindMobileChange:
		v = new(MobileChange)
	case KindAddressUpdate:
		v = new(AddressUpdate)
	case KindDependent:
		v = new(Dependent)
	case KindStaffAudit:
		v = new(StaffAudit)
	default:
		return nil, fmt.Errorf("%w: unknown kind %q", ErrPayload, kind)
	}
	dec := json.NewDecoder(bytes.NewReader(plaintext))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrPayload, kind, err)
	}
	// Anything after the value but white space is trailing data; dec.More alone
	// would let a closing '}' or ']' through ("…}}").
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: %s: trailing data", ErrPayload, kind)
	}
	return v, nil
}
