package central

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"time"
)

// A proof token (wire.ProofResponse.Token) says that a person proved on one
// kiosk, by one method, until a time. It is
//
//	"pt1." base64url(body) "." base64url(HMAC-SHA256(key, "pt1." base64url(body)))
//
// where body is the kiosk ID, the ID number and the method, each as a uvarint
// length and its bytes, then the expiry as 8 bytes of big-endian Unix seconds.
// The key is central's (metaProofKey); kiosks hold the token in memory only and
// never look inside it. Nothing in it is secret from the kiosk that asked, but
// without the key nobody can make one or change a field of one.
const proofTokenPrefix = "pt1."

// maxProofToken bounds what parseProofToken reads: three short fields, a time
// and a MAC fit easily.
const maxProofToken = 512

var (
	// errTokenMalformed is returned for text that is not a proof token at all.
	errTokenMalformed = errors.New("central: proof token malformed")
	// errTokenForged is returned when the MAC does not verify: not made with
	// this central's key, or changed since.
	errTokenForged = errors.New("central: proof token not signed by this central service")
)

// proofClaims are the fields of a proof token.
type proofClaims struct {
	KioskID  string
	IDNumber string
	Method   string
	Expires  time.Time // whole seconds
}

// mintProofToken makes the token of c under key.
func mintProofToken(key []byte, c proofClaims) string {
	var body []byte
	for _, f := range []string{c.KioskID, c.IDNumber, c.Method} {
		body = binary.AppendUvarint(body, uint64(len(f)))
		body = append(body, f...)
	}
	body = binary.BigEndian.AppendUint64(body, uint64(c.Expires.Unix()))
	signed := proofTokenPrefix + base64.RawURLEncoding.EncodeToString(body)
	return signed + "." + base64.RawURLEncoding.EncodeToString(proofMAC(key, signed))
}

func proofMAC(key []byte, signed string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(signed))
	return m.Sum(nil)
}

// parseProofToken splits a token into its claims, the signed text and the MAC,
// without checking the MAC: verifyProofToken does.
func parseProofToken(tok string) (c proofClaims, signed string, mac []byte, err error) {
	if len(tok) > maxProofToken || !strings.HasPrefix(tok, proofTokenPrefix) {
		return c, "", nil, errTokenMalformed
	}
	dot := strings.LastIndexByte(tok, '.')
	if dot < len(proofTokenPrefix) {
		return c, "", nil, errTokenMalformed
	}
	signed = tok[:dot]
	// Strict: the unused low bits of the last character must be zero, so that
	// one token has one spelling and a changed character never verifies.
	strict := base64.RawURLEncoding.Strict()
	body, err1 := strict.DecodeString(signed[len(proofTokenPrefix):])
	mac, err2 := strict.DecodeString(tok[dot+1:])
	if err1 != nil || err2 != nil || len(mac) != sha256.Size {
		return c, "", nil, errTokenMalformed
	}
	var fields [3]string
	for i := range fields {
		n, k := binary.Uvarint(body)
		if k <= 0 || n > uint64(len(body)-k) {
			return c, "", nil, errTokenMalformed
		}
		fields[i], body = string(body[k:k+int(n)]), body[k+int(n):]
	}
	if len(body) != 8 {
		return c, "", nil, errTokenMalformed
	}
	secs := int64(binary.BigEndian.Uint64(body))
	c = proofClaims{KioskID: fields[0], IDNumber: fields[1], Method: fields[2], Expires: time.Unix(secs, 0).UTC()}
	return c, signed, mac, nil
}

// verifyProofToken returns the claims of a token made under key; it does not
// look at the expiry or the kiosk, which depend on the use (live call or
// queued record).
func verifyProofToken(key []byte, tok string) (proofClaims, error) {
	c, signed, mac, err := parseProofToken(tok)
	if err != nil {
		return proofClaims{}, err
	}
	if len(key) == 0 || !hmac.Equal(mac, proofMAC(key, signed)) {
		return proofClaims{}, errTokenForged
	}
	return c, nil
}
