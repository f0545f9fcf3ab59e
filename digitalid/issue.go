package digitalid

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// Lifetimes of the two kinds of credential.
const (
	// ScreenTTL is how long the credential drawn on screen lives: short, so a photo
	// of the screen is soon worthless; the screen fetches a new one before it ends.
	ScreenTTL = 60 * time.Second
	// DefaultCopyTTL is how long a printed copy lives unless central sets otherwise.
	DefaultCopyTTL = 30 * 24 * time.Hour
	// NonceSize is the length of cti, the random nonce that makes every credential
	// different even for the same person in the same second.
	NonceSize = 16
	// ScreenQRChars is the most characters a QR code of version 12 holds in
	// alphanumeric mode at error correction M: the size the on-screen credential is
	// kept to (Options.MaxChars), so that a phone or a scanner reads it from a screen
	// at arm's length.
	ScreenQRChars = 419
)

// Issuer signs digital IDs with one Ed25519 key.
type Issuer struct {
	// URI is the iss claim, e.g. "https://bawaba.example"; Claim 169 v1.2.2 asks
	// for a fully qualified URI.
	URI string
	// KeyID is the kid put in the protected header; verifiers pick the key by it.
	KeyID []byte
	// Key signs; Ed25519 signatures are deterministic, so the same inputs give the
	// same credential (the golden test relies on it).
	Key ed25519.PrivateKey
	// Rand supplies the cti nonce; nil means crypto/rand.
	Rand io.Reader
}

// Options say what kind of credential to issue.
type Options struct {
	// Now is the issue time (iat); the credential expires at Now+TTL.
	Now time.Time
	// TTL is the lifetime: ScreenTTL on screen, the central copy setting on paper.
	TTL time.Duration
	// Copy marks the printed copy (claim -65537 = true).
	Copy bool
	// MaxChars, when positive, is the QR text length the credential should keep
	// to: when the holder's names make it longer, the full name in the secondary
	// language (claim 169 keys 19 and 20) is left out, since the primary name
	// (key 4) already names the holder and the Arabic and English forms of a long
	// name are most of the credential. Zero keeps every field whatever the
	// length (the printed copy, where paper has room). A credential that is still
	// longer without it is issued as it is.
	MaxChars int
}

// Credential is one issued digital ID: the QR text and what it says.
type Credential struct {
	QR        string // base45 text, alphanumeric-mode QR content
	Holder    Holder
	Issuer    string
	KeyID     []byte
	IssuedAt  time.Time
	ExpiresAt time.Time
	Nonce     []byte
	Copy      bool
}

// zlibWriters reuses compressors: a zlib writer at best compression allocates
// about 800 KB, a hundred times the credential it writes.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestCompression) // a valid level: no error
	return w
}}

// payloadEnc writes CBOR deterministically (RFC 8949 §4.2.1: sorted keys, shortest
// forms), so the same claims always give the same bytes.
var payloadEnc = func() cbor.EncMode {
	m, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// Issue signs a credential for h: CWT claims → COSE_Sign1 (tag 18, EdDSA, kid
// protected) → zlib → base45.
func (is Issuer) Issue(h Holder, o Options) (Credential, error) {
	if err := h.check(); err != nil {
		return Credential{}, err
	}
	if len(is.Key) != ed25519.PrivateKeySize || len(is.KeyID) == 0 || is.URI == "" {
		return Credential{}, fmt.Errorf("digitalid: issue: issuer needs a key, a key ID and a URI")
	}
	if o.TTL <= 0 {
		return Credential{}, fmt.Errorf("digitalid: issue: lifetime %v is not positive", o.TTL)
	}
	r := is.Rand
	if r == nil {
		r = rand.Reader
	}
	nonce := make([]byte, NonceSize)
	if _, err := io.ReadFull(r, nonce); err != nil {
		return Credential{}, fmt.Errorf("digitalid: issue: nonce: %w", err)
	}
	iat := o.Now.Truncate(time.Second)
	exp := iat.Add(o.TTL)
	qr, err := is.sign(h, iat, exp, nonce, o.Copy)
	if err != nil {
		return Credential{}, err
	}
	if o.MaxChars > 0 && len(qr) > o.MaxChars && h.SecondaryFullName != "" {
		h.SecondaryFullName, h.SecondaryLanguage = "", ""
		if qr, err = is.sign(h, iat, exp, nonce, o.Copy); err != nil {
			return Credential{}, err
		}
	}
	return Credential{
		QR: qr, Holder: h, Issuer: is.URI, KeyID: bytes.Clone(is.KeyID),
		IssuedAt: iat, ExpiresAt: exp, Nonce: nonce, Copy: o.Copy,
	}, nil
}

// sign writes the claims for h and returns the QR text: CWT claims → COSE_Sign1 →
// zlib → base45.
func (is Issuer) sign(h Holder, iat, exp time.Time, nonce []byte, isCopy bool) (string, error) {
	claims := map[int]any{
		claimIss: is.URI,
		claimIat: iat.Unix(),
		claimExp: exp.Unix(),
		claimCti: nonce,
		claim169: h.claims169(),
	}
	if isCopy {
		claims[claimCopy] = true
	}
	payload, err := payloadEnc.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("digitalid: issue: claims: %w", err)
	}
	signer, err := cose.NewSigner(cose.AlgorithmEdDSA, is.Key)
	if err != nil {
		return "", fmt.Errorf("digitalid: issue: %w", err)
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(cose.AlgorithmEdDSA)
	msg.Headers.Protected[cose.HeaderLabelKeyID] = is.KeyID
	msg.Payload = payload
	if err := msg.Sign(nil, nil, signer); err != nil {
		return "", fmt.Errorf("digitalid: issue: sign: %w", err)
	}
	signed, err := msg.MarshalCBOR()
	if err != nil {
		return "", fmt.Errorf("digitalid: issue: COSE_Sign1: %w", err)
	}
	var z bytes.Buffer
	zw := zlibWriters.Get().(*zlib.Writer)
	zw.Reset(&z)
	zw.Write(signed) // a bytes.Buffer does not fail
	zw.Close()
	zlibWriters.Put(zw)
	return Base45Encode(z.Bytes()), nil
}
