// Package digitalid is the digital ID as a standard credential: issue it (central)
// and verify it offline (kiosk verify mode, any outside verifier).
//
// A digital ID is a CWT (RFC 8392) whose claim 169, MOSIP's IANA-registered
// identity-data claim, carries the holder with the numeric keys of MOSIP's
// "169 - QR Code Specifications" version 1.2.2 (5 May 2026): 1 ID, 3 language,
// 4 full name, 8 date of birth (YYYYMMDD), 9 gender (only when known),
// 13 nationality, 19 full name in the secondary language and 20 that language.
// Arabic ("ara") is the primary language, English ("eng") the secondary. Beside it
// sit iss (1), exp (4), iat (6), cti (7, 16 fresh random bytes each time) and, on a
// printed copy only, the private-use claim -65537 = true.
//
// The claims are signed as COSE_Sign1 (RFC 9052, tag 18) with EdDSA over Ed25519
// (alg -8) and the key id in the protected header, compressed with zlib and written
// in base45 (RFC 9285), whose alphabet is the QR code's alphanumeric mode. This is
// the pipeline of MOSIP's Claim 169 QR and of the EU digital COVID certificate.
// docs/digital-id.md describes the format for outside verifiers, byte by byte.
//
// Verify returns a Verdict (Valid, Expired, NotYetValid, UnknownKey, Forged,
// NotDigitalID) and tolerates Tolerance (5 minutes) of clock difference both ways.
//
// # Caveats
//
//   - A credential is bearer data: anyone holding the QR text reads the holder's
//     name, ID number and date of birth. Never log it.
//   - Verify trusts the keys it is given; their freshness is TrustList's job, and a
//     stale trust list must stop verification (TrustList.KeysAt), not be used.
//   - Claim 169 v1.2.2 also allows Brotli; Bawaba neither writes nor reads it, so a
//     Brotli-compressed Claim 169 QR from another issuer is NotDigitalID here.
//   - Ed25519 signing is deterministic: the nonce (cti) alone makes two
//     credentials issued in the same second differ.
package digitalid
