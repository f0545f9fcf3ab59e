package client

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Files in the kiosk's identity directory.
const (
	KeyFile    = "kiosk.key"      // PKCS #8 private key, PEM, mode 0600
	CertFile   = "kiosk.crt"      // certificate issued at enrolment, PEM
	CAFile     = "central-ca.crt" // the pinned central CA, PEM
	ConfigFile = "config.json"    // the cached wire.Config
)

// identity is what mutual TLS needs, loaded from the directory.
type identity struct {
	cert    tls.Certificate
	ca      *x509.CertPool
	kioskID string
}

// loadOrCreateKey returns the kiosk's key, generating and saving it on first use.
// The key is kept across failed enrolments so a retry with a new code needs no new
// key, and is written with 0600 permissions before anything else can read it.
func loadOrCreateKey(dir string) (crypto.Signer, error) {
	path := filepath.Join(dir, KeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		return parseKey(b)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("client: read key: %w", err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("client: generate key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("client: encode key: %w", err)
	}
	if err := writeFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return nil, fmt.Errorf("client: save key: %w", err)
	}
	return key, nil
}

func parseKey(b []byte) (crypto.Signer, error) {
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, errors.New("client: key file is not a PEM private key")
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("client: parse key: %w", err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("client: key of type %T cannot sign", k)
	}
	return s, nil
}

func makeCSR(key crypto.Signer, name string) (string, error) {
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: name},
	}, key)
	if err != nil {
		return "", fmt.Errorf("client: create CSR: %w", err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})), nil
}

// parseCAPool reads PEM certificates into a pool of roots.
func parseCAPool(b []byte) (*x509.CertPool, []*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("client: parse CA: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, nil, errors.New("client: no CA certificate in PEM")
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, certs, nil
}

// checkIssued verifies that certPEM is for key and chains to the pinned CA, so a
// kiosk never saves a certificate it could not use.
func checkIssued(certPEM []byte, key crypto.Signer, ca *x509.CertPool) (*x509.Certificate, error) {
	blk, _ := pem.Decode(certPEM)
	if blk == nil || blk.Type != "CERTIFICATE" {
		return nil, errors.New("client: issued certificate is not PEM")
	}
	c, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("client: parse issued certificate: %w", err)
	}
	pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(c.PublicKey) {
		return nil, errors.New("client: issued certificate is not for this kiosk's key")
	}
	if _, err := c.Verify(x509.VerifyOptions{Roots: ca, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		return nil, fmt.Errorf("client: issued certificate does not chain to the central CA: %w", err)
	}
	return c, nil
}

// loadIdentity reads key, certificate and CA from dir.
func loadIdentity(dir string) (*identity, error) {
	keyPEM, err1 := os.ReadFile(filepath.Join(dir, KeyFile))
	certPEM, err2 := os.ReadFile(filepath.Join(dir, CertFile))
	caPEM, err3 := os.ReadFile(filepath.Join(dir, CAFile))
	if err := errors.Join(err1, err2, err3); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %w", ErrNotEnrolled, err)
		}
		return nil, fmt.Errorf("client: load identity: %w", err)
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("client: load identity: %w", err)
	}
	pool, _, err := parseCAPool(caPEM)
	if err != nil {
		return nil, err
	}
	leaf := cert.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil, fmt.Errorf("client: load identity: %w", err)
		}
	}
	return &identity{cert: cert, ca: pool, kioskID: leaf.Subject.CommonName}, nil
}

// writeFile replaces path atomically and durably: a power cut leaves the old
// content or the new, never a torn file.
func writeFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func samePEM(a, b []byte) bool {
	_, ca, err1 := parseCAPool(a)
	_, cb, err2 := parseCAPool(b)
	if err1 != nil || err2 != nil || len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if !bytes.Equal(ca[i].Raw, cb[i].Raw) {
			return false
		}
	}
	return true
}
