// Package verify is the kiosk's verify mode: a staff member or verifier scans the
// QR code of a digital ID with the barcode scanner, and the kiosk checks it
// offline with the issuer keys of its cached trust list (package digitalid) and
// shows the verdict and, when the signature holds, the holder's details, in Arabic
// or English.
//
// Check and Describe are the UI-free part; Flow is the screen, a shell.Flow
// that listens to BarcodeRead events of the device manager while it is shown.
//
// # Caveats
//
//   - The holder's details are personal data: they live only on the screen and in
//     the flow until Wipe (leaving the flow, the idle timeout); they are never
//     logged nor spoken (speech.go says the verdict only), and a scan's text
//     is not kept.
//   - With no trust list, or a stale one, nothing is verified: the screen says so
//     (fail closed), it does not fall back to old keys.
package verify
