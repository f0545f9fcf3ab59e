// Package wire holds the protocol between a kiosk and the central service: the JSON
// bodies of every endpoint, the plaintext payload schemas that kiosks seal with
// sync/seal, the URL paths, the stable error codes and the limits both sides enforce.
//
// The protocol is described for humans in docs/protocol.md and docs/openapi.yaml; this
// package is its single source of truth in Go, imported by both sync/client (kiosk)
// and sync/central (server).
//
// # Caveats
//
//   - Personal data travels only inside Record.Sealed (sealed to a central key) or in
//     the bodies of live calls over mutual TLS. Never log a payload or a live-call body;
//     log record IDs, refs and kinds only.
//   - Registration.Password is the person's password in clear inside the sealed
//     payload; the central service stores only a salted slow hash of it.
//   - Retry classification: transport errors and 5xx responses are transient (retry
//     with backoff); 4xx responses are permanent for that request. Within a 200 push
//     response, a record "rejected" is permanent and must not be retried blindly.
package wire
