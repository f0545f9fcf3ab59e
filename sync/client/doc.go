// Package client is the kiosk's HTTPS client of the central service: enrolment,
// mutual-TLS calls for pushing records, pulling the offline configuration, request
// status, and the live calls (one-time codes, ID lookup, mobile check, fingerprint
// match, digital ID).
//
// The kiosk's identity lives in one directory: its private key (kiosk.key, mode
// 0600, never leaves the kiosk), the certificate the central service issued for it
// (kiosk.crt), the central CA it pins (central-ca.crt) and the cached configuration
// (config.json). Enroll creates the first three; Open loads them.
//
// Errors tell the UI what happened without string matching: errors.Is with
// ErrOffline (the central service was not reached, or its answer was cut off),
// ErrUntrusted (the server is not the one whose CA is pinned),
// ErrUnauthorized and ErrRevoked (the kiosk must be enrolled again), ErrNotFound,
// ErrRateLimited and ErrRejected (any other final 4xx); errors.As with *HTTPError
// gives the status and the wire error code.
//
// # Caveats
//
//   - Live-call bodies carry personal data; the client never logs them, and an
//     HTTPError keeps only the central service's error body, which by protocol
//     holds none.
//   - Enroll needs the central CA certificate beforehand (shipped with the kiosk
//     image or on the field engineer's USB stick): the one-time code is only ever
//     sent to a server that proves it holds a certificate from that CA.
package client
