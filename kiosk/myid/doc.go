// Package myid is "Show my digital ID" at the kiosk: the person proves who they
// are (kiosk/proof's Prover: the fingerprint at a kiosk, the bank card at an ATM,
// or username, password and a code), then sees a card — the name in Arabic and
// English, the ID number, the date of birth in both calendars, the nationality —
// with the QR code of a fresh digital ID (package digitalid) and the seconds it
// has left. A new credential is fetched with the proof token and drawn before the
// old one ends, so the QR on screen is always valid and a photo of it soon is not.
// "Print a copy" prints the long-lived copy credential on the receipt printer, in
// both languages.
//
// The renewal (package kiosk/myid/renew) is UI-free: one goroutine, a one-second tick, a fetch
// RenewBefore the credential's end, retries while it is still valid, and a clear
// state once it has expired. Flow is the shell flow around it; CopyReceipt is
// the paper. With speech mode on (speech.go) each screen says itself, the ID
// number only after the warning that it is heard aloud, and the QR's
// countdown only when a new code is drawn, a renewal fails or the code
// expires.
//
// # Caveats
//
//   - The service needs the central service: offline, the flow says so before it
//     asks for anything (no fingerprint is taken for nothing).
//   - The credential, the proof token and the drawn QR are personal data: they live
//     in the flow until Wipe (leaving the flow, the idle timeout), which stops the
//     renewal, drops the images and forgets the token; nothing of them is logged.
//   - Renewals use the proof token (wire.ProofTTL, 10 minutes): when central
//     refuses it for good (the token has expired), the card is taken off the screen
//     and the person is asked to prove themselves again.
//   - The on-screen credential may leave out the English name to keep its QR small
//     (digitalid.Options.MaxChars); the card shows both names from the display
//     fields central sends beside it, which are what the credential says.
package myid
