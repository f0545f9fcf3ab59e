package central

import (
	"net/http"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// personByProof is the person a proof token names, for live calls that act for
// them. Interim: this central does not issue proof tokens yet (POST /v1/proof,
// which checks a token's kiosk, expiry and person, is being added beside it), so
// no token is one of its own and every token is refused with 403 proof_failed.
// The real personByProof replaces this file when that lands.
func (s *Server) personByProof(_ *http.Request, _ string, _ string) (backoffice.Person, error) {
	return backoffice.Person{}, fail(http.StatusForbidden, wire.ErrProofFailed, "proof token not issued by this central service")
}
