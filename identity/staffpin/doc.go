// Package staffpin holds the rules of a field-staff credential that the kiosk and
// the central service share: a staff ID (1 to 12 digits), a name, and the PIN kept
// only as a salted argon2id hash, in the one string form both store. The central
// service makes hashes (`central staff add`) and hands them to its kiosks with
// their configuration; a kiosk verifies a typed PIN against them (kiosk/staff).
// It imports no UI and no storage.
//
// # Caveats
//
//   - A Hash verifies; it cannot give the PIN back. Whoever holds a hash can still
//     guess PINs offline at argon2id's cost (about 50 ms each on a kiosk's board),
//     which is why both sides keep hashes as they would keys: files of mode 0600,
//     central's values encrypted at rest.
//   - ParseHash bounds the argon2id cost it accepts, so a hash from a file or the
//     network cannot make a sign-in take minutes or gigabytes.
package staffpin
