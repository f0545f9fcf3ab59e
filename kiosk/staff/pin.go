package staff

import "github.com/bawaba/bawaba/identity/staffpin"

// The PIN hash is the central service's as much as the kiosk's (central keeps
// staff accounts and hands them to kiosks with their configuration), so its rules
// live in identity/staffpin; these names keep the kiosk's callers as they were.

// Hash is a salted hash of a staff PIN, never the PIN (staffpin.Hash).
type Hash = staffpin.Hash

// MinPINLen is the fewest digits a new staff PIN may have.
const MinPINLen = staffpin.MinPINLen

// ValidPIN reports whether pin is acceptable for a new hash (staffpin.ValidPIN).
func ValidPIN(pin string) bool { return staffpin.ValidPIN(pin) }

// HashPIN hashes pin with argon2id and a fresh salt (staffpin.HashPIN).
func HashPIN(pin string) (Hash, error) { return staffpin.HashPIN(pin) }

// ParseHash parses the String form of a Hash (staffpin.ParseHash).
func ParseHash(s string) (Hash, error) { return staffpin.ParseHash(s) }
