// Package seal seals request payloads to the central service's public key with HPKE
// (RFC 9180) so that a kiosk holds nothing it can open itself.
//
// The suite is fixed: KEM MLKEM768-X25519 (post-quantum hybrid, "X-Wing"), KDF
// HKDF-SHA256, AEAD AES-256-GCM. The HPKE info string binds the suite and the key ID;
// the AEAD additional data binds the record ID and the request kind; every field is
// length-prefixed. A sealed payload opens only for the record and kind it was sealed
// for, and only with the key it names.
//
// Binding the record through the additional data rather than the info lets a [Sealer]
// do the expensive KEM encapsulation ahead of time, while the kiosk waits on a person
// or on a disk flush, so that sealing a request costs one AES-GCM pass.
//
// # Caveats
//
//   - The kiosk holds only [PublicKey] values. [PrivateKey] and [Open] exist for the
//     central service and for tests; a kiosk build that calls them is a mistake.
//   - [PublicKey.Seal] does not look at the clock: callers check [PublicKey.Valid]
//     before sealing, because only they know the time.
//   - Every failure to open — wrong key, wrong record, wrong kind, tampered or
//     truncated bytes — is the same [ErrOpen], so a caller cannot learn which.
package seal
