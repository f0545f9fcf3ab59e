package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Certificate returns the validity of the client certificate the kiosk presents.
func (c *Client) Certificate() (notBefore, notAfter time.Time) {
	leaf := c.leaf()
	if leaf == nil {
		return time.Time{}, time.Time{}
	}
	return leaf.NotBefore, leaf.NotAfter
}

func (c *Client) leaf() *x509.Certificate {
	cert := c.cert.Load()
	if cert == nil || len(cert.Certificate) == 0 {
		return nil
	}
	if cert.Leaf != nil {
		return cert.Leaf
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		return nil
	}
	return leaf
}

// RenewDue reports whether the certificate should be renewed at now: when less
// than a third of its lifetime is left, early enough that a kiosk offline for
// weeks still renews in time, and with no staff action.
func (c *Client) RenewDue(now time.Time) bool {
	from, until := c.Certificate()
	if until.IsZero() {
		return false
	}
	return now.After(renewFrom(from, until))
}

// renewFrom is when a certificate valid from..until has a third of its
// lifetime left: RenewDue from then on.
func renewFrom(from, until time.Time) time.Time {
	return until.Add(-until.Sub(from) / 3)
}

// RenewIfDue renews the certificate when RenewDue says so at now.
func (c *Client) RenewIfDue(ctx context.Context, now time.Time) (renewed bool, err error) {
	if !c.RenewDue(now) {
		return false, nil
	}
	if _, err := c.Renew(ctx); err != nil {
		return false, err
	}
	return true, nil
}

// Renew asks central for a new certificate for the kiosk's key (POST
// /v1/renew), checks it, saves it durably in place of the old one and presents it
// from the next connection on. It returns the new expiry. Until the new
// certificate is first used, central accepts the old one too, so a renewal cut
// short at any point leaves a kiosk that still works.
func (c *Client) Renew(ctx context.Context) (time.Time, error) {
	c.renewMu.Lock()
	defer c.renewMu.Unlock()
	keyPEM, err := os.ReadFile(filepath.Join(c.dir, KeyFile))
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	key, err := parseKey(keyPEM)
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	caPEM, err := os.ReadFile(filepath.Join(c.dir, CAFile))
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	pool, _, err := parseCAPool(caPEM)
	if err != nil {
		return time.Time{}, err
	}
	csr, err := makeCSR(key, c.kioskID)
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	var res wire.RenewResponse
	if _, err := c.do(ctx, "renew", http.MethodPost, wire.PathRenew, wire.RenewRequest{CSR: csr}, &res); err != nil {
		return time.Time{}, err
	}
	leaf, err := checkIssued([]byte(res.Certificate), key, pool)
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	if leaf.Subject.CommonName != c.kioskID {
		return time.Time{}, fmt.Errorf("client: renew: certificate names %q, not this kiosk", leaf.Subject.CommonName)
	}
	cert, err := tls.X509KeyPair([]byte(res.Certificate), keyPEM)
	if err != nil {
		return time.Time{}, fmt.Errorf("client: renew: %w", err)
	}
	if err := writeFile(filepath.Join(c.dir, CertFile), []byte(res.Certificate), 0o644); err != nil {
		return time.Time{}, fmt.Errorf("client: renew: save certificate: %w", err)
	}
	cert.Leaf = leaf
	c.cert.Store(&cert)
	// Connections already open keep the old certificate: close the idle ones so the
	// next call shows central the new one (which retires the old).
	c.hc.CloseIdleConnections()
	return leaf.NotAfter, nil
}
