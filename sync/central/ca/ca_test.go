package ca

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"testing"
	"time"
)

func csrPEM(t testing.TB, key any) []byte {
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "ignored"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
}

func TestSignCSR(t *testing.T) {
	now := time.Now()
	a, err := New(now)
	if err != nil {
		t.Fatal(err)
	}
	// A round trip through PEM gives the same authority.
	c, k, _ := a.MarshalPEM()
	if a, err = Load(c, k); err != nil {
		t.Fatal(err)
	}
	p256, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(nil)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	good := csrPEM(t, p256)
	tampered := []byte(string(good))
	blk, _ := pem.Decode(tampered)
	blk.Bytes[len(blk.Bytes)-5] ^= 1
	tampered = pem.EncodeToMemory(blk)
	tests := []struct {
		name string
		csr  []byte
		ok   bool
	}{
		{"a P-256 request is signed", good, true},
		{"an Ed25519 request is signed", csrPEM(t, ed), true},
		{"a P-384 request is refused", csrPEM(t, p384), false},
		{"an RSA request is refused", csrPEM(t, rsaKey), false},
		{"a tampered request is refused", tampered, false},
		{"a certificate is not a request", a.CertPEM(), false},
		{"garbage is refused", []byte("hello"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			certPEM, serial, err := a.SignCSR(tt.csr, "kiosk-1", now)
			if !tt.ok {
				if !errors.Is(err, ErrCSR) {
					t.Fatalf("err = %v, want ErrCSR", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := pem.Decode(certPEM)
			cert, _ := x509.ParseCertificate(b.Bytes)
			if cert.Subject.CommonName != "kiosk-1" || cert.SerialNumber.Text(16) != serial {
				t.Fatalf("cert CN %q serial %s", cert.Subject.CommonName, serial)
			}
			_, err = cert.Verify(x509.VerifyOptions{Roots: a.Pool(), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
			if err != nil {
				t.Fatalf("kiosk cert does not chain to the CA: %v", err)
			}
		})
	}
}

func TestServerCert(t *testing.T) {
	a, _ := New(time.Now())
	tc, err := a.ServerCert([]string{"localhost", "127.0.0.1"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(tc.Certificate[0])
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: a.Pool(), DNSName: "127.0.0.1"}); err != nil {
		t.Fatal(err)
	}
}

func FuzzSignCSR(f *testing.F) {
	a, _ := New(time.Now())
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	f.Add(csrPEM(f, k))
	f.Add([]byte("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cert, _, err := a.SignCSR(b, "k", time.Now())
		if (err == nil) == (cert == nil) {
			t.Fatalf("SignCSR = %d bytes, %v", len(cert), err)
		}
	})
}
