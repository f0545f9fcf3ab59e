// Package staff holds the rules for the field staff who open a kiosk's staff
// screen: who they are (accounts whose PINs are kept only as argon2id hashes), how
// many wrong PINs they may type before their ID is locked (a lockout that grows
// with each lock and survives a restart), and what they did (an audit trail of
// who, what, when and with what result). It imports no UI: the shell asks a Guard
// and shows the answer.
//
// # Caveats
//
//   - The audit trail never holds resident data, and nothing typed into the
//     sign-in screen is written to it unless it is a known staff ID: a resident
//     who stumbles onto the screen may type their national ID, and a staff
//     member may type the PIN into the ID field.
//   - A wrong PIN and an unknown staff ID get the same answer (ErrWrongPIN), and
//     an unknown ID is checked against a hash too, so the screen does not tell
//     which staff IDs exist.
//   - Lockout state lives in one small file in the kiosk's data directory. A
//     file that cannot be read is reported and replaced by an empty state: a
//     kiosk whose staff are locked out for good cannot be repaired in the field,
//     and whoever can damage that file can read the whole disk anyway.
package staff
