package transfer

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Receipt is the content of a receipt file: central's signed account of what it did
// with one bundle.
type Receipt struct {
	// KioskID is the kiosk whose bundle this answers; another kiosk refuses it.
	KioskID string `json:"kiosk_id"`
	// BundleID and BundleSHA256 (hex, of the whole bundle file) name the bundle.
	BundleID     string `json:"bundle_id"`
	BundleSHA256 string `json:"bundle_sha256"`
	// BundleCreated is the bundle's own time, for the staff screen.
	BundleCreated time.Time `json:"bundle_created"`
	// Issued is when central imported the bundle, by central's clock.
	Issued time.Time `json:"issued"`
	// Results has one entry per record of the bundle, in its order, as a push
	// answers: accepted or duplicate (central holds it: the kiosk may drop it), or
	// rejected with the code and reason.
	Results []wire.PushResult `json:"results"`
}

// BundleDigest is the hex SHA-256 a receipt names its bundle file by.
func BundleDigest(bundle []byte) string {
	d := sha256.Sum256(bundle)
	return hex.EncodeToString(d[:])
}

// EncodeReceipt returns r as a receipt file signed by signer (central's CA key).
func EncodeReceipt(r *Receipt, signer crypto.Signer) ([]byte, error) {
	body, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("transfer: encode receipt: %w", err)
	}
	var buf bytes.Buffer
	sw := newSigningWriter(&buf, ReceiptMagic)
	sw.Write(body)
	if err := sw.finish(signer); err != nil {
		return nil, fmt.Errorf("transfer: sign receipt: %w", err)
	}
	return buf.Bytes(), nil
}

// ReadReceipt parses a receipt file and checks that central's CA (the certificate
// the kiosk pinned at enrolment) signed it and that its results are well-formed. It
// does not check the kiosk ID: ImportReceipt does, to say "another kiosk's".
func ReadReceipt(data []byte, ca *x509.Certificate) (*Receipt, error) {
	signed, body, sig, err := split(data, ReceiptMagic)
	if err != nil {
		return nil, err
	}
	if err := verify(ca.PublicKey, signed, sig); err != nil {
		return nil, fmt.Errorf("transfer: receipt: %w", err)
	}
	var r Receipt
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("%w: receipt: %v", ErrFormat, err)
	}
	if r.KioskID == "" || r.BundleID == "" {
		return nil, fmt.Errorf("%w: receipt without kiosk or bundle", ErrFormat)
	}
	for i, res := range r.Results {
		switch {
		case res.ID == "":
			return nil, fmt.Errorf("%w: receipt result %d without record ID", ErrFormat, i)
		case res.Status != wire.StatusAccepted && res.Status != wire.StatusDuplicate && res.Status != wire.StatusRejected:
			return nil, fmt.Errorf("%w: receipt result %d: status %q", ErrFormat, i, clipBytes([]byte(res.Status)))
		}
	}
	return &r, nil
}
