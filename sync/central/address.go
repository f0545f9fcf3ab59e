package central

import (
	"net/http"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// handleAddress answers POST /v1/address: the national address on record for
// the person a proof token names. The token, not the body, says who: a kiosk
// can read only the address of someone it has just proven.
func (s *Server) handleAddress(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.AddressRequest
	if err := decode(w, r, wire.MaxLiveBodyBytes, &req); err != nil {
		return err
	}
	if req.ProofToken == "" {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "proof_token is required")
	}
	p, err := s.personByProof(r, kioskID, req.ProofToken)
	if err != nil {
		return err
	}
	var res wire.AddressResponse
	if err := s.st.View(r.Context(), func(tx store.Tx) (err error) {
		res.Address, res.Found, err = backoffice.GetAddress(tx, p.IDNumber)
		return err
	}); err != nil {
		return unavailable(err)
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// provenID is backoffice.Input.ProvenID for a decoded payload: the ID number its
// proof token proves under proofOfRecord's rule, for the kinds that carry one
// (address updates, dependents, mobile changes); "" for none or a token that
// proves nobody.
func (s *Server) provenID(rec wire.Record, payload any) string {
	var token string
	switch p := payload.(type) {
	case *wire.AddressUpdate:
		token = p.ProofToken
	case *wire.Dependent:
		token = p.ProofToken
	case *wire.MobileChange:
		token = p.ProofToken
	}
	if token == "" {
		return ""
	}
	id, _, err := s.proofOfRecord(rec, token)
	if err != nil {
		return ""
	}
	return id
}
