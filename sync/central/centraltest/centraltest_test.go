package centraltest_test

import (
	"net/http"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestKitKiosksReachCentral: a raw kiosk and a real client enrolled by the kit
// reach the same central service, and Wrap sees every request before central does.
func TestKitKiosksReachCentral(t *testing.T) {
	var seen atomic.Int64
	c := centraltest.Start(t, centraltest.Options{People: 4, Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen.Add(1); h.ServeHTTP(w, r) })
	}})

	k := c.Kiosk(t)
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(2))
	if st, resp, e := k.Push(t, rec); st != http.StatusOK || len(resp.Results) != 1 || resp.Results[0].Status != wire.StatusAccepted {
		t.Fatalf("raw kiosk push: %d %+v %+v", st, resp, e)
	}
	if got := k.Status(t, rec.Ref); got.State != wire.StateCompleted {
		t.Fatalf("status of a valid registration: %+v", got)
	}
	if n := c.Records(t); n != 1 {
		t.Fatalf("central holds %d records, want 1", n)
	}

	cl, _, _ := c.Client(t, filepath.Join(t.TempDir(), "kiosk"), "kit test")
	if cl.KioskID() == "" || cl.KioskID() == k.ID {
		t.Fatalf("client enrolled as %q, raw kiosk as %q", cl.KioskID(), k.ID)
	}
	before := seen.Load()
	if err := cl.Ping(t.Context()); err != nil {
		t.Fatalf("ping: %v", err)
	}
	if seen.Load() <= before || before < 4 {
		t.Fatalf("Wrap saw %d requests before the ping and %d after", before, seen.Load())
	}
}

// TestCallTellsTransportFromRefusal: a refusal is a status and a code; a server
// that is not there is status 0 and "transport".
func TestCallTellsTransportFromRefusal(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 1})
	anon := centraltest.Anonymous(c.URL, c.CA)
	if st, e := anon.Call(t, "POST", wire.PathEnroll, wire.EnrollRequest{Code: "AAAA-BBBB-CCCC", CSR: "x"}, nil); st < 400 || st >= 500 || e.Code == "" {
		t.Errorf("enrol with a made-up code: %d %+v, want a coded 4xx", st, e)
	}
	gone := centraltest.Anonymous("https://127.0.0.1:1", c.CA)
	if st, e := gone.Call(t, "GET", wire.PathPing, nil, nil); st != 0 || e.Code != "transport" {
		t.Errorf("nothing listening: %d %+v, want 0 transport", st, e)
	}
}
