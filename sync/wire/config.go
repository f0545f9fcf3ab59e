package wire

import (
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

// Service names in Config.Services: the kiosk offers only the enabled ones.
const (
	ServiceRegistration = "registration"
	ServiceActivation   = "activation"
	ServiceMobileChange = "mobile_change"
	ServiceDigitalID    = "digital_id"
	ServiceAddress      = "address"
	ServiceDependents   = "dependents"
	ServiceStatus       = "status"
	// ServiceVerifyID puts verify mode (a scanned digital ID checked offline) on
	// the home screen too; it is always behind the staff screen.
	ServiceVerifyID = "verify_id"
)

// Text is a piece of text in both languages of the kiosk.
type Text struct {
	AR string `json:"ar"`
	EN string `json:"en"`
}

// Config is what a kiosk caches to work offline: the 200 body of GET /v1/config.
// GET /v1/config?since=N answers 304 Not Modified with no body when N == Version.
type Config struct {
	// Version grows whenever anything below changes.
	Version int64 `json:"version"`
	// SealingKeys are the central service's sealing keys, newest first; seal new
	// records to SealingKeyFor(SealingKeys, now).
	SealingKeys []seal.PublicKey `json:"sealing_keys"`
	// DigitalIDTrust is the digital-ID trust list: the current and previous issuer
	// keys with their validity, a COSE_Sign1 (ES256) signed by central's CA key
	// (base64 in JSON). Open it with digitalid.OpenTrustList and the pinned CA's
	// public key; past its expiry it fails closed (digitalid.ErrTrustListStale).
	DigitalIDTrust []byte `json:"digital_id_trust"`
	TermsVersion   string `json:"terms_version"`
	Terms          Text   `json:"terms"`
	Privacy        Text   `json:"privacy"`
	// Services lists the enabled Service names.
	Services []string `json:"services"`
	// Settings are free-form kiosk settings (e.g. "idle_timeout_seconds").
	Settings map[string]string `json:"settings"`
	// Staff are the field-staff accounts central keeps for every kiosk (`central
	// staff add`), in ID order; a kiosk lets them onto its staff screen besides
	// the accounts of its own configuration file. Only PIN hashes travel.
	Staff []StaffAccount `json:"staff,omitempty"`
}

// StaffAccount is one field-staff account in Config.Staff.
type StaffAccount struct {
	// ID is the staff ID typed on the keypad: 1 to 12 digits.
	ID string `json:"id"`
	// Name is shown on the staff screen; 1 to 64 characters.
	Name string `json:"name"`
	// PINHash is the argon2id hash of the PIN in identity/staffpin's string form;
	// the PIN itself never leaves central.
	PINHash string `json:"pin_hash"`
}

// Pong is the 200 body of GET /v1/ping: the kiosk's reachability probe.
type Pong struct {
	KioskID       string    `json:"kiosk_id"`
	Time          time.Time `json:"time"`
	ConfigVersion int64     `json:"config_version"`
}

// EnrollRequest is the body of POST /v1/enroll, the only /v1 call without a client
// certificate. Code is the one-time code from `central enroll-code`; CSR is a PEM
// "CERTIFICATE REQUEST" for the kiosk's own key (ECDSA P-256 or Ed25519).
type EnrollRequest struct {
	Code string `json:"code"`
	CSR  string `json:"csr"`
	// Name is a free label for operators (e.g. "Riyadh branch 3"); optional.
	Name string `json:"name,omitempty"`
}

// EnrollResponse is the 200 body of POST /v1/enroll. The kiosk keeps Certificate and
// its key for mutual TLS and pins CA for every later connection.
type EnrollResponse struct {
	KioskID     string `json:"kiosk_id"`
	Certificate string `json:"certificate"` // PEM, CN = KioskID
	CA          string `json:"ca"`          // PEM of the central CA
}
