// Package sync is the root of the kiosk's offline-first delivery: sub-packages hold
// the sealed, crash-safe outbox (sync/outbox), the sealing of payloads to the central
// service (sync/seal), the client and engine that deliver them, and the central
// service itself. It is not the standard library's sync: import its sub-packages.
package sync
