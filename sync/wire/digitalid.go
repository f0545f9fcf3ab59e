package wire

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DigitalIDPrefix starts every digital-ID QR text and names its format version.
const DigitalIDPrefix = "BWID1."

// DigitalIDClaims is what a digital-ID QR code asserts. Nonce and IssuedAt make every
// code different, ExpiresAt makes a photographed one stop verifying.
type DigitalIDClaims struct {
	KeyID       string `json:"kid"`
	IDNumber    string `json:"id"`
	IDType      string `json:"typ"`
	Name        Text   `json:"name"`
	BirthDate   Date   `json:"dob"`
	Nationality string `json:"nat"`
	Nonce       string `json:"nonce"` // 16 random bytes, base64url
	IssuedAt    int64  `json:"iat"`   // Unix seconds
	ExpiresAt   int64  `json:"exp"`   // Unix seconds
}

// DigitalID is the 200 body of POST /v1/digital-id: the claims to display and the QR
// text to draw, "BWID1." + base64url(claims JSON) + "." + base64url(Ed25519 signature
// over everything before the second dot).
type DigitalID struct {
	Claims DigitalIDClaims `json:"claims"`
	QR     string          `json:"qr"`
}

// Digital-ID verification errors, returned by ParseDigitalID and VerifyDigitalID.
var (
	// ErrDigitalIDFormat: the text is not a BWID1 code (wrong prefix, bad base64,
	// bad JSON, wrong signature length).
	ErrDigitalIDFormat = errors.New("wire: not a digital-ID code")
	// ErrDigitalIDKey: the code names an issuer key the verifier does not have.
	ErrDigitalIDKey = errors.New("wire: digital-ID issuer key unknown")
	// ErrDigitalIDSignature: the signature does not verify; the code was altered or forged.
	ErrDigitalIDSignature = errors.New("wire: digital-ID signature invalid")
	// ErrDigitalIDExpired: the code is outside its validity window; show a fresh one.
	ErrDigitalIDExpired = errors.New("wire: digital-ID code expired")
)

// SignDigitalID encodes claims and signs them with key; the central service's issuer.
func SignDigitalID(key ed25519.PrivateKey, c DigitalIDClaims) (string, error) {
	body, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("wire: sign digital ID: %w", err)
	}
	signed := DigitalIDPrefix + base64.RawURLEncoding.EncodeToString(body)
	sig := ed25519.Sign(key, []byte(signed))
	return signed + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// ParseDigitalID splits a QR text into its claims, the signed part and the signature
// without checking the signature. It never panics on arbitrary input.
func ParseDigitalID(qr string) (c DigitalIDClaims, signed string, sig []byte, err error) {
	if !strings.HasPrefix(qr, DigitalIDPrefix) {
		return c, "", nil, ErrDigitalIDFormat
	}
	dot := strings.LastIndexByte(qr, '.')
	if dot <= len(DigitalIDPrefix) {
		return c, "", nil, ErrDigitalIDFormat
	}
	signed = qr[:dot]
	body, err := base64.RawURLEncoding.DecodeString(signed[len(DigitalIDPrefix):])
	if err != nil {
		return c, "", nil, fmt.Errorf("%w: claims: %v", ErrDigitalIDFormat, err)
	}
	sig, err = base64.RawURLEncoding.DecodeString(qr[dot+1:])
	if err != nil || len(sig) != ed25519.SignatureSize {
		return c, "", nil, fmt.Errorf("%w: signature", ErrDigitalIDFormat)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return DigitalIDClaims{}, "", nil, fmt.Errorf("%w: claims JSON", ErrDigitalIDFormat)
	}
	return c, signed, sig, nil
}

// VerifyDigitalID checks a QR text against the issuer keys a kiosk pulled with its
// Config and returns its claims when the signature holds and now is within
// [IssuedAt-1m, ExpiresAt] (a minute of clock skew is tolerated).
func VerifyDigitalID(qr string, keys []IssuerKey, now time.Time) (DigitalIDClaims, error) {
	c, signed, sig, err := ParseDigitalID(qr)
	if err != nil {
		return DigitalIDClaims{}, err
	}
	var key ed25519.PublicKey
	for _, k := range keys {
		if k.ID == c.KeyID && len(k.Key) == ed25519.PublicKeySize {
			key = k.Key
		}
	}
	if key == nil {
		return DigitalIDClaims{}, fmt.Errorf("%w: %q", ErrDigitalIDKey, c.KeyID)
	}
	if !ed25519.Verify(key, []byte(signed), sig) {
		return DigitalIDClaims{}, ErrDigitalIDSignature
	}
	if t := now.Unix(); t < c.IssuedAt-60 || t > c.ExpiresAt {
		return DigitalIDClaims{}, ErrDigitalIDExpired
	}
	return c, nil
}
