// Package enrol is how field staff enrol a kiosk with a central service on the
// kiosk's own screen, and later see and renew its identity.
//
// A kiosk with no identity starts into Screen instead of a home that could seal
// nothing. The technician checks the central service's address (prefilled from
// the configuration), the kiosk fetches central's CA certificate and shows its
// SHA-256 fingerprint, the technician compares it with the one `central
// ca-fingerprint` prints and confirms it, types the one-time code from `central
// enroll-code`, and the kiosk enrols (sync/client.Enroll) and goes on to the
// normal kiosk. Each failure is explained in plain words next to its field;
// none of them enrols anything. A screen walked away from is cleared after its
// idle time (kiosk/idle, with an "are you still there?" warning and its "more
// time" button first): the code and the fetched CA are forgotten and the first
// step shown again.
//
// The screen speaks when given an engine (ScreenOptions.Speech, the kiosk's
// speech.Player: the shell is not running yet): a speech switch in its top bar
// (off at first, Repeat beside it when on) and then each step, wait and
// problem as it appears, a field's label when it is tapped, each key as the
// shell says it ("speech.enrol.…" prompts in enrol.*.json). The code's field
// is Secret: its keys are said only as "one character typed". IdentityTool
// speaks through the shell (shell.Speak): its screens, central's answer, the
// warning about the requests waiting, and the steps with the re-enrolment's
// own first and last prompts.
//
// IdentityTool is the staff screen's "Kiosk identity": the kiosk ID, central's
// address, the certificate's serial and validity and when the kiosk renews it
// itself, the pinned CA's fingerprint, and "re-enrol" with a new one-time code
// through the same steps.
//
// The steps themselves (Steps) only call the functions they are given: the
// network and the identity directory are cmd/kiosk's, through sync/client.
//
// # Caveats
//
//   - The CA is fetched over a TLS connection the kiosk cannot verify yet: the
//     technician's comparison of the fingerprint is the only thing that makes
//     the pin trustworthy. The screen says so, and a declined fingerprint ends
//     the attempt with nothing saved.
//   - Re-enrolment gives the kiosk a new kiosk ID (central names kiosks at
//     enrolment) and keeps its key and its outbox. Records waiting in the outbox
//     are sealed to central's key, not the kiosk's, so central can still open
//     them — but each carries the kiosk ID it was made under, and central takes
//     a record only from that kiosk (reject kiosk_mismatch), so records still
//     waiting at re-enrolment are refused once sent under the new identity. The
//     tool counts them and says so before it re-enrols. Those exported to a USB
//     stick before are safe: cmd/kiosk keeps the former ID (transfer.Retire)
//     and the receipt for their bundle is still taken.
//   - The one-time code is typed on the Latin keyboard (codes have letters) and
//     is never spoken, logged or audited; it is forgotten when the steps end.
package enrol
