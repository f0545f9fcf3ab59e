package client

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/bawaba/bawaba/sync/wire"
)

// Enrollment is what field staff provide to enrol a kiosk.
type Enrollment struct {
	// Code is the one-time code from `central enroll-code`.
	Code string
	// CA is the PEM certificate of the central CA. Enrolment talks only to a
	// server holding a certificate from it, and refuses an answer that names
	// another CA.
	CA []byte
	// Name is a free label for operators, e.g. "Riyadh branch 3"; optional.
	Name string
}

// Enroll enrols the kiosk whose identity lives in dir with the central service at
// baseURL: it creates the kiosk's key if there is none (mode 0600), sends a CSR
// with the one-time code, checks and saves the issued certificate and pins the CA.
// It returns a Client ready for mutual TLS.
func Enroll(ctx context.Context, baseURL, dir string, e Enrollment, o Options) (*Client, error) {
	o.defaults()
	pool, _, err := parseCAPool(e.CA)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("client: enroll: %w", err)
	}
	key, err := loadOrCreateKey(dir)
	if err != nil {
		return nil, err
	}
	csr, err := makeCSR(key, e.Name)
	if err != nil {
		return nil, err
	}
	tr := o.Transport
	if tr == nil {
		t := newTransport(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}, o.DialTimeout)
		defer t.CloseIdleConnections()
		tr = t
	}
	bootstrap := &Client{base: strings.TrimRight(baseURL, "/"), dir: dir, o: o, hc: &http.Client{Transport: tr}}
	var resp wire.EnrollResponse
	req := wire.EnrollRequest{Code: strings.TrimSpace(e.Code), CSR: csr, Name: e.Name}
	if _, err := bootstrap.do(ctx, "enroll", http.MethodPost, wire.PathEnroll, req, &resp); err != nil {
		return nil, err
	}
	if !samePEM([]byte(resp.CA), e.CA) {
		return nil, fmt.Errorf("client: enroll: central answered with a CA other than the one given")
	}
	cert, err := checkIssued([]byte(resp.Certificate), key, pool)
	if err != nil {
		return nil, err
	}
	if cert.Subject.CommonName != resp.KioskID {
		return nil, fmt.Errorf("client: enroll: certificate is for %q, answer says kiosk %q", cert.Subject.CommonName, resp.KioskID)
	}
	// CA first, certificate last: Open treats the certificate as the sign that
	// enrolment completed.
	if err := writeFile(filepath.Join(dir, CAFile), pemCerts(e.CA), 0o644); err != nil {
		return nil, fmt.Errorf("client: save CA: %w", err)
	}
	if err := writeFile(filepath.Join(dir, CertFile), []byte(resp.Certificate), 0o644); err != nil {
		return nil, fmt.Errorf("client: save certificate: %w", err)
	}
	o.Transport = nil // the enrolment transport has no client certificate
	return Open(baseURL, dir, o)
}

// pemCerts keeps only the CERTIFICATE blocks of b.
func pemCerts(b []byte) []byte {
	var out []byte
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			return out
		}
		if blk.Type == "CERTIFICATE" {
			out = append(out, pem.EncodeToMemory(blk)...)
		}
	}
}
