package centraltest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// Kiosk is a raw protocol client: it speaks HTTP and JSON to the central service
// directly, so tests can send what the real client (sync/client) never would —
// malformed bodies, foreign certificates, records sealed for another ID — and see
// the answer as it is on the wire.
type Kiosk struct {
	ID     string       // the kiosk ID central issued; "" for an anonymous kiosk
	Base   string       // https://host:port; change it to talk to another replica
	HTTP   *http.Client // mutual TLS when the kiosk has a certificate
	Config wire.Config  // the configuration pulled at enrolment
	// Leaf is the kiosk's certificate as central issued it; nil when anonymous.
	Leaf *x509.Certificate
	// Key is the kiosk's private key (for a renewal's CSR); nil when anonymous.
	Key *ecdsa.PrivateKey

	// sealer seals as a kiosk's outbox does, in epochs; made on first use.
	sealer *seal.Sealer
}

// Kiosk enrols a new raw kiosk with c and pulls its configuration.
func (c *Central) Kiosk(t testing.TB) *Kiosk {
	t.Helper()
	return Enroll(t, c.URL, c.CA, c.EnrollCode(t))
}

// HTTPClient is the TLS 1.3 client a kiosk uses: it trusts only pool and presents
// certs, if any.
func HTTPClient(pool *x509.CertPool, certs ...tls.Certificate) *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, Certificates: certs, MinVersion: tls.VersionTLS13},
		MaxIdleConnsPerHost: 4,
	}}
}

// Anonymous is a kiosk with no certificate, as a kiosk is before enrolment.
func Anonymous(base string, pool *x509.CertPool) *Kiosk {
	return &Kiosk{Base: base, HTTP: HTTPClient(pool)}
}

// CSR is a PEM certificate request for key, as a kiosk sends at enrolment.
func CSR(t testing.TB, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "kiosk"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

// Enroll enrols a kiosk at base (central's URL, or a central process started by the
// test) with a one-time code, trusting only pool, and pulls its configuration: the
// test fails unless both succeed.
func Enroll(t testing.TB, base string, pool *x509.CertPool, code string) *Kiosk {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var resp wire.EnrollResponse
	if st, e := Anonymous(base, pool).Call(t, "POST", wire.PathEnroll, wire.EnrollRequest{Code: code, CSR: CSR(t, key), Name: "test"}, &resp); st != http.StatusOK {
		t.Fatalf("enroll: %d %+v", st, e)
	}
	k := KioskWith(t, base, pool, resp.KioskID, []byte(resp.Certificate), key)
	if k.Config.Version == 0 {
		t.Fatalf("enrolled kiosk %s pulled no configuration", k.ID)
	}
	return k
}

// KioskWith is a kiosk that presents certPEM (with key) as kiosk id, whoever issued it;
// it tries to pull the configuration, and leaves Config empty when central refuses
// (a ghost or revoked kiosk is refused, which is what the tests that make one look
// for).
func KioskWith(t testing.TB, base string, pool *x509.CertPool, id string, certPEM []byte, key *ecdsa.PrivateKey) *Kiosk {
	t.Helper()
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(cert.Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	k := &Kiosk{ID: id, Base: base, HTTP: HTTPClient(pool, cert), Leaf: leaf, Key: key}
	k.Call(t, "GET", wire.PathConfig, nil, &k.Config)
	return k
}

// Do sends body as JSON (as is when it is []byte) and decodes a 200 answer into
// out, a 4xx or 5xx answer into e. It never touches a testing.T, so it may run on
// any goroutine; err is a transport failure or an answer that could not be read.
func (k *Kiosk) Do(method, path string, body, out any) (status int, e wire.Error, err error) {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			return 0, e, err
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, k.Base+path, r)
	if err != nil {
		return 0, e, err
	}
	if body != nil {
		req.Header.Set("Content-Type", wire.ContentType)
	}
	resp, err := k.HTTP.Do(req)
	if err != nil {
		return 0, e, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, e, fmt.Errorf("%s %s: read the answer: %w", method, path, err)
	}
	switch {
	case resp.StatusCode == http.StatusOK && out != nil:
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, e, fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	case resp.StatusCode >= 400:
		// Not every refusal has a coded body (a proxy's 502 has none): e stays empty.
		json.Unmarshal(data, &e)
	}
	return resp.StatusCode, e, nil
}

// Call is Do for the test goroutine: a transport failure is status 0 with the
// error code "transport" (tests of refusals compare codes), and an answer that
// cannot be read fails the test.
func (k *Kiosk) Call(t testing.TB, method, path string, body, out any) (int, wire.Error) {
	t.Helper()
	st, e, err := k.Do(method, path, body, out)
	switch {
	case err != nil && st == 0:
		return 0, wire.Error{Code: "transport", Message: err.Error()}
	case err != nil:
		t.Fatal(err)
	}
	return st, e
}

// NewID is time-ordered, as docs/protocol.md recommends: 16 hex digits of Unix
// nanoseconds, then 64 random bits.
func NewID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return fmt.Sprintf("%016x", time.Now().UnixNano()) + hex.EncodeToString(b)
}

// Record seals payload as a record of kind from this kiosk, to the sealing key its
// configuration names for now.
func (k *Kiosk) Record(t testing.TB, kind string, payload any) wire.Record {
	t.Helper()
	pt, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return k.RawRecord(t, kind, pt)
}

// RawRecord seals the plaintext pt as it is (Record marshals a value), for
// payloads no kiosk would send.
func (k *Kiosk) RawRecord(t testing.TB, kind string, pt []byte) wire.Record {
	t.Helper()
	key, ok := wire.SealingKeyFor(k.Config.SealingKeys, time.Now())
	if !ok {
		t.Fatal("no sealing key in config")
	}
	id := NewID()
	if k.sealer == nil || k.sealer.Key().ID != key.ID {
		var err error
		if k.sealer, err = key.NewSealer(0); err != nil {
			t.Fatal(err)
		}
	}
	sealed, err := k.sealer.Seal(id, kind, pt)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Record{ID: id, Kind: kind, KioskID: k.ID, Ref: "R-" + id[len(id)-12:], Created: time.Now().UTC(), KeyID: key.ID, Sealed: sealed}
}

// Push sends recs as one batch.
func (k *Kiosk) Push(t testing.TB, recs ...wire.Record) (int, wire.PushResponse, wire.Error) {
	t.Helper()
	var resp wire.PushResponse
	st, e := k.Call(t, "POST", wire.PathRecords, wire.PushRequest{Records: recs}, &resp)
	return st, resp, e
}

// Status looks up the request with reference ref; anything but 200 fails the test.
func (k *Kiosk) Status(t testing.TB, ref string) wire.RequestStatus {
	t.Helper()
	var st wire.RequestStatus
	if code, e := k.Call(t, "GET", wire.PathStatus+ref, nil, &st); code != http.StatusOK {
		t.Fatalf("status %s: %d %+v", ref, code, e)
	}
	return st
}

// Registration is a valid registration of synthetic person i of the registry
// backoffice.Generate writes.
func Registration(i int) *wire.Registration {
	p := backoffice.SyntheticPerson(i)
	bd := p.BirthGregorian
	if p.IDType == wire.IDCitizen {
		bd = p.BirthHijri
	}
	return &wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality, BirthDate: bd,
		Mobile: p.Mobile, Email: "test.person@example.com", Username: fmt.Sprintf("TestUser%d", i), Password: "Str0ng!Pass#", Language: "ar",
		TermsVersion: "2026-1"}
}
