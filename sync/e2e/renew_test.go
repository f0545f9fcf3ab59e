package e2e

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// renewCentral issues kiosk certificates living 3 hours (NotBefore an hour back):
// a lifetime of 4 hours, renewed when less than 80 minutes are left.
func renewCentral(t *testing.T) *centraltest.Central {
	return centraltest.Start(t, centraltest.Options{People: 2, Central: central.Options{KioskCertValidity: 3 * time.Hour}})
}

func TestKioskRenewsItsCertificateBeforeExpiry(t *testing.T) {
	c := renewCentral(t)
	dir := filepath.Join(t.TempDir(), "kiosk")
	cl, _, _ := c.Client(t, dir, "renewing kiosk")
	ctx := context.Background()
	now := time.Now()

	_, oldUntil := cl.Certificate()
	if cl.RenewDue(now) {
		t.Fatal("a fresh certificate is due for renewal")
	}
	if renewed, err := cl.RenewIfDue(ctx, now); renewed || err != nil {
		t.Fatalf("RenewIfDue(now) = %v, %v; want nothing done", renewed, err)
	}
	oldTLS, err := client.TLSConfig(dir)
	if err != nil {
		t.Fatal(err)
	}
	oldPEM, _ := os.ReadFile(filepath.Join(dir, client.CertFile))

	later := now.Add(2 * time.Hour) // 1 h left of 4: due
	if !cl.RenewDue(later) {
		t.Fatal("a certificate with a quarter of its life left is not due")
	}
	renewed, err := cl.RenewIfDue(ctx, later)
	if !renewed || err != nil {
		t.Fatalf("RenewIfDue(later) = %v, %v", renewed, err)
	}
	_, newUntil := cl.Certificate()
	if newUntil.Before(oldUntil) { // central's clock is the real one: same second or later
		t.Fatalf("new expiry %v before old %v", newUntil, oldUntil)
	}
	newPEM, _ := os.ReadFile(filepath.Join(dir, client.CertFile))
	if string(newPEM) == string(oldPEM) {
		t.Fatal("the renewed certificate was not saved")
	}

	// Not used yet: the old certificate still works (a lost answer locks nobody out).
	old := &http.Client{Transport: &http.Transport{TLSClientConfig: oldTLS}}
	if st := get(t, old, c.URL+wire.PathPing); st != http.StatusOK {
		t.Fatalf("old certificate before the new one is used: %d, want 200", st)
	}
	// The first call with the new one retires the old.
	if err := cl.Ping(ctx); err != nil {
		t.Fatalf("ping with the renewed certificate: %v", err)
	}
	old.CloseIdleConnections()
	if st := get(t, old, c.URL+wire.PathPing); st != http.StatusForbidden {
		t.Fatalf("old certificate after the new one was used: %d, want 403", st)
	}
	// A restarted kiosk loads the renewed identity from disk.
	re, err := client.Open(c.URL, dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if err := re.Ping(ctx); err != nil {
		t.Fatalf("reopened kiosk: %v", err)
	}
	if _, until := re.Certificate(); !until.Equal(newUntil) {
		t.Fatalf("reopened kiosk presents a certificate until %v, want %v", until, newUntil)
	}
}

// A renewal answer that never arrives: the kiosk asks again with the old
// certificate and gets another; nothing is locked out.
func TestLostRenewalAnswerIsHarmless(t *testing.T) {
	c := renewCentral(t)
	k := c.Kiosk(t)
	key := k.Key
	var first wire.RenewResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathRenew, wire.RenewRequest{CSR: centraltest.CSR(t, key)}, &first); st != http.StatusOK {
		t.Fatalf("renew: %d %+v", st, e)
	}
	// The kiosk never got `first`: it still uses its old certificate.
	if st, e := k.Call(t, http.MethodGet, wire.PathPing, nil, nil); st != http.StatusOK {
		t.Fatalf("old certificate after a lost renewal: %d %+v", st, e)
	}
	var second wire.RenewResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathRenew, wire.RenewRequest{CSR: centraltest.CSR(t, key)}, &second); st != http.StatusOK {
		t.Fatalf("second renew: %d %+v", st, e)
	}
	nk := centraltest.KioskWith(t, c.URL, c.CA, k.ID, []byte(second.Certificate), key)
	if st, e := nk.Call(t, http.MethodGet, wire.PathPing, nil, nil); st != http.StatusOK {
		t.Fatalf("renewed certificate: %d %+v", st, e)
	}
	// The certificate of the lost answer was replaced by the second: refused.
	lost := centraltest.KioskWith(t, c.URL, c.CA, k.ID, []byte(first.Certificate), key)
	if st, _ := lost.Call(t, http.MethodGet, wire.PathPing, nil, nil); st != http.StatusForbidden {
		t.Fatalf("superseded renewal: %d, want 403", st)
	}
}

func TestRenewalRefusals(t *testing.T) {
	c := renewCentral(t)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for _, tc := range []struct {
		name   string
		csr    func(k *centraltest.Kiosk) string
		revoke bool
		want   int
		code   string
	}{
		{"a CSR for another key", func(*centraltest.Kiosk) string { return centraltest.CSR(t, other) }, false, http.StatusBadRequest, wire.ErrBadRequest},
		{"no CSR", func(*centraltest.Kiosk) string { return "" }, false, http.StatusBadRequest, wire.ErrBadRequest},
		{"garbage", func(*centraltest.Kiosk) string {
			return "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"
		}, false, http.StatusBadRequest, wire.ErrBadRequest},
		{"a revoked kiosk", func(k *centraltest.Kiosk) string { return centraltest.CSR(t, k.Key) }, true, http.StatusForbidden, wire.ErrKioskRevoked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := c.Kiosk(t)
			if tc.revoke {
				if err := c.Admin.Revoke(context.Background(), k.ID); err != nil {
					t.Fatal(err)
				}
			}
			st, e := k.Call(t, http.MethodPost, wire.PathRenew, wire.RenewRequest{CSR: tc.csr(k)}, nil)
			if st != tc.want || e.Code != tc.code {
				t.Fatalf("renew: %d %q, want %d %q", st, e.Code, tc.want, tc.code)
			}
			if !tc.revoke { // nothing changed: the kiosk still works
				if st, e := k.Call(t, http.MethodGet, wire.PathPing, nil, nil); st != http.StatusOK {
					t.Fatalf("ping after a refused renewal: %d %+v", st, e)
				}
			}
		})
	}
}

func get(t *testing.T, hc *http.Client, url string) int {
	t.Helper()
	resp, err := hc.Get(url)
	if err != nil {
		var he *client.HTTPError
		if errors.As(err, &he) {
			return he.Status
		}
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
