// Package transfer carries a kiosk's undelivered records to the central service on
// a USB stick when there is no network, and carries central's answer back: the
// bundle and receipt file formats, their signatures, writing them safely to a
// removable disk, and the kiosk's side of both (export from the outbox, import of a
// receipt into it). It has no UI import; kiosk/transfer is its staff screen and
// sync/central/import.go is central's side.
//
// A bundle holds the records exactly as the outbox keeps them — sealed to central's
// key, so nothing personal is readable on the stick — with the kiosk's ID, its
// certificate chain, and a signature by the kiosk's private key (the key of its
// mutual-TLS identity). Central verifies the signature and that the certificate is
// one it issued to an enrolled, unrevoked kiosk, applies the records through the
// same path as a network push (the record ID is the idempotency key, so a record
// that also arrives over the network is applied once, in any order), and writes a
// receipt signed with its CA key listing each record's result. The kiosk verifies
// the receipt against the CA it pinned at enrolment and marks the records central
// took as delivered. docs/transfer.md describes the formats for other tools.
//
// Both files are one envelope: a format line, one line of JSON, and a signature
// line over the two lines before it (see [Envelope]). A file cut short anywhere
// lacks its signature line or fails it; nothing short of the whole file verifies.
//
// # Caveats
//
//   - A bundle is written to a hidden temporary name, fsync'd, renamed to its final
//     name and the directory fsync'd: the final name appears only once the data is
//     durable. A stick pulled mid-write leaves at most a ".partial" file, which is
//     never taken for a bundle and fails verification if it is.
//   - Export reads the outbox and changes nothing in it: records stay queued and the
//     sync engine keeps sending them if the network returns. Only a verified
//     receipt marks records delivered.
//   - Records that need attention (central already refused them over the network)
//     are not exported: central would refuse them again.
//   - A receipt's refusals are applied only to records still waiting to be sent;
//     a receipt whose every record is already settled on the kiosk is refused as
//     replayed (ErrReplayed), changing nothing.
//   - The whole file is held in memory to verify it: MaxFileBytes bounds it.
//   - Signatures are ECDSA P-256 over SHA-256 (or Ed25519 over the SHA-256 digest
//     for an Ed25519 kiosk key); other key types are refused.
package transfer
