// Package seal seals request payloads to the central service's public key with HPKE
// (RFC 9180) so that a kiosk holds nothing it can open itself.
//
// The suite is fixed: KEM MLKEM768-X25519 (post-quantum hybrid, "X-Wing"), KDF
// HKDF-SHA256, AEAD AES-256-GCM. The HPKE info string binds the suite and the key ID;
// every field is length-prefixed. A sealed payload opens only for the record and kind
// it was sealed for, and only with the key it names.
//
// # Epochs (format version 2)
//
// The KEM is the expensive part at both ends (about 0.1 ms to encapsulate, 0.13 ms to
// decapsulate). A [Sealer] therefore seals in epochs: one export-only HPKE sender
// context serves up to [DefaultEpochRecords] payloads or [DefaultEpochAge], whichever
// ends first. Payload n of an epoch is sealed with AES-256-GCM under its own key,
// Export(ctx, len-prefixed("bawaba-record-v2", recordID, kind) || n, 32); the same
// bytes are the GCM additional data, and the nonce is zero because no key seals twice.
// Each sealed payload stays self-contained:
//
//	0x02 | enc (1120 bytes) | n (8 bytes, big-endian) | ciphertext | GCM tag (16)
//
// [Open] caches the decapsulated recipient context of each epoch by SHA-256(enc), in a
// bounded least-recently-used cache inside the [PrivateKey], so central decapsulates
// once per epoch, not per payload. It still opens format version 1 (0x01 | enc |
// HPKE AES-256-GCM ciphertext, one context per payload, record ID and kind as AAD).
//
// # Caveats
//
//   - The kiosk holds only [PublicKey] values. [PrivateKey] and [Open] exist for the
//     central service and for tests; a kiosk build that calls them is a mistake.
//   - An epoch's sender context is held in the kiosk's memory, never written to disk.
//     Whoever reads that memory during an epoch can derive the keys of the epoch's
//     payloads — payloads that passed through the same memory in clear anyway. Taking
//     the disk exposes nothing, and the private key never leaves the central service.
//     Epochs end after EpochRecords payloads, after EpochAge, on Close, and when the
//     process restarts, which bounds what one memory read exposes.
//   - [PublicKey.Seal] does not look at the clock: callers check [PublicKey.Valid]
//     before sealing, because only they know the time. It seals a one-payload epoch.
//   - Every failure to open — wrong key, wrong record, wrong kind, wrong position in
//     the epoch, tampered or truncated bytes — is the same [ErrOpen], so a caller
//     cannot learn which.
package seal
