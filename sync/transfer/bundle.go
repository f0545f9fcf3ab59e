package transfer

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Bundle is the content of a bundle file: one kiosk's records on their way to
// central without a network.
type Bundle struct {
	// ID names this bundle in its receipt: 32 random hex digits.
	ID string `json:"id"`
	// KioskID is the kiosk that wrote it; it must be its certificate's CommonName.
	KioskID string `json:"kiosk_id"`
	// Created is when the kiosk wrote it, by the kiosk's clock.
	Created time.Time `json:"created"`
	// Chain is the kiosk's certificate (DER), first, and any intermediates; the
	// signature is made with the certificate's key.
	Chain [][]byte `json:"chain"`
	// Count is len(Records), written before them so a reader can show progress.
	Count int `json:"count"`
	// Records are the records as a network push carries them, still sealed to
	// central's key.
	Records []wire.Record `json:"records"`
}

// NewBundleID returns a fresh random bundle ID.
func NewBundleID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// WriteBundle writes b as a signed bundle to w, signing with signer (the key of
// b.Chain[0]). progress, if not nil, is called after each record with the count
// written so far and the total. It streams: the records are not encoded twice.
func WriteBundle(w io.Writer, b *Bundle, signer crypto.Signer, progress func(done, total int)) error {
	sw := newSigningWriter(w, BundleMagic)
	head, err := json.Marshal(struct {
		ID      string    `json:"id"`
		KioskID string    `json:"kiosk_id"`
		Created time.Time `json:"created"`
		Chain   [][]byte  `json:"chain"`
	}{b.ID, b.KioskID, b.Created, b.Chain})
	if err != nil {
		return fmt.Errorf("transfer: encode bundle: %w", err)
	}
	// The head object is reopened to append count and records in the same object.
	sw.Write(head[:len(head)-1])
	sw.Write([]byte(`,"count":` + strconv.Itoa(len(b.Records)) + `,"records":[`))
	for i := range b.Records {
		if i > 0 {
			sw.Write([]byte(","))
		}
		r, err := json.Marshal(&b.Records[i])
		if err != nil {
			return fmt.Errorf("transfer: encode record %s: %w", b.Records[i].ID, err)
		}
		sw.Write(r)
		if progress != nil {
			progress(i+1, len(b.Records))
		}
	}
	sw.Write([]byte("]}"))
	if err := sw.finish(signer); err != nil {
		return fmt.Errorf("transfer: write bundle: %w", err)
	}
	return nil
}

// ReadBundle parses a bundle file and checks its signature against the certificate
// it carries, and that the certificate names the kiosk the bundle claims. It does
// not decide whether to trust that certificate: central checks it against its CA
// and its list of enrolled kiosks. The leaf certificate is returned for that.
func ReadBundle(data []byte) (*Bundle, *x509.Certificate, error) {
	signed, body, sig, err := split(data, BundleMagic)
	if err != nil {
		return nil, nil, err
	}
	b, err := decodeBundle(body)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: bundle: %v", ErrFormat, err)
	}
	if len(b.Chain) == 0 {
		return nil, nil, fmt.Errorf("%w: bundle has no certificate", ErrCertificate)
	}
	leaf, err := x509.ParseCertificate(b.Chain[0])
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrCertificate, err)
	}
	if err := verify(leaf.PublicKey, signed, sig); err != nil {
		return nil, nil, fmt.Errorf("transfer: bundle: %w", err)
	}
	// Checked only once the signature holds: before, they are anyone's words.
	switch {
	case b.KioskID == "" || b.KioskID != leaf.Subject.CommonName:
		return nil, nil, fmt.Errorf("%w: bundle says kiosk %q, its certificate %q", ErrOtherKiosk, clipBytes([]byte(b.KioskID)), clipBytes([]byte(leaf.Subject.CommonName)))
	case b.Count != len(b.Records):
		return nil, nil, fmt.Errorf("%w: bundle counts %d records, holds %d", ErrFormat, b.Count, len(b.Records))
	case b.ID == "" || b.Created.IsZero():
		return nil, nil, fmt.Errorf("%w: bundle without ID or time", ErrFormat)
	}
	return &b, leaf, nil
}

// Intermediates returns the chain's certificates after the leaf, for
// x509.VerifyOptions.Intermediates.
func (b *Bundle) Intermediates() (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	for _, der := range b.Chain[1:] {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCertificate, err)
		}
		pool.AddCert(c)
	}
	return pool, nil
}

// decodeBundle decodes a bundle's JSON body as encoding/json does. The records,
// nearly all of a bundle's bytes, are read with wire.ParseRecordArray when the body
// has the shape WriteBundle gives it (the head's fields by their exact names, each
// once, then the records last): decoding was a fifth of `central import`'s time,
// all of it before the first record could be opened. Any other shape is handed to
// encoding/json whole, so the answer is the same either way (FuzzDecodeBundle).
func decodeBundle(body []byte) (Bundle, error) {
	if b, ok := decodeBundleFast(body); ok {
		return b, nil
	}
	var b Bundle
	err := json.Unmarshal(body, &b)
	return b, err
}

func decodeBundleFast(body []byte) (Bundle, bool) {
	var b Bundle
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return Bundle{}, false
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		key, isKey := t.(string)
		if err != nil || !isKey || seen[key] {
			return Bundle{}, false // a repeated key: encoding/json's last-one-wins decides
		}
		seen[key] = true
		var v any
		switch key {
		case "id":
			v = &b.ID
		case "kiosk_id":
			v = &b.KioskID
		case "created":
			v = &b.Created
		case "chain":
			v = &b.Chain
		case "count":
			v = &b.Count
		case "records":
			// The key's colon is still ahead of the decoder's offset.
			i, ok := wire.SkipJSON(body, int(dec.InputOffset()), ":")
			if !ok {
				return Bundle{}, false
			}
			recs, end, ok, _ := wire.ParseRecordArray(body, i, 0, 0)
			if !ok {
				return Bundle{}, false
			}
			// The records come last, then the end of the object and nothing more.
			if end, ok = wire.SkipJSON(body, end, "}"); !ok || end != len(body) {
				return Bundle{}, false
			}
			b.Records = recs
			return b, true
		default:
			return Bundle{}, false // unknown, or another spelling: encoding/json's matching decides
		}
		if err := dec.Decode(v); err != nil {
			return Bundle{}, false
		}
	}
	return Bundle{}, false // no records key: not a bundle WriteBundle wrote
}
