// Package backoffice is the reference back office behind the central service: a
// population registry of clearly synthetic people, accounts, mobile numbers,
// national addresses, dependents and request statuses, all kept in a store.Tx so
// that applying a record is part of the transaction that stores it.
//
// Apply turns one opened record into changes and a request status. Business
// refusals (no such person, fingerprint mismatch, account exists...) are not errors:
// they become a "declined" status with a wire.Decline* code. Errors are storage
// failures only, and abort the whole transaction. Every outcome, applied or
// declined, comes with the Notice that tells the person (texts sms.* in
// assets/translations), unless no mobile number is theirs to send it to.
//
// # Caveats
//
//   - The registry format (see Person) carries synthetic fingerprint templates and
//     bank card numbers so the simulators can act as the people in it. It is not a
//     format for real people's data.
package backoffice
