package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/bawaba/bawaba/sync/wire"
)

// FetchCA asks the server at baseURL for the central CA certificate (GET
// /v1/ca) before the kiosk has any, for enrolment on the kiosk's screen.
//
// The TLS connection cannot be verified: the kiosk has no CA to verify it with
// yet, which is what it is fetching. So FetchCA only returns the certificate;
// the caller must have a person compare its fingerprint (wire.CAFingerprint)
// with the one the central service prints, and only then pin it (Enroll). What
// FetchCA does check is that the server is what its answer claims: its own
// certificate chains to the CA it served and names the host of baseURL, as a
// Bawaba central's does — so a confirmed fingerprint also means the right
// server, and Enroll (which verifies against that CA) will reach it.
//
// Errors: ErrBadURL for an address that is not https://host[:port];
// ErrOffline when nothing answers; ErrNotCentral when something answers but
// serves no CA certificate; ErrUntrusted when it serves one but its own
// certificate is not from that CA or not for that host.
func FetchCA(ctx context.Context, baseURL string, o Options) ([]byte, error) {
	o.defaults()
	u, err := CheckURL(baseURL)
	if err != nil {
		return nil, err
	}
	var peer []*x509.Certificate
	tr := o.Transport
	if tr == nil {
		t := newTransport(&tls.Config{
			// Nothing to verify against yet: see the doc comment. The chain is
			// kept and checked against the served CA below.
			InsecureSkipVerify: true, //nolint:gosec // checked by a person and against the answer
			MinVersion:         tls.VersionTLS12,
			VerifyConnection: func(cs tls.ConnectionState) error {
				peer = cs.PeerCertificates
				return nil
			},
		}, o.DialTimeout)
		defer t.CloseIdleConnections()
		tr = t
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.CallTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(baseURL, "/")+wire.PathCA, nil)
	if err != nil {
		return nil, fmt.Errorf("client: fetch CA: %w", err)
	}
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		var re tls.RecordHeaderError
		// net/http replaces the RecordHeaderError of a plain-HTTP answer by an
		// untyped error: its text is all there is to know it by.
		if errors.As(err, &re) || strings.Contains(err.Error(), "server gave HTTP response to HTTPS client") {
			// Plain HTTP, SSH, a captive portal's page: something that does not
			// speak TLS answered.
			return nil, fmt.Errorf("%w: fetch CA: %w", ErrNotCentral, err)
		}
		return nil, offline("fetch CA", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, wire.MaxCABytes+1))
	if err != nil {
		return nil, offline("fetch CA", err)
	}
	if resp.StatusCode != http.StatusOK {
		if wire.Retryable(resp.StatusCode) {
			return nil, fmt.Errorf("%w: fetch CA: HTTP %d", ErrOffline, resp.StatusCode)
		}
		return nil, fmt.Errorf("%w: fetch CA: HTTP %d", ErrNotCentral, resp.StatusCode)
	}
	if len(body) > wire.MaxCABytes {
		return nil, fmt.Errorf("%w: fetch CA: answer above %d bytes", ErrNotCentral, wire.MaxCABytes)
	}
	pool, _, err := parseCAPool(body)
	if err != nil {
		return nil, fmt.Errorf("%w: fetch CA: %w", ErrNotCentral, err)
	}
	if o.Transport == nil {
		if err := checkServer(peer, pool, u.Hostname()); err != nil {
			return nil, err
		}
	}
	return pemCerts(body), nil
}

// checkServer verifies the server's chain against the CA it served, for host.
func checkServer(peer []*x509.Certificate, pool *x509.CertPool, host string) error {
	if len(peer) == 0 {
		return fmt.Errorf("%w: fetch CA: the server showed no certificate", ErrUntrusted)
	}
	inter := x509.NewCertPool()
	for _, c := range peer[1:] {
		inter.AddCert(c)
	}
	_, err := peer[0].Verify(x509.VerifyOptions{Roots: pool, Intermediates: inter, DNSName: host})
	var hostErr x509.HostnameError
	switch {
	case errors.As(err, &hostErr):
		return fmt.Errorf("%w: fetch CA: %w: %w", ErrUntrusted, ErrWrongHost, err)
	case err != nil:
		return fmt.Errorf("%w: fetch CA: the server's certificate is not from the CA it served: %w", ErrUntrusted, err)
	}
	return nil
}

// CheckURL parses a central service address as the kiosk needs it:
// https://host or https://host:port, with no user, query or fragment. It
// fails with ErrBadURL otherwise.
func CheckURL(baseURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(baseURL))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	case u.Scheme != "https":
		return nil, fmt.Errorf("%w: %q is not https", ErrBadURL, baseURL)
	case u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "":
		return nil, fmt.Errorf("%w: %q is not https://host[:port]", ErrBadURL, baseURL)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%w: port %q", ErrBadURL, p)
		}
	}
	return u, nil
}
