package backoffice

import (
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/identity/places"
	"github.com/bawaba/bawaba/sync/central/otp"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Account is a person's account for the national single sign-on.
type Account struct {
	IDNumber       string    `json:"id_number"`
	Username       string    `json:"username"`
	PasswordHash   string    `json:"password_hash"`
	Mobile         string    `json:"mobile"`
	MobileVerified bool      `json:"mobile_verified"`
	Email          string    `json:"email,omitempty"`
	Language       string    `json:"language"`
	TermsVersion   string    `json:"terms_version"`
	Active         bool      `json:"active"`
	ActivatedVia   string    `json:"activated_via,omitempty"`
	Created        time.Time `json:"created"`
	Updated        time.Time `json:"updated"`
}

// DependentEntry is one dependent on a person's record.
type DependentEntry struct {
	IDNumber     string    `json:"id_number"`
	Relationship string    `json:"relationship"`
	Added        time.Time `json:"added"`
}

// Notice is a text message to send once the transaction has committed. Its text
// is the catalogue's Key (assets/translations/sms.*.json) in Lang, formatted with
// Args; central renders it when it sends.
type Notice struct {
	Mobile string
	Key    string
	Args   []any
	Lang   string
}

// Input is one opened record ready to apply. PasswordHash replaces the clear
// password of a registration: the caller hashes it before the transaction so the
// slow hash holds no lock, and clears Registration.Password.
type Input struct {
	Record       wire.Record
	Payload      any // *wire.Registration, *wire.Activation, ... from wire.DecodePayload
	PasswordHash string
	// ProvenID is the ID number the payload's proof token proves, resolved by the
	// caller (central holds the token key) for a record made while the token was
	// valid; "" when the payload has none or it proves nobody.
	ProvenID string
}

// Outcome is the result of Apply: the request status stored under the record's ref
// and the messages to send after commit.
type Outcome struct {
	Status  wire.RequestStatus
	Notices []Notice
}

// Apply applies in to the back office inside tx and stores its request status.
func Apply(tx store.Tx, in Input, now time.Time) (Outcome, error) {
	if a, ok := in.Payload.(*wire.StaffAudit); ok {
		// No request: stored for operators, no status, no SMS (wire.KindStaffAudit).
		return Outcome{}, putStaffAudit(tx, in.Record, a, now)
	}
	var code string
	var notices []Notice
	var err error
	switch p := in.Payload.(type) {
	case *wire.Registration:
		code, notices, err = register(tx, p, in.PasswordHash, in.Record.Ref, now)
	case *wire.Activation:
		code, notices, err = activate(tx, p, in.Record.Ref, now)
	case *wire.MobileChange:
		code, notices, err = changeMobile(tx, p, in.ProvenID, in.Record.Ref, now)
	case *wire.AddressUpdate:
		code, notices, err = updateAddress(tx, p, in.ProvenID, in.Record.Ref)
	case *wire.Dependent:
		code, notices, err = addDependent(tx, p, in.ProvenID, in.Record.Ref, now)
	default:
		return Outcome{}, fmt.Errorf("backoffice: record %s: payload type %T", in.Record.ID, in.Payload)
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("backoffice: apply %s: %w", in.Record.ID, err)
	}
	st := wire.RequestStatus{Ref: in.Record.Ref, Kind: in.Record.Kind, State: wire.StateCompleted,
		Received: now, Updated: now}
	if code != "" {
		st.State, st.Code = wire.StateDeclined, code
		// A declined request changed nothing, so the same transaction still reads
		// the account the decline notice goes to.
		if notices, err = declineNotices(tx, in, code); err != nil {
			return Outcome{}, fmt.Errorf("backoffice: apply %s: %w", in.Record.ID, err)
		}
	}
	if err := putJSON(tx, store.Statuses, st.Ref, st); err != nil {
		return Outcome{}, err
	}
	return Outcome{Status: st, Notices: notices}, nil
}

// GetPerson loads a person from the registry; found is false when absent.
func GetPerson(tx store.Tx, id string) (p Person, found bool, err error) {
	if pf, ok := tx.(prefetched); ok {
		if p, ok := pf.person(id); ok {
			return p, true, nil
		}
	}
	found, err = getJSON(tx, store.People, id, &p)
	return p, found, err
}

// GetAccount loads an account; found is false when absent.
func GetAccount(tx store.Tx, id string) (a Account, found bool, err error) {
	found, err = getJSON(tx, store.Accounts, id, &a)
	return a, found, err
}

// MobileOwner returns the ID number the mobile number belongs to, "" for nobody.
func MobileOwner(tx store.Tx, mobile string) (string, error) {
	b, err := tx.Get(store.Mobiles, mobile)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return string(b), err
}

// FingerprintMatches reports whether template matches the person's one on record;
// hasTemplate is false when none is on record.
func FingerprintMatches(p Person, template []byte) (match bool, score float64, hasTemplate bool) {
	if len(p.Fingerprint) == 0 {
		return false, 0, false
	}
	score = biometric.MatchScore(p.Fingerprint, template)
	return score >= biometric.Threshold, score, true
}

// proveByFingerprint returns the decline code for a fingerprint proof, "" when it holds.
func proveByFingerprint(p Person, template []byte) string {
	match, _, has := FingerprintMatches(p, template)
	switch {
	case !has:
		return wire.DeclineNoFingerprint
	case !match:
		return wire.DeclineFingerprint
	}
	return ""
}

// ValidRegistration reports whether a registration's identity input passes the
// rules the kiosk checked it with, all from package identity: the ID number and
// nationality for the identity type, the date of birth (a real date, in a calendar
// the type may use, not after now; the minimum age is a kiosk setting and not
// checked here), the mobile in E.164, the email (the kiosk requires one), the
// username, and the language. The password is checked before it is hashed (central.Server), so
// Apply sees only its hash.
func ValidRegistration(r *wire.Registration, now time.Time) bool {
	kind, ok := identity.IDTypeFromCode(r.IDType)
	if !ok || !ValidID(r.IDType, r.IDNumber, r.Nationality) {
		return false
	}
	dob, err := identityDate(r.BirthDate)
	if err != nil || identity.CheckDateOfBirth(kind.IdentityType(), dob, now, 0) != nil {
		return false
	}
	if e, err := identity.ParseEmail(r.Email); err != nil || e != r.Email {
		return false
	}
	return identity.IsE164Mobile(r.Mobile) && len(identity.CheckUsername(r.Username)) == 0 &&
		(r.Language == "ar" || r.Language == "en")
}

// proveByCard returns the decline code for a bank-card proof, "" when the card's
// keyed token is the one the back office links to the person.
func proveByCard(tx store.Tx, p Person, pan string) (string, error) {
	if p.CardToken == "" || pan == "" {
		return wire.DeclineCardMismatch, nil
	}
	token, err := cardToken(tx, pan)
	if err != nil {
		return "", err
	}
	if !hmac.Equal([]byte(token), []byte(p.CardToken)) {
		return wire.DeclineCardMismatch, nil
	}
	return "", nil
}

func register(tx store.Tx, r *wire.Registration, pwHash, ref string, now time.Time) (string, []Notice, error) {
	if !ValidRegistration(r, now) || pwHash == "" {
		return wire.DeclineInvalid, nil, nil
	}
	p, found, err := GetPerson(tx, r.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, nil, err
	}
	if p.IDType != r.IDType || !p.BirthMatches(r.BirthDate) || (r.Nationality != "" && r.Nationality != p.Nationality) {
		return wire.DeclineDetailsMismatch, nil, nil
	}
	owner, err := MobileOwner(tx, r.Mobile)
	if err != nil {
		return "", nil, err
	}
	if owner != "" && owner != r.IDNumber {
		return wire.DeclineMobileTaken, nil, nil
	}
	verified := false
	if r.OTPVerified {
		if verified, err = otp.Verified(tx, r.OTPChallenge, r.Mobile, wire.PurposeRegistration); err != nil {
			return "", nil, err
		}
		if !verified {
			return wire.DeclineOTPNotVerified, nil, nil
		}
	}
	acct := Account{IDNumber: r.IDNumber, Username: r.Username, PasswordHash: pwHash, Mobile: r.Mobile,
		MobileVerified: verified, Email: r.Email, Language: r.Language, TermsVersion: r.TermsVersion,
		Created: now, Updated: now}
	b, _ := json.Marshal(acct)
	// Insert, not Get-then-Put: two replicas registering one ID at once must not both win.
	if ok, err := tx.Insert(store.Accounts, r.IDNumber, b); err != nil || !ok {
		return wire.DeclineAccountExists, nil, err
	}
	if ok, err := tx.Insert(store.Usernames, strings.ToLower(r.Username), []byte(r.IDNumber)); err != nil || !ok {
		if err == nil {
			// Undo the account inside this transaction: the registration is declined whole.
			err = tx.Delete(store.Accounts, r.IDNumber)
		}
		return wire.DeclineUsernameTaken, nil, err
	}
	if err := tx.Put(store.Mobiles, r.Mobile, []byte(r.IDNumber)); err != nil {
		return "", nil, err
	}
	return "", []Notice{{Mobile: r.Mobile, Key: "sms.registered", Args: []any{ref}, Lang: r.Language}}, nil
}

func activate(tx store.Tx, a *wire.Activation, ref string, now time.Time) (string, []Notice, error) {
	if a.IDNumber == "" && a.Method == wire.MethodBankCard {
		// An ATM sends the card alone: the account activated is that of the
		// person the back office links the card to, as a bank's would be.
		holder, found, err := CardHolder(tx, a.CardPAN)
		if err != nil || !found {
			return wire.DeclineCardMismatch, nil, err
		}
		a.IDNumber = holder.IDNumber // the decline notice goes to them too
	}
	acct, found, err := GetAccount(tx, a.IDNumber)
	if err != nil || !found {
		return wire.DeclineNoAccount, nil, err
	}
	p, found, err := GetPerson(tx, a.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, nil, err
	}
	switch a.Method {
	case wire.MethodFingerprint:
		if code := proveByFingerprint(p, a.FingerprintTemplate); code != "" {
			return code, nil, nil
		}
	case wire.MethodBankCard:
		if code, err := proveByCard(tx, p, a.CardPAN); code != "" || err != nil {
			return code, nil, err
		}
	default:
		return wire.DeclineInvalid, nil, nil
	}
	if acct.Active {
		// After the proof: only the proven person learns that the account is
		// active, and nothing changes (its channel of activation stays).
		return wire.DeclineAlreadyActive, nil, nil
	}
	acct.Active, acct.ActivatedVia, acct.Updated = true, a.Method, now
	if err := putJSON(tx, store.Accounts, acct.IDNumber, acct); err != nil {
		return "", nil, err
	}
	return "", []Notice{{Mobile: acct.Mobile, Key: "sms.activated", Args: []any{ref}, Lang: acct.Language}}, nil
}

// changeMobile moves the account of m.IDNumber to the new number once the new
// number's code was confirmed and the person is proven: by the code to the old
// number, by a proof token central resolved to them (provenID, see
// Input.ProvenID), or, in records of older kiosks, by the sealed fingerprint or
// bank card.
func changeMobile(tx store.Tx, m *wire.MobileChange, provenID, ref string, now time.Time) (string, []Notice, error) {
	if !identity.IsE164Mobile(m.NewMobile) {
		return wire.DeclineInvalid, nil, nil
	}
	acct, found, err := GetAccount(tx, m.IDNumber)
	if err != nil || !found {
		return wire.DeclineNoAccount, nil, err
	}
	owner, err := MobileOwner(tx, m.NewMobile)
	if err != nil {
		return "", nil, err
	}
	if owner != "" && owner != m.IDNumber {
		return wire.DeclineMobileTaken, nil, nil
	}
	ok, err := otp.Verified(tx, m.NewMobileOTP, m.NewMobile, wire.PurposeMobileChange)
	if err != nil || !ok {
		return wire.DeclineOTPNotVerified, nil, err
	}
	switch m.Proof {
	case wire.ProofOTPOld:
		ok, err := otp.Verified(tx, m.OldMobileOTP, acct.Mobile, wire.PurposeMobileChange)
		if err != nil || !ok {
			return wire.DeclineOTPNotVerified, nil, err
		}
	case wire.ProofByToken:
		if m.ProofToken == "" || provenID == "" || provenID != m.IDNumber {
			return wire.DeclineProofFailed, nil, nil
		}
	case wire.MethodFingerprint:
		p, found, err := GetPerson(tx, m.IDNumber)
		if err != nil || !found {
			return wire.DeclineNotInRegistry, nil, err
		}
		if code := proveByFingerprint(p, m.FingerprintTemplate); code != "" {
			return code, nil, nil
		}
	case wire.MethodBankCard:
		p, found, err := GetPerson(tx, m.IDNumber)
		if err != nil || !found {
			return wire.DeclineNotInRegistry, nil, err
		}
		if code, err := proveByCard(tx, p, m.CardPAN); code != "" || err != nil {
			return code, nil, err
		}
	default:
		return wire.DeclineInvalid, nil, nil
	}
	old := acct.Mobile
	if old != "" && old != m.NewMobile {
		if err := tx.Delete(store.Mobiles, old); err != nil {
			return "", nil, err
		}
	}
	if err := tx.Put(store.Mobiles, m.NewMobile, []byte(m.IDNumber)); err != nil {
		return "", nil, err
	}
	acct.Mobile, acct.MobileVerified, acct.Updated = m.NewMobile, true, now
	if err := putJSON(tx, store.Accounts, acct.IDNumber, acct); err != nil {
		return "", nil, err
	}
	notices := []Notice{{Mobile: m.NewMobile, Key: "sms.mobile_changed", Args: []any{ref}, Lang: acct.Language}}
	if old != "" && old != m.NewMobile {
		// The old number hears of it too: a person whose SIM was stolen, or whose
		// number someone else moved, learns of the change.
		notices = append(notices, Notice{Mobile: old, Key: "sms.mobile_moved", Args: []any{ref}, Lang: acct.Language})
	}
	return "", notices, nil
}

func updateAddress(tx store.Tx, u *wire.AddressUpdate, provenID, ref string) (string, []Notice, error) {
	a := u.Address
	if !digits(a.BuildingNumber, 4) || !digits(a.PostalCode, 5) || !digits(a.AdditionalNumber, 4) || a.City == "" || a.Street == "" {
		return wire.DeclineInvalid, nil, nil
	}
	if !knownPlaces(a) {
		return wire.DeclineInvalid, nil, nil
	}
	p, found, err := GetPerson(tx, u.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, nil, err
	}
	if code, err := proveAddress(tx, p, u, provenID); code != "" || err != nil {
		return code, nil, err
	}
	if err := putJSON(tx, store.Addresses, u.IDNumber, a); err != nil {
		return "", nil, err
	}
	n, err := accountNotice(tx, u.IDNumber, "sms.address_updated", ref)
	return "", n, err
}

// proveAddress returns the decline code for the proof an address update
// carries, "" when it proves p: a proof token central resolved to p (provenID,
// see Input.ProvenID); else the fingerprint taken at a kiosk or the bank card
// read at an ATM, which also stand when a token made live has lapsed before
// the record arrived. A token alone that proves nobody is proof_failed.
func proveAddress(tx store.Tx, p Person, u *wire.AddressUpdate, provenID string) (string, error) {
	switch {
	case u.ProofToken != "" && provenID != "" && provenID == p.IDNumber:
		return "", nil
	case len(u.FingerprintTemplate) > 0:
		return proveByFingerprint(p, u.FingerprintTemplate), nil
	case u.CardPAN != "":
		return proveByCard(tx, p, u.CardPAN)
	case u.ProofToken != "":
		return wire.DeclineProofFailed, nil
	}
	return wire.DeclineInvalid, nil
}

// knownPlaces reports whether the city and district codes an address names, if
// any, are places of the directory the kiosk's pickers offer, the district in
// the city. Addresses without codes (typed before the pickers) are not checked.
func knownPlaces(a wire.Address) bool {
	d := places.Default()
	if a.CityCode != "" {
		if _, ok := d.City(a.CityCode); !ok {
			return false
		}
	}
	if a.DistrictCode != "" {
		if _, ok := d.District(a.DistrictCode); !ok || !places.InCity(a.DistrictCode, a.CityCode) {
			return false
		}
	}
	return true
}

// addDependent checks a dependent with the registry and adds it: the applicant
// proven (proveDependent), the dependent in the registry with the type of ID and
// date of birth given, the relation fitting both (identity.CheckRelation), not on
// this record yet and on nobody else's. The dependent's record is claimed with an
// Insert, so two replicas adding one person to two records cannot both win.
func addDependent(tx store.Tx, d *wire.Dependent, provenID, ref string, now time.Time) (string, []Notice, error) {
	if !slices.Contains(identity.Relations(), d.Relationship) || d.DependentIDNumber == "" ||
		(d.DependentIDType != "" && !ValidID(d.DependentIDType, d.DependentIDNumber, "")) {
		return wire.DeclineInvalid, nil, nil
	}
	if identity.CheckDependentID(d.IDNumber, d.DependentIDNumber) != nil {
		return wire.DeclineDependentSelf, nil, nil
	}
	p, found, err := GetPerson(tx, d.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, nil, err
	}
	if code, err := proveDependent(tx, p, d, provenID); code != "" || err != nil {
		return code, nil, err
	}
	dep, found, err := GetPerson(tx, d.DependentIDNumber)
	if err != nil || !found {
		return wire.DeclineDependentUnknown, nil, err
	}
	if !dep.BirthMatches(d.DependentBirthDate) || (d.DependentIDType != "" && d.DependentIDType != dep.IDType) {
		return wire.DeclineDependentMismatch, nil, nil
	}
	if code := relationDecline(d.Relationship, p, dep, now); code != "" {
		return code, nil, nil
	}
	var list []DependentEntry
	if _, err := getJSON(tx, store.Dependents, d.IDNumber, &list); err != nil {
		return "", nil, err
	}
	if slices.ContainsFunc(list, func(e DependentEntry) bool { return e.IDNumber == d.DependentIDNumber }) {
		return wire.DeclineDependentExists, nil, nil
	}
	if ok, err := tx.Insert(store.DependentOf, d.DependentIDNumber, []byte(d.IDNumber)); err != nil || !ok {
		return wire.DeclineDependentTaken, nil, err
	}
	list = append(list, DependentEntry{IDNumber: d.DependentIDNumber, Relationship: d.Relationship, Added: now})
	if err := putJSON(tx, store.Dependents, d.IDNumber, list); err != nil {
		return "", nil, err
	}
	n, err := accountNotice(tx, d.IDNumber, "sms.dependent_added", ref)
	return "", n, err
}

// proveDependent returns the decline code for the proof a dependent request
// carries, "" when it proves p: a proof token central resolved to p (provenID,
// see Input.ProvenID), else the fingerprint, else the bank card.
func proveDependent(tx store.Tx, p Person, d *wire.Dependent, provenID string) (string, error) {
	switch {
	case d.ProofToken != "":
		if provenID == "" || provenID != p.IDNumber {
			return wire.DeclineProofFailed, nil
		}
		return "", nil
	case len(d.FingerprintTemplate) > 0:
		return proveByFingerprint(p, d.FingerprintTemplate), nil
	case d.CardPAN != "":
		return proveByCard(tx, p, d.CardPAN)
	}
	return wire.DeclineInvalid, nil
}

// relationDecline maps identity.CheckRelation's verdict on the registry's dates
// and types to a decline code, "" when the relation fits.
func relationDecline(relation string, applicant, dep Person, now time.Time) string {
	kin := func(p Person) identity.Kin {
		k := identity.Kin{}
		if t, ok := identity.IDTypeFromCode(p.IDType); ok {
			k.IDType = t
		}
		if b, err := identityDate(p.BirthGregorian); err == nil {
			k.Birth = b
		}
		return k
	}
	err := identity.CheckRelation(relation, kin(applicant), kin(dep), now)
	switch {
	case err == nil:
		return ""
	case errors.Is(err, identity.CodeRelationSpouseAge):
		return wire.DeclineRelationSpouseAge
	case errors.Is(err, identity.CodeRelationChildAge):
		return wire.DeclineRelationChildAge
	case errors.Is(err, identity.CodeRelationParentAge):
		return wire.DeclineRelationParentAge
	case errors.Is(err, identity.CodeRelationSponsoredCitizen):
		return wire.DeclineRelationSponsored
	}
	return wire.DeclineInvalid
}

// accountNotice is the notice key with the reference to the mobile of id's account,
// in the account's language; none when id has no account (address and dependents
// are kept for people without one) or the account has no mobile.
func accountNotice(tx store.Tx, id, key, ref string) ([]Notice, error) {
	acct, found, err := GetAccount(tx, id)
	if err != nil || !found || acct.Mobile == "" {
		return nil, err
	}
	return []Notice{{Mobile: acct.Mobile, Key: key, Args: []any{ref}, Lang: acct.Language}}, nil
}

// DeclineKey is the catalogue key of the text that tells a person their request was
// declined with code, its reason and what to do next (assets/translations/sms.*.json).
func DeclineKey(code string) string { return "sms.declined." + code }

// declineNotices is the SMS that tells the person in.Record's request was declined
// with code. It goes to the mobile the request itself names when that number is the
// person's to give (a registration's, in the language chosen on it; a mobile
// change's new number, which is the one the person still holds when the old SIM is
// lost), else to the account's registered mobile in the account's language. A
// mobile_taken decline goes to the number taken only for a registration whose code
// to that number was verified (the person holds the SIM); never otherwise.
// None when there is no number to send to (an ID with no account): the receipt's
// reference and the status look-up are then the way to learn the outcome.
func declineNotices(tx store.Tx, in Input, code string) ([]Notice, error) {
	var id, mobile, lang string
	switch p := in.Payload.(type) {
	case *wire.Registration:
		if !identity.IsE164Mobile(p.Mobile) {
			return nil, nil
		}
		if code == wire.DeclineMobileTaken {
			// The number is someone else's on record. Only when a code sent to it
			// was verified at the kiosk is the person who asked the one holding
			// that SIM, and so the one the SMS reaches; otherwise it would tell a
			// stranger, and the receipt's status look-up is the way to learn it.
			if !p.OTPVerified {
				return nil, nil
			}
			if ok, err := otp.Verified(tx, p.OTPChallenge, p.Mobile, wire.PurposeRegistration); err != nil || !ok {
				return nil, err
			}
		}
		lang = p.Language
		if lang != "en" {
			lang = "ar"
		}
		return []Notice{{Mobile: p.Mobile, Key: DeclineKey(code), Args: []any{in.Record.Ref}, Lang: lang}}, nil
	case *wire.Activation:
		id = p.IDNumber
	case *wire.MobileChange:
		id = p.IDNumber
		if code != wire.DeclineMobileTaken && identity.IsE164Mobile(p.NewMobile) {
			mobile, lang = p.NewMobile, "ar"
		}
	case *wire.AddressUpdate:
		id = p.IDNumber
	case *wire.Dependent:
		id = p.IDNumber
	}
	acct, found, err := GetAccount(tx, id)
	if err != nil {
		return nil, err
	}
	if found {
		lang = acct.Language
		if mobile == "" {
			mobile = acct.Mobile
		}
	}
	if mobile == "" {
		return nil, nil
	}
	return []Notice{{Mobile: mobile, Key: DeclineKey(code), Args: []any{in.Record.Ref}, Lang: lang}}, nil
}

// GetDependents lists the dependents on a person's record, oldest first.
func GetDependents(tx store.Tx, id string) ([]DependentEntry, error) {
	var list []DependentEntry
	_, err := getJSON(tx, store.Dependents, id, &list)
	return list, err
}

// GetAddress loads a person's national address.
func GetAddress(tx store.Tx, id string) (a wire.Address, found bool, err error) {
	found, err = getJSON(tx, store.Addresses, id, &a)
	return a, found, err
}

func digits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

func putJSON(tx store.Tx, b store.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("backoffice: encode %s: %w", b, err)
	}
	return tx.Put(b, key, data)
}

func getJSON(tx store.Tx, b store.Bucket, key string, v any) (bool, error) {
	data, err := tx.Get(b, key)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, fmt.Errorf("backoffice: decode %s: %w", b, err)
	}
	return true, nil
}
