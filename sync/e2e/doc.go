// Package e2e holds the end-to-end tests and benchmarks of kiosk-to-central
// delivery: the real outbox, sync engine and client on the kiosk side, the real
// central service on the other, mutual TLS over loopback, with the fault proxies of
// sync/faultproxy in between. It has no non-test code.
package e2e
