package wire

import (
	"fmt"
	"log/slog"

	"github.com/bawaba/bawaba/identity/bankcard"
)

// PathAddress is where a kiosk reads the national address on record for a person
// it has proven.
const PathAddress = "/v1/address" // POST AddressRequest -> AddressResponse

// AddressRequest is the body of POST /v1/address: the proof token central gave
// for the person (POST /v1/proof) on this kiosk. The token names the person, so
// the request carries no ID number.
type AddressRequest struct {
	ProofToken string `json:"proof_token"`
}

// AddressResponse is the 200 body of POST /v1/address. Found is false when the
// person has no national address on record; Address is then empty.
type AddressResponse struct {
	Found   bool    `json:"found"`
	Address Address `json:"address"`
}

// Errors of POST /v1/address beyond the common ones: 403 ErrProofFailed when the
// token is not valid for this kiosk (tampered, expired, another kiosk's).

// (DeclineProofFailed, in dependents.go, is an address update's decline too.)

// ProofByToken is what AddressUpdate.Proof returns for a live proof: the token
// names its own method, which the kiosk does not read.
const ProofByToken = "token"

// Proof names the proof the update carries: ProofByToken, MethodBankCard or
// MethodFingerprint, in that order when several are set; "" when none.
func (u AddressUpdate) Proof() string {
	switch {
	case u.ProofToken != "":
		return ProofByToken
	case u.CardPAN != "":
		return MethodBankCard
	case len(u.FingerprintTemplate) > 0:
		return MethodFingerprint
	}
	return ""
}

// String is masked, so neither the address nor a PAN reaches a log through %v.
func (u AddressUpdate) String() string {
	return fmt.Sprintf("wire.AddressUpdate{proof=%s card=%s}", u.Proof(), bankcard.Mask(u.CardPAN))
}

// GoString is masked.
func (u AddressUpdate) GoString() string { return u.String() }

// LogValue is masked and leaves out the ID, the address, the token and the template.
func (u AddressUpdate) LogValue() slog.Value {
	return slog.GroupValue(slog.String("proof", u.Proof()), slog.String("card", bankcard.Mask(u.CardPAN)))
}
