// Package address is the national-address service (العنوان الوطني) at the
// kiosk: the person proves who they are (the shared prover: fingerprint at a
// kiosk, bank card at an ATM, or username, password and a code); online, the
// address on record is shown and can be printed; the update is typed on a form
// the identity rules check field by field, with the city and district picked by
// touch from a searchable list (identity/places); it is reviewed, sealed and
// queued in the outbox with the proof, a receipt is printed, and the address
// card can be printed: both languages, the short address large, and a QR code
// holding the short address.
//
// With speech mode on (speech.go) each screen says itself, errors field by
// field, the picker how many places match (and their names once three or
// fewer are left) and the one chosen; an address is read back after one
// warning that it is heard aloud.
//
// # Caveats
//
//   - Offline, the current address cannot be shown: it lives at the central
//     service. The update is queued with the sealed proof (the fingerprint
//     template or the bank card), and central decides when it arrives; the
//     person learns the outcome by SMS to the mobile number on their account
//     (none when they have no account) and by the receipt's reference under
//     Request status.
//   - An address card printed for an update says that the update is
//     requested, not yet confirmed: central may still decline it.
//   - The address card's QR code holds the short address alone ("RRRD2929"):
//     the one public key of a Saudi national address that other services
//     take, nothing personal beyond what the card prints, and readable with
//     no app of ours.
package address
