// Package dependents is the Dependents service at a kiosk (mission §6): a person
// proves who they are, sees the dependents on their record when the kiosk is
// online, and adds one — the dependent's type of ID and number, date of birth in
// the calendar their ID allows (Hijri by default for a citizen, Gregorian for a
// resident), and relation — checked here by the identity rules (a valid number,
// not the applicant's own, a real date not in the future, a spouse of age, a
// citizen never "sponsored"), reviewed, then queued sealed in the outbox with a
// receipt that carries the status QR.
//
// The central service checks the rest with the civil registry when the record
// arrives (an unknown ID, a date of birth that does not match, a child older than
// the applicant, someone on another person's record, …) and tells the person the
// outcome by SMS at the mobile number of their account; the receipt's reference
// finds it under Request status too.
//
// The person is proven by kiosk/proof's Prover (fingerprint or username, password
// and code at a kiosk; the bank card at an ATM). Proven live, the request carries
// central's proof token and the list of dependents is shown; proven offline, it
// carries the fingerprint template (or, at an ATM, the card number) sealed, and
// the screen says the list cannot be shown.
//
// With speech mode on (speech.go) each step says its question and where its
// buttons are, errors as they appear, the list each relation and masked ID,
// the review the number and date of birth after the warning that they are
// heard aloud, and the result its reference.
//
// # Caveats
//
//   - A dependent with a passport or a GCC ID is not offered: a dependent on a
//     record is a citizen or a resident (national ID, iqama or border number).
//   - The applicant's own date of birth is not known at the kiosk, so "a child
//     older than you" and "a parent younger than you" are caught only at central
//     (declined with their reason, by SMS).
package dependents
