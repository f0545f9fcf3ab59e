package digitalid

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/veraison/go-cose"
)

// Verdict is what a verifier says about a scanned text. The zero value is not a
// verdict; Verify always returns one of the named ones.
type Verdict int

// Verdicts, in the order Verify decides them.
const (
	_ Verdict = iota
	// NotDigitalID: the text is not a digital ID at all (a URL, a receipt's QR,
	// damaged or truncated data, another algorithm, missing claims). Result.Err says
	// which step refused it.
	NotDigitalID
	// UnknownKey: well formed, but signed under a kid the trust list does not hold
	// (or holds outside its validity).
	UnknownKey
	// Forged: the kid is trusted but the signature does not verify: altered or forged.
	Forged
	// NotYetValid: genuine, but issued more than Tolerance in the future.
	NotYetValid
	// Expired: genuine, but past its expiry by more than Tolerance; Result.Overdue
	// says by how long.
	Expired
	// Valid: genuine and in date; Result.Remaining says for how long.
	Valid
)

func (v Verdict) String() string {
	switch v {
	case NotDigitalID:
		return "not a digital ID"
	case UnknownKey:
		return "signed by an unknown key"
	case Forged:
		return "forged"
	case NotYetValid:
		return "not yet valid"
	case Expired:
		return "expired"
	case Valid:
		return "valid"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Tolerance is the clock difference allowed between issuer and verifier, both ways:
// a kiosk's clock may drift while it is offline.
const Tolerance = 5 * time.Minute

// Bounds on what Verify reads, so a hostile QR cannot make it allocate much.
const (
	// MaxQRLength is the most characters a QR code holds in alphanumeric mode
	// (version 40, error correction L); anything longer never came from a QR.
	MaxQRLength = 4296
	// MaxDecompressed bounds the zlib output: a credential is a few hundred bytes,
	// and a zlib bomb stops here.
	MaxDecompressed = 8 << 10
)

// Reasons a text is NotDigitalID; Result.Err wraps one of them.
var (
	ErrTooLong   = errors.New("digitalid: longer than any QR code holds")
	ErrBase45    = errors.New("digitalid: not base45")
	ErrZlib      = errors.New("digitalid: not zlib data")
	ErrTooBig    = errors.New("digitalid: decompresses to more than MaxDecompressed")
	ErrCBOR      = errors.New("digitalid: not a COSE_Sign1 in CBOR")
	ErrTag       = errors.New("digitalid: not tagged COSE_Sign1 (18)")
	ErrAlgorithm = errors.New("digitalid: algorithm is not EdDSA (-8)")
	ErrClaims    = errors.New("digitalid: claims missing or malformed")
	// ErrHolder is returned by Issue for a holder missing what a verifier needs.
	ErrHolder = errors.New("digitalid: holder incomplete")
)

// Key is an issuer public key a verifier trusts, with its validity.
type Key struct {
	ID        []byte
	Public    ed25519.PublicKey
	NotBefore time.Time
	// NotAfter is when the key stops being trusted: for a key that no longer
	// signs, at least its last credential's expiry.
	NotAfter time.Time
}

// Result is Verify's answer.
type Result struct {
	Verdict Verdict
	// Err says why, for every verdict but Valid; never shown to the holder as is.
	Err error
	// Holder and the fields below are set for Valid, Expired and NotYetValid:
	// the signature held, so they are what the issuer said.
	Holder    Holder
	Issuer    string
	KeyID     []byte
	IssuedAt  time.Time
	ExpiresAt time.Time
	Nonce     []byte
	Copy      bool
	// Remaining is ExpiresAt - now for Valid (negative within Tolerance).
	Remaining time.Duration
	// Overdue is now - ExpiresAt for Expired.
	Overdue time.Duration
	// Early is IssuedAt - now for NotYetValid.
	Early time.Duration
}

// Verify reads a scanned QR text and checks it against keys at now, offline. It
// never panics and reads at most MaxQRLength characters and MaxDecompressed bytes.
func Verify(qr string, keys []Key, now time.Time) Result {
	not := func(err error) Result { return Result{Verdict: NotDigitalID, Err: err} }
	if len(qr) > MaxQRLength {
		return not(fmt.Errorf("%w: %d characters", ErrTooLong, len(qr)))
	}
	z, err := Base45Decode(qr)
	if err != nil {
		return not(fmt.Errorf("%w: %v", ErrBase45, err))
	}
	// Claim 169 v1.2.2 lets an issuer use Brotli and tells the two apart by zlib's
	// header; Bawaba writes zlib only, so anything else is refused here.
	raw, err := inflate(z)
	if err != nil {
		return not(fmt.Errorf("%w: %v", ErrZlib, err))
	}
	if len(raw) > MaxDecompressed {
		return not(ErrTooBig)
	}
	// RFC 8392 §6 allows the CWT tag 61 around the COSE tag; MOSIP's example has it.
	if bytes.HasPrefix(raw, []byte{0xd8, 0x3d}) {
		raw = raw[2:]
	}
	if len(raw) == 0 || raw[0] != 0xd2 {
		return not(ErrTag)
	}
	var msg cose.Sign1Message
	if err := msg.UnmarshalCBOR(raw); err != nil {
		return not(fmt.Errorf("%w: %v", ErrCBOR, err))
	}
	alg, err := msg.Headers.Protected.Algorithm()
	if err != nil || alg != cose.AlgorithmEdDSA {
		return not(fmt.Errorf("%w: %v", ErrAlgorithm, alg))
	}
	kid, ok := msg.Headers.Protected[cose.HeaderLabelKeyID].([]byte)
	if !ok || len(kid) == 0 {
		return not(fmt.Errorf("%w: no kid in the protected header", ErrClaims))
	}
	key, known := findKey(keys, kid, now)
	if !known {
		return Result{Verdict: UnknownKey, KeyID: kid, Err: fmt.Errorf("digitalid: kid %x not trusted at %s", kid, now.UTC().Format(time.RFC3339))}
	}
	verifier, err := cose.NewVerifier(cose.AlgorithmEdDSA, key)
	if err != nil {
		return Result{Verdict: UnknownKey, KeyID: kid, Err: fmt.Errorf("digitalid: kid %x: %w", kid, err)}
	}
	if err := msg.Verify(nil, verifier); err != nil {
		return Result{Verdict: Forged, KeyID: kid, Err: fmt.Errorf("digitalid: signature: %w", err)}
	}
	r, err := readClaims(msg.Payload)
	if err != nil {
		return not(err)
	}
	r.KeyID = kid
	switch {
	case now.Before(r.IssuedAt.Add(-Tolerance)):
		r.Verdict, r.Early = NotYetValid, r.IssuedAt.Sub(now)
		r.Err = fmt.Errorf("digitalid: issued %v in the future", r.Early)
	case now.After(r.ExpiresAt.Add(Tolerance)):
		r.Verdict, r.Overdue = Expired, now.Sub(r.ExpiresAt)
		r.Err = fmt.Errorf("digitalid: expired %v ago", r.Overdue)
	default:
		r.Verdict, r.Remaining = Valid, r.ExpiresAt.Sub(now)
	}
	return r
}

// zlibReaders reuses decompressors: each holds a 32 KiB window, most of what a
// verification would otherwise allocate.
var zlibReaders sync.Pool

// inflate decompresses zlib data z, reading at most MaxDecompressed+1 bytes so the
// caller can tell an over-long output.
func inflate(z []byte) ([]byte, error) {
	var zr io.ReadCloser
	var err error
	if pooled, ok := zlibReaders.Get().(io.ReadCloser); ok {
		zr, err = pooled, pooled.(zlib.Resetter).Reset(bytes.NewReader(z), nil)
	} else {
		zr, err = zlib.NewReader(bytes.NewReader(z))
	}
	if err != nil {
		return nil, err
	}
	defer zlibReaders.Put(zr)
	out := make([]byte, 0, 1024)
	buf := bytes.NewBuffer(out)
	if _, err := buf.ReadFrom(io.LimitReader(zr, MaxDecompressed+1)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// findKey returns the public key of kid when it is trusted at now.
func findKey(keys []Key, kid []byte, now time.Time) (ed25519.PublicKey, bool) {
	for _, k := range keys {
		if bytes.Equal(k.ID, kid) && len(k.Public) == ed25519.PublicKeySize &&
			!now.Before(k.NotBefore.Add(-Tolerance)) && !now.After(k.NotAfter.Add(Tolerance)) {
			return k.Public, true
		}
	}
	return nil, false
}

// claimDec reads the payload strictly: no duplicate keys, no indefinite lengths,
// no tags inside the claims.
var claimDec = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		DupMapKey:       cbor.DupMapKeyEnforcedAPF,
		IndefLength:     cbor.IndefLengthForbidden,
		TagsMd:          cbor.TagsForbidden,
		MaxNestedLevels: 8,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// readClaims reads the CWT claims and claim 169 from a verified payload.
func readClaims(payload []byte) (Result, error) {
	var top map[int]cbor.RawMessage
	if err := claimDec.Unmarshal(payload, &top); err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrClaims, err)
	}
	var r Result
	var iat, exp int64
	var id map[int]cbor.RawMessage
	for _, c := range []struct {
		key int
		dst any
	}{{claimIss, &r.Issuer}, {claimIat, &iat}, {claimExp, &exp}, {claimCti, &r.Nonce}, {claim169, &id}} {
		v, ok := top[c.key]
		if !ok {
			return Result{}, fmt.Errorf("%w: claim %d missing", ErrClaims, c.key)
		}
		if err := claimDec.Unmarshal(v, c.dst); err != nil {
			return Result{}, fmt.Errorf("%w: claim %d: %v", ErrClaims, c.key, err)
		}
	}
	if len(r.Nonce) == 0 || exp <= iat {
		return Result{}, fmt.Errorf("%w: empty cti or exp not after iat", ErrClaims)
	}
	r.IssuedAt, r.ExpiresAt = time.Unix(iat, 0), time.Unix(exp, 0)
	if v, ok := top[claimNbf]; ok {
		var nbf int64
		if err := claimDec.Unmarshal(v, &nbf); err != nil {
			return Result{}, fmt.Errorf("%w: nbf: %v", ErrClaims, err)
		}
		// A later nbf than iat only makes the credential start later; treat it as
		// the start of validity.
		if nbf > iat {
			r.IssuedAt = time.Unix(nbf, 0)
		}
	}
	if v, ok := top[claimCopy]; ok {
		if err := claimDec.Unmarshal(v, &r.Copy); err != nil {
			return Result{}, fmt.Errorf("%w: copy: %v", ErrClaims, err)
		}
	}
	h, err := readHolder(id)
	if err != nil {
		return Result{}, err
	}
	r.Holder = h
	return r, nil
}

func readHolder(m map[int]cbor.RawMessage) (Holder, error) {
	var h Holder
	var dob string
	var gender int
	for _, f := range []struct {
		key      int
		dst      any
		required bool
	}{
		{key169ID, &h.ID, true},
		{key169FullName, &h.FullName, true},
		{key169BirthDate, &dob, true},
		{key169Language, &h.Language, false},
		{key169Gender, &gender, false},
		{key169Nationality, &h.Nationality, false},
		{key169SecondaryFullName, &h.SecondaryFullName, false},
		{key169SecondaryLanguage, &h.SecondaryLanguage, false},
	} {
		v, ok := m[f.key]
		if !ok {
			if f.required {
				return Holder{}, fmt.Errorf("%w: claim 169 key %d missing", ErrClaims, f.key)
			}
			continue
		}
		if err := claimDec.Unmarshal(v, f.dst); err != nil {
			return Holder{}, fmt.Errorf("%w: claim 169 key %d: %v", ErrClaims, f.key, err)
		}
	}
	d, ok := parseDate(dob)
	if !ok {
		return Holder{}, fmt.Errorf("%w: claim 169 date of birth is not YYYYMMDD", ErrClaims)
	}
	h.BirthDate = d
	h.Gender = Gender(gender)
	if h.ID == "" || h.FullName == "" || h.Gender < GenderUnknown || h.Gender > GenderOther {
		return Holder{}, fmt.Errorf("%w: claim 169 ID, name or gender", ErrClaims)
	}
	return h, nil
}
