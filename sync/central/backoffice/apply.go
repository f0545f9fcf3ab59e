package backoffice

import (
	"crypto/hmac"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

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

// Notice is a text message to send once the transaction has committed.
type Notice struct {
	Mobile string
	Text   wire.Text
	Lang   string
}

// Input is one opened record ready to apply. PasswordHash replaces the clear
// password of a registration: the caller hashes it before the transaction so the
// slow hash holds no lock, and clears Registration.Password.
type Input struct {
	Record       wire.Record
	Payload      any // *wire.Registration, *wire.Activation, ... from wire.DecodePayload
	PasswordHash string
}

// Outcome is the result of Apply: the request status stored under the record's ref
// and the messages to send after commit.
type Outcome struct {
	Status  wire.RequestStatus
	Notices []Notice
}

// Apply applies in to the back office inside tx and stores its request status.
func Apply(tx store.Tx, in Input, now time.Time) (Outcome, error) {
	var code string
	var notices []Notice
	var err error
	switch p := in.Payload.(type) {
	case *wire.Registration:
		code, notices, err = register(tx, p, in.PasswordHash, in.Record.Ref, now)
	case *wire.Activation:
		code, notices, err = activate(tx, p, in.Record.Ref, now)
	case *wire.MobileChange:
		code, notices, err = changeMobile(tx, p, in.Record.Ref, now)
	case *wire.AddressUpdate:
		code, err = updateAddress(tx, p)
	case *wire.Dependent:
		code, err = addDependent(tx, p, now)
	default:
		return Outcome{}, fmt.Errorf("backoffice: record %s: payload type %T", in.Record.ID, in.Payload)
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("backoffice: apply %s: %w", in.Record.ID, err)
	}
	st := wire.RequestStatus{Ref: in.Record.Ref, Kind: in.Record.Kind, State: wire.StateCompleted,
		Received: now, Updated: now}
	if code != "" {
		st.State, st.Code, notices = wire.StateDeclined, code, nil
	}
	if err := putJSON(tx, store.Statuses, st.Ref, st); err != nil {
		return Outcome{}, err
	}
	return Outcome{Status: st, Notices: notices}, nil
}

// GetPerson loads a person from the registry; found is false when absent.
func GetPerson(tx store.Tx, id string) (p Person, found bool, err error) {
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
	score = wire.MatchScore(p.Fingerprint, template)
	return score >= wire.FingerprintThreshold, score, true
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
	if !ValidID(r.IDType, r.IDNumber) || !wire.ValidMobile(r.Mobile) || r.Username == "" || pwHash == "" {
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
	text := wire.Text{
		AR: "تم تسجيل حسابك (المرجع " + ref + "). فعّله عبر جهاز الخدمة الذاتية أو الصراف الآلي.",
		EN: "Your account is registered (ref " + ref + "). Activate it at a self-service kiosk or ATM.",
	}
	return "", []Notice{{Mobile: r.Mobile, Text: text, Lang: r.Language}}, nil
}

func activate(tx store.Tx, a *wire.Activation, ref string, now time.Time) (string, []Notice, error) {
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
	acct.Active, acct.ActivatedVia, acct.Updated = true, a.Method, now
	if err := putJSON(tx, store.Accounts, acct.IDNumber, acct); err != nil {
		return "", nil, err
	}
	text := wire.Text{AR: "تم تفعيل حسابك (المرجع " + ref + ").", EN: "Your account is activated (ref " + ref + ")."}
	return "", []Notice{{Mobile: acct.Mobile, Text: text, Lang: acct.Language}}, nil
}

func changeMobile(tx store.Tx, m *wire.MobileChange, ref string, now time.Time) (string, []Notice, error) {
	if !wire.ValidMobile(m.NewMobile) {
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
	text := wire.Text{AR: "تم تغيير رقم جوالك المسجل (المرجع " + ref + ").", EN: "Your registered mobile number was changed (ref " + ref + ")."}
	notices := []Notice{{Mobile: m.NewMobile, Text: text, Lang: acct.Language}}
	if old != "" && old != m.NewMobile {
		// The old number hears of it too: a person whose SIM was stolen, or whose
		// number someone else moved, learns of the change.
		warn := wire.Text{AR: "نُقل حسابك من هذا الرقم إلى رقم جوال آخر (المرجع " + ref + "). إن لم تطلب ذلك فراجع مركز الخدمة فوراً.",
			EN: "Your account was moved from this number to another mobile number (ref " + ref + "). If you did not ask for this, visit a service centre at once."}
		notices = append(notices, Notice{Mobile: old, Text: warn, Lang: acct.Language})
	}
	return "", notices, nil
}

func updateAddress(tx store.Tx, u *wire.AddressUpdate) (string, error) {
	a := u.Address
	if !digits(a.BuildingNumber, 4) || !digits(a.PostalCode, 5) || !digits(a.AdditionalNumber, 4) || a.City == "" || a.Street == "" {
		return wire.DeclineInvalid, nil
	}
	p, found, err := GetPerson(tx, u.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, err
	}
	if code := proveByFingerprint(p, u.FingerprintTemplate); code != "" {
		return code, nil
	}
	return "", putJSON(tx, store.Addresses, u.IDNumber, a)
}

func addDependent(tx store.Tx, d *wire.Dependent, now time.Time) (string, error) {
	switch d.Relationship {
	case wire.RelationSpouse, wire.RelationChild, wire.RelationParent, wire.RelationSponsored:
	default:
		return wire.DeclineInvalid, nil
	}
	if d.DependentIDNumber == d.IDNumber {
		return wire.DeclineInvalid, nil
	}
	p, found, err := GetPerson(tx, d.IDNumber)
	if err != nil || !found {
		return wire.DeclineNotInRegistry, err
	}
	if code := proveByFingerprint(p, d.FingerprintTemplate); code != "" {
		return code, nil
	}
	dep, found, err := GetPerson(tx, d.DependentIDNumber)
	if err != nil || !found {
		return wire.DeclineDependentUnknown, err
	}
	if !dep.BirthMatches(d.DependentBirthDate) {
		return wire.DeclineDetailsMismatch, nil
	}
	var list []DependentEntry
	if _, err := getJSON(tx, store.Dependents, d.IDNumber, &list); err != nil {
		return "", err
	}
	if slices.ContainsFunc(list, func(e DependentEntry) bool { return e.IDNumber == d.DependentIDNumber }) {
		return wire.DeclineDependentExists, nil
	}
	list = append(list, DependentEntry{IDNumber: d.DependentIDNumber, Relationship: d.Relationship, Added: now})
	return "", putJSON(tx, store.Dependents, d.IDNumber, list)
}

// GetDependents lists the dependents on a person's record.
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
