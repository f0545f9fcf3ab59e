package central

import (
	"net/http"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// handleDependents lists the dependents on the record of the person a proof
// token proves to this kiosk: each one's name, relation, masked ID and when it
// was added, and nothing else (wire.DependentInfo).
func (s *Server) handleDependents(w http.ResponseWriter, r *http.Request, kioskID string) error {
	var req wire.DependentsRequest
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
	res := wire.DependentsResponse{Dependents: []wire.DependentInfo{}}
	if err := s.st.View(r.Context(), func(tx store.Tx) error {
		list, err := backoffice.GetDependents(tx, p.IDNumber)
		if err != nil {
			return err
		}
		for _, e := range list {
			dep, _, err := backoffice.GetPerson(tx, e.IDNumber)
			if err != nil {
				return err
			}
			res.Dependents = append(res.Dependents, wire.DependentInfo{Name: dep.Name, MaskedID: identity.Mask(e.IDNumber),
				Relationship: e.Relationship, Added: e.Added.UTC()})
		}
		return nil
	}); err != nil {
		return unavailable(err)
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
