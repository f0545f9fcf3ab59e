// Package seal seals request payloads to the central service's public key with HPKE
// (RFC 9180) so that a kiosk holds nothing it can open itself.
//
// The suite is fixed: KEM MLKEM768-X25519 (post-quantum hybrid, "X-Wing"), KDF
// HKDF-SHA256, AEAD AES-256-GCM. The HPKE info string binds the suite, the key ID, the
// record ID and the request kind, each length-prefixed, so a sealed payload opens only
// for the record and kind it was sealed for, and only with the key it names.
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
