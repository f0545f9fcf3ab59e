package wire

import "time"

// PathRenew is where an enrolled kiosk renews its client certificate before it
// expires, authenticated by the certificate it still has.
const PathRenew = "/v1/renew" // POST RenewRequest -> RenewResponse

// RenewRequest is the body of POST /v1/renew: a CSR (PEM) for the key the kiosk
// already holds. The new certificate names the same kiosk.
type RenewRequest struct {
	CSR string `json:"csr"`
}

// RenewResponse is the 200 body of POST /v1/renew. Until the kiosk first uses
// Certificate, central accepts both it and the one it replaces, so an answer lost
// on the way never locks a kiosk out; the first request with the new one retires
// the old.
type RenewResponse struct {
	Certificate string    `json:"certificate"` // PEM
	NotAfter    time.Time `json:"not_after"`
}
