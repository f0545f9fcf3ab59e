package digitalid

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/veraison/go-cose"
)

// Trust-list errors, returned by OpenTrustList and TrustList.KeysAt.
var (
	// ErrTrustListSignature: the list is damaged or not signed by the expected
	// central key; nothing in it may be used.
	ErrTrustListSignature = errors.New("digitalid: trust list signature invalid")
	// ErrTrustListStale: the list is past its expiry (the kiosk has not refreshed
	// its config for too long); verification stops rather than trust old keys.
	ErrTrustListStale = errors.New("digitalid: trust list expired")
)

// TrustList is the set of issuer keys a verifier trusts, as central publishes it
// with the kiosk config: current and previous key with their validity, and the
// list's own expiry.
type TrustList struct {
	Issued  time.Time
	Expires time.Time
	Keys    []Key
}

// trustListWire is the signed payload: CBOR with integer keys, like the credential.
type trustListWire struct {
	Issued  int64          `cbor:"1,keyasint"`
	Expires int64          `cbor:"2,keyasint"`
	Keys    []trustKeyWire `cbor:"3,keyasint"`
}

type trustKeyWire struct {
	ID        []byte `cbor:"1,keyasint"`
	Public    []byte `cbor:"2,keyasint"`
	NotBefore int64  `cbor:"3,keyasint"`
	NotAfter  int64  `cbor:"4,keyasint"`
}

// SignTrustList signs tl as a COSE_Sign1 with ES256 under key, central's CA key
// that every enrolled kiosk already pins.
func SignTrustList(tl TrustList, key *ecdsa.PrivateKey) ([]byte, error) {
	w := trustListWire{Issued: tl.Issued.Unix(), Expires: tl.Expires.Unix()}
	for _, k := range tl.Keys {
		w.Keys = append(w.Keys, trustKeyWire{ID: k.ID, Public: k.Public, NotBefore: k.NotBefore.Unix(), NotAfter: k.NotAfter.Unix()})
	}
	payload, err := payloadEnc.Marshal(w)
	if err != nil {
		return nil, fmt.Errorf("digitalid: trust list: %w", err)
	}
	signer, err := cose.NewSigner(cose.AlgorithmES256, crypto.Signer(key))
	if err != nil {
		return nil, fmt.Errorf("digitalid: trust list: %w", err)
	}
	msg := cose.NewSign1Message()
	msg.Headers.Protected.SetAlgorithm(cose.AlgorithmES256)
	msg.Payload = payload
	if err := msg.Sign(rand.Reader, nil, signer); err != nil {
		return nil, fmt.Errorf("digitalid: trust list: %w", err)
	}
	return msg.MarshalCBOR()
}

// OpenTrustList checks the signature of a signed trust list under pub (central's
// CA public key) and returns it. It does not check its expiry: Keys does, at the
// moment of each verification.
func OpenTrustList(signed []byte, pub *ecdsa.PublicKey) (TrustList, error) {
	var msg cose.Sign1Message
	if err := msg.UnmarshalCBOR(signed); err != nil {
		return TrustList{}, fmt.Errorf("%w: %v", ErrTrustListSignature, err)
	}
	if alg, err := msg.Headers.Protected.Algorithm(); err != nil || alg != cose.AlgorithmES256 {
		return TrustList{}, fmt.Errorf("%w: algorithm", ErrTrustListSignature)
	}
	v, err := cose.NewVerifier(cose.AlgorithmES256, pub)
	if err != nil {
		return TrustList{}, fmt.Errorf("%w: %v", ErrTrustListSignature, err)
	}
	if err := msg.Verify(nil, v); err != nil {
		return TrustList{}, fmt.Errorf("%w: %v", ErrTrustListSignature, err)
	}
	var w trustListWire
	if err := claimDec.Unmarshal(msg.Payload, &w); err != nil {
		return TrustList{}, fmt.Errorf("%w: payload: %v", ErrTrustListSignature, err)
	}
	tl := TrustList{Issued: time.Unix(w.Issued, 0), Expires: time.Unix(w.Expires, 0)}
	for _, k := range w.Keys {
		if len(k.Public) != ed25519.PublicKeySize {
			return TrustList{}, fmt.Errorf("%w: key %x is not Ed25519", ErrTrustListSignature, k.ID)
		}
		tl.Keys = append(tl.Keys, Key{ID: k.ID, Public: k.Public, NotBefore: time.Unix(k.NotBefore, 0), NotAfter: time.Unix(k.NotAfter, 0)})
	}
	return tl, nil
}

// KeysAt returns the keys to verify with at now, or ErrTrustListStale when the list
// expired more than Tolerance ago: a verifier then fails closed and says so.
func (tl TrustList) KeysAt(now time.Time) ([]Key, error) {
	if now.After(tl.Expires.Add(Tolerance)) {
		return nil, fmt.Errorf("%w on %s", ErrTrustListStale, tl.Expires.UTC().Format(time.RFC3339))
	}
	return tl.Keys, nil
}

// COSEKey is k as a COSE_Key (RFC 9052 §7, RFC 9053 §7.2): an OKP key on Ed25519
// for EdDSA with its kid, the form other COSE verifiers import.
func (k Key) COSEKey() ([]byte, error) {
	return payloadEnc.Marshal(map[int]any{
		1:  1,        // kty: OKP
		2:  k.ID,     // kid
		3:  -8,       // alg: EdDSA
		-1: 6,        // crv: Ed25519
		-2: k.Public, // x: the public key
	})
}
