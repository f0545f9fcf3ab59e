// Package ca is the central service's own certificate authority: it is created on
// first start, signs the server's TLS certificate and, at enrolment, each kiosk's
// client certificate from the kiosk's certificate request. Kiosks pin its
// certificate; the server trusts only client certificates it issued.
package ca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

var (
	// ErrCSR is returned by SignCSR when the request is not a PEM certificate
	// request with a valid self-signature and a P-256 or Ed25519 key.
	ErrCSR = errors.New("ca: invalid certificate request")
	// ErrPEM is returned by Load when the CA certificate or key cannot be parsed.
	ErrPEM = errors.New("ca: invalid CA certificate or key")
)

// Validity periods.
const (
	CAValidity     = 20 * 365 * 24 * time.Hour
	ServerValidity = 365 * 24 * time.Hour
	KioskValidity  = 5 * 365 * 24 * time.Hour
)

// Authority is a CA certificate with its private key.
type Authority struct {
	cert    *x509.Certificate
	certPEM []byte
	key     *ecdsa.PrivateKey
}

// New creates a CA named "Bawaba Central CA" valid from now.
func New(now time.Time) (*Authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ca: generate key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "Bawaba Central CA", Organization: []string{"Bawaba"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(CAValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("ca: self-sign: %w", err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &Authority{cert: cert, key: key, certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// Load parses a CA saved with MarshalPEM.
func Load(certPEM, keyPEM []byte) (*Authority, error) {
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, ErrPEM
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPEM, err)
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPEM, err)
	}
	return &Authority{cert: cert, key: key, certPEM: pem.EncodeToMemory(cb)}, nil
}

// MarshalPEM returns the certificate and private key as PEM.
func (a *Authority) MarshalPEM() (certPEM, keyPEM []byte, err error) {
	der, err := x509.MarshalECPrivateKey(a.key)
	if err != nil {
		return nil, nil, fmt.Errorf("ca: marshal key: %w", err)
	}
	return a.certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), nil
}

// CertPEM is the CA certificate kiosks pin.
func (a *Authority) CertPEM() []byte { return a.certPEM }

// PrivateKey is the CA's signing key; central also signs the digital-ID trust list
// with it, because every enrolled kiosk already pins this CA.
func (a *Authority) PrivateKey() *ecdsa.PrivateKey { return a.key }

// Fingerprint is the hex SHA-256 of the CA certificate, for operators to compare.
func (a *Authority) Fingerprint() string {
	h := sha256.Sum256(a.cert.Raw)
	return hex.EncodeToString(h[:])
}

// Pool holds only this CA.
func (a *Authority) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(a.cert)
	return p
}

// ServerCert issues a fresh TLS server certificate for hosts (DNS names or IP
// addresses); the chain includes the CA so clients can check the pin.
func (a *Authority) ServerCert(hosts []string, now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("ca: server key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{CommonName: "Bawaba Central"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(ServerValidity),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("ca: sign server certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der, a.cert.Raw}, PrivateKey: key}, nil
}

// SignCSR issues a client certificate with CommonName kioskID for the key in csrPEM.
// It returns the certificate PEM and its serial number in hex.
func (a *Authority) SignCSR(csrPEM []byte, kioskID string, now time.Time) (certPEM []byte, serialHex string, err error) {
	return a.SignCSRFor(csrPEM, kioskID, now, KioskValidity)
}

// SignCSRFor is SignCSR with the certificate's lifetime from now (zero means
// KioskValidity): central's setting, short in tests of renewal.
func (a *Authority) SignCSRFor(csrPEM []byte, kioskID string, now time.Time, validity time.Duration) (certPEM []byte, serialHex string, err error) {
	if validity <= 0 {
		validity = KioskValidity
	}
	b, _ := pem.Decode(csrPEM)
	if b == nil || b.Type != "CERTIFICATE REQUEST" {
		return nil, "", fmt.Errorf("%w: not a PEM CERTIFICATE REQUEST", ErrCSR)
	}
	csr, err := x509.ParseCertificateRequest(b.Bytes)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrCSR, err)
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, "", fmt.Errorf("%w: signature: %v", ErrCSR, err)
	}
	var pub crypto.PublicKey
	switch k := csr.PublicKey.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, "", fmt.Errorf("%w: ECDSA key must be P-256", ErrCSR)
		}
		pub = k
	case ed25519.PublicKey:
		pub = k
	default:
		return nil, "", fmt.Errorf("%w: key type %T", ErrCSR, csr.PublicKey)
	}
	sn := serial()
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		// The CSR's subject is ignored: the kiosk's identity is what central assigns.
		Subject:     pkix.Name{CommonName: kioskID, Organization: []string{"Bawaba kiosks"}},
		NotBefore:   now.Add(-time.Hour),
		NotAfter:    now.Add(validity),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, pub, a.key)
	if err != nil {
		return nil, "", fmt.Errorf("ca: sign kiosk certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), sn.Text(16), nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	return n.Add(n, big.NewInt(1))
}
