package central

import (
	"net/http"
	"strconv"
)

// handleCA serves the CA certificate kiosks pin (GET /v1/ca), with no client
// certificate: a kiosk enrolled on its screen fetches it before it has any.
// It is public by nature — every enrolled kiosk holds it — and the connection
// it travels on cannot be verified by the kiosk yet, so the technician
// compares its fingerprint (wire.CAFingerprint) with `central ca-fingerprint`.
func (s *Server) handleCA(w http.ResponseWriter, _ *http.Request, _ string) error {
	pem := s.ca.CertPEM()
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Length", strconv.Itoa(len(pem)))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(pem)
	return err
}
