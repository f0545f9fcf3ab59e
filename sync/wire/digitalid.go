package wire

import "time"

// DigitalID is the 200 body of POST /v1/digital-id: the QR text to draw and what the
// card shows beside it. QR is a digital ID in the format of package digitalid (a
// Claim 169 CWT, COSE_Sign1 EdDSA, zlib, base45; docs/digital-id.md); the fields
// beside it are for display only and are the same as what QR carries signed.
type DigitalID struct {
	QR string `json:"qr"`
	// IssuedAt and ExpiresAt bound QR's validity; the screen renews it before
	// ExpiresAt, the paper prints both.
	IssuedAt  time.Time `json:"issued_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// Copy is true for the long-lived credential of a printed copy.
	Copy     bool   `json:"copy,omitempty"`
	IDNumber string `json:"id_number"`
	IDType   string `json:"id_type"`
	Name     Text   `json:"name"`
	// BirthGregorian and BirthHijri are the same day; the credential carries the
	// Gregorian one (Claim 169 key 8 is YYYYMMDD).
	BirthGregorian Date   `json:"birth_gregorian"`
	BirthHijri     Date   `json:"birth_hijri"`
	Nationality    string `json:"nationality"` // ISO 3166 alpha-2
}
