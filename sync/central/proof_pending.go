package central

import (
	"errors"
	"net/http"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// This file stands in for the proof tokens of POST /v1/proof (sync/wire/proof.go),
// which are being built on another branch: until they land, no token proves
// anyone. Delete it when that branch is merged; personByProof and recordProof
// then come from sync/central/proof.go.

// personByProof is the person token proves to kioskID. Until proof tokens exist
// every token is refused with 403 proof_failed, as a tampered one will be.
func (s *Server) personByProof(_ *http.Request, _, _ string) (backoffice.Person, error) {
	return backoffice.Person{}, fail(http.StatusForbidden, wire.ErrProofFailed, "the proof token does not prove a person")
}

// proofOfRecord is the ID number and method token proves for rec, made while it
// was valid. Until proof tokens exist it proves nobody (the back office then
// declines the record with proof_failed).
func (s *Server) proofOfRecord(_ wire.Record, _ string) (idNumber, method string, err error) {
	return "", "", errors.New("central: proof tokens are not issued yet")
}
