// Package status is the Request status flow: a person scans the QR code on their
// receipt (or types its reference on the on-screen keyboard) and learns where the
// request is — from the central service when it is reachable, else from what this
// kiosk's outbox knows.
//
// The UI-free part (parse.go, lookup.go, describe.go) turns a scan or typed text
// into a checked reference, asks central and the outbox, and words the answer in
// the catalogue's texts (assets/translations/status.*.json); flow.go draws it,
// and speech.go says it with speech mode on, each text by its
// "speech.status.…" prompt.
//
// # Caveats
//
// Only what the receipt already shows is shown: the reference, the kind of
// request and dates — never a name, number or ID, which the kiosk does not hold in
// clear anyway (payloads are sealed). A reference another kiosk issued cannot be
// told apart from a mistyped one that passes the check character, so offline the
// answer for both is "not known at this kiosk".
package status
