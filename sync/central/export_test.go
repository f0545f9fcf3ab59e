package central

import (
	"net/http"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// PersonByProof exposes personByProof to the tests of package central_test.
func PersonByProof(s *Server, r *http.Request, kioskID, token string) (backoffice.Person, error) {
	return s.personByProof(r, kioskID, token)
}

// ProofOfRecord exposes proofOfRecord to the tests of package central_test.
func ProofOfRecord(s *Server, rec wire.Record, token string) (string, string, error) {
	return s.proofOfRecord(rec, token)
}

// ImportBatch exposes importBatch: the tests make bundles of several batches.
const ImportBatch = importBatch
