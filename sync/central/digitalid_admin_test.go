package central_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
)

// The admin socket's digital-ID routes, as `central issue-id`, `issuer-keys` and
// `rotate-id-key` call them while the server holds the store.
func TestAdminSocketDigitalID(t *testing.T) {
	h := newHarness(t, storetest.MustOpenBolt)
	srv := httptest.NewServer(central.AdminHandler(h.Admin))
	defer srv.Close()
	call := func(method, path string, out any) int {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusOK && out != nil {
			if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
				t.Fatal(err)
			}
		} else {
			io.Copy(io.Discard, resp.Body)
		}
		return resp.StatusCode
	}
	var newKey string
	if st := call("POST", "/rotate-id-key", &newKey); st != 200 || newKey == "" {
		t.Fatalf("rotate-id-key: %d %q", st, newKey)
	}
	var keys []central.IssuerKey
	if st := call("GET", "/issuer-keys", &keys); st != 200 || len(keys) != 2 || keys[0].ID != newKey {
		t.Fatalf("issuer-keys: %d %+v", st, keys)
	}
	var qr string
	q := url.Values{"id": {backoffice.SyntheticPerson(2).IDNumber}, "ttl": {"2h"}}
	if st := call("POST", "/issue-id?"+q.Encode(), &qr); st != 200 {
		t.Fatalf("issue-id: %d", st)
	}
	var trusted []digitalid.Key
	for _, k := range keys {
		trusted = append(trusted, digitalid.Key{ID: k.KID, Public: k.Public, NotBefore: k.NotBefore, NotAfter: k.NotAfter})
	}
	r := digitalid.Verify(qr, trusted, time.Now())
	if r.Verdict != digitalid.Valid || !r.Copy || r.ExpiresAt.Sub(r.IssuedAt) != 2*time.Hour || string(r.KeyID) != string(keys[0].KID) {
		t.Fatalf("issued credential: %v %v %+v", r.Verdict, r.Err, r)
	}
	if st := call("POST", "/issue-id?id=1999999999", nil); st != http.StatusBadRequest {
		t.Fatalf("issue-id for a stranger: %d, want 400", st)
	}
}
