// Package register is the new-account registration wizard (mission §1) without any
// user interface: a state machine over the steps a resident walks through — identity
// type, ID number, date of birth, mobile, email, username and password, language,
// visual verification code, terms and pledge, review — and the submission that
// follows: live checks and a one-time SMS code when the central service is
// reachable, or a request queued without them when it is not. Either way the
// request is durably in the outbox before the wizard reports it done, and a
// receipt is printed (or, when the printer fails, handed to the screen).
//
// What the person is told (NextSteps) is what the system does: the request is
// sent when the network allows; central sends an SMS when it registers the
// account; a request central declines is not yet reported to the person (no SMS,
// no kiosk status screen), so the texts point to a service centre and the
// receipt's reference instead of promising more.
//
// The Fyne screens live in kiosk/register/wizard; everything they decide is decided
// here so it can be tested without a window.
//
// # Caveats
//
//   - A Wizard is safe for use from several goroutines, but its methods that talk to
//     the network or the printer (Submit, VerifyOTP, ResendOTP) block, and hold the
//     wizard while they do: call them off the UI goroutine and do not read the
//     wizard from the UI until they return.
//   - The limits of the SMS code step (5 tries per code, 60 s between codes, 3
//     codes) are enforced here and again by the central service, whose answer
//     wins.
//   - Go strings cannot be scrubbed from memory. Wipe drops every reference the wizard
//     holds to what the person typed, which is the most Go allows; the garbage
//     collector reclaims the bytes later.
//   - The password never leaves the payload handed to the outbox, where it is sealed
//     to the central key. It is never put in Meta, errors or logs.
//   - The visual verification code is an image only; no audio or other accessible
//     alternative exists yet.
package register
