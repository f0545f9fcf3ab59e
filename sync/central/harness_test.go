package central_test

import (
	"bytes"
	"context"
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

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// harness is a central service on a loopback TLS listener with a registry of 40
// synthetic people loaded.
type harness struct {
	srv     *central.Server
	st      store.Store
	admin   *central.Admin
	url     string
	pool    *x509.CertPool
	smsPath string
}

const registrySize = 40

func newHarness(t testing.TB, open func(testing.TB) store.Store) *harness {
	t.Helper()
	c := centraltest.Start(t, centraltest.Options{Open: open, People: registrySize})
	return &harness{srv: c.Server, st: c.Store, admin: c.Admin, url: c.URL, pool: c.CA, smsPath: c.SMSPath}
}

// kiosk is a tiny test client: the real one is sync/client.
type kiosk struct {
	id   string
	hc   *http.Client
	base string
	cfg  wire.Config
	// sealer seals as a kiosk's outbox does, in epochs; made on first use.
	sealer *seal.Sealer
}

func clientFor(pool *x509.CertPool, certs ...tls.Certificate) *http.Client {
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, Certificates: certs, MinVersion: tls.VersionTLS13},
		MaxIdleConnsPerHost: 4,
	}}
}

func csrFor(t testing.TB, key *ecdsa.PrivateKey) string {
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "kiosk"}}, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
}

func (h *harness) enroll(t testing.TB) *kiosk {
	t.Helper()
	code, err := h.admin.EnrollCode(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	anon := &kiosk{hc: clientFor(h.pool), base: h.url}
	var resp wire.EnrollResponse
	if st, e := anon.call(t, "POST", wire.PathEnroll, wire.EnrollRequest{Code: code, CSR: csrFor(t, key), Name: "test"}, &resp); st != 200 {
		t.Fatalf("enroll: %d %+v", st, e)
	}
	return h.kioskWith(t, resp.KioskID, []byte(resp.Certificate), key)
}

func (h *harness) kioskWith(t testing.TB, id string, certPEM []byte, key *ecdsa.PrivateKey) *kiosk {
	t.Helper()
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		t.Fatal(err)
	}
	k := &kiosk{id: id, hc: clientFor(h.pool, cert), base: h.url}
	// Refused kiosks cannot pull; the tests that use them expect exactly that.
	k.call(t, "GET", wire.PathConfig, nil, &k.cfg)
	return k
}

// call sends body as JSON (raw when it is []byte) and decodes a 200 answer into out.
func (k *kiosk) call(t testing.TB, method, path string, body, out any) (int, wire.Error) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, k.base+path, r)
	if body != nil {
		req.Header.Set("Content-Type", wire.ContentType)
	}
	resp, err := k.hc.Do(req)
	if err != nil {
		return 0, wire.Error{Code: "transport", Message: err.Error()}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var e wire.Error
	if resp.StatusCode == 200 && out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	} else if resp.StatusCode >= 400 {
		json.Unmarshal(data, &e)
	}
	return resp.StatusCode, e
}

// newID is time-ordered, as docs/protocol.md recommends: 16 hex digits of Unix
// nanoseconds, then 64 random bits.
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return fmt.Sprintf("%016x", time.Now().UnixNano()) + hex.EncodeToString(b)
}

// record seals payload as a record of kind from this kiosk.
func (k *kiosk) record(t testing.TB, kind string, payload any) wire.Record {
	t.Helper()
	key, ok := wire.SealingKeyFor(k.cfg.SealingKeys, time.Now())
	if !ok {
		t.Fatal("no sealing key in config")
	}
	pt, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	id := newID()
	if k.sealer == nil || k.sealer.Key().ID != key.ID {
		if k.sealer, err = key.NewSealer(0); err != nil {
			t.Fatal(err)
		}
	}
	sealed, err := k.sealer.Seal(id, kind, pt)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Record{ID: id, Kind: kind, KioskID: k.id, Ref: "R-" + id[len(id)-12:], Created: time.Now().UTC(), KeyID: key.ID, Sealed: sealed}
}

func (k *kiosk) push(t testing.TB, recs ...wire.Record) (int, wire.PushResponse, wire.Error) {
	t.Helper()
	var resp wire.PushResponse
	st, e := k.call(t, "POST", wire.PathRecords, wire.PushRequest{Records: recs}, &resp)
	return st, resp, e
}

func (k *kiosk) status(t testing.TB, ref string) wire.RequestStatus {
	t.Helper()
	var st wire.RequestStatus
	if code, e := k.call(t, "GET", wire.PathStatus+ref, nil, &st); code != 200 {
		t.Fatalf("status %s: %d %+v", ref, code, e)
	}
	return st
}

// registration is a valid registration of synthetic person i.
func registration(i int) *wire.Registration {
	p := backoffice.SyntheticPerson(i)
	bd := p.BirthGregorian
	if p.IDType == wire.IDCitizen {
		bd = p.BirthHijri
	}
	return &wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality, BirthDate: bd,
		Mobile: p.Mobile, Email: "test.person@example.com", Username: fmt.Sprintf("TestUser%d", i), Password: "Str0ng!Pass#", Language: "ar",
		TermsVersion: "2026-1"}
}

func (h *harness) countRecords(t testing.TB) int {
	t.Helper()
	recs, err := h.admin.Records(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

func (h *harness) lastCode(t testing.TB, mobile string) string {
	t.Helper()
	m, err := sms.Last(h.smsPath, mobile)
	if err != nil {
		t.Fatal(err)
	}
	code, ok := sms.Code(m.Text, wire.OTPDigits)
	if !ok {
		t.Fatalf("no code in SMS %q", m.Text)
	}
	return code
}

// eachBackend runs fn as a subtest on bbolt and on PostgreSQL.
func eachBackend(t *testing.T, fn func(t *testing.T, h *harness)) {
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) { fn(t, newHarness(t, b.Open)) })
	}
}

var boltOpen = storetest.MustOpenBolt

func parseLeaf(c tls.Certificate) (*x509.Certificate, error) {
	return x509.ParseCertificate(c.Certificate[0])
}
