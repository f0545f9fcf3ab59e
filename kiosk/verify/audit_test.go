package verify

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// Each check goes to the staff audit trail as its verdict and nothing of the
// holder: the verdict codes are a fixed set.
func TestAuditResult(t *testing.T) {
	want := map[string]string{
		"valid, with the seconds left":       "valid",
		"a printed copy, with the days left": "valid",
		"expired, by how long":               "expired",
		"not yet valid":                      "not_yet_valid",
		"signed by an unknown key":           "unknown_key",
		"forged":                             "forged",
		"a receipt's QR is not a digital ID": "not_digital_id",
		"a URL is not a digital ID":          "not_digital_id",
		"a stale trust list fails closed":    "no_trust",
		"no trust list fails closed":         "no_trust",
	}
	for _, c := range cases(t) {
		r, detail := auditResult(Check([]byte(c.scan), c.keys, now))
		if detail != want[c.name] || (r == staff.ResultOK) != (detail == "valid") {
			t.Errorf("%s: %s %q, want %q", c.name, r, detail, want[c.name])
		}
	}
	if r, d := auditResult(Outcome{Misread: true}); r != staff.ResultFailed || d != "misread" {
		t.Errorf("misread: %s %q", r, d)
	}
}

// The flow reports each scan to Options.Audit, with no holder data.
func TestFlowAuditsEachCheck(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	ev := &chanEvents{}
	var mu sync.Mutex
	var got []string
	f := New(Options{Events: ev, Keys: trusted, Now: func() time.Time { return now },
		Audit: func(a staff.Action, r staff.Result, d string) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, string(a)+" "+string(r)+" "+d)
		}})
	h := &host{lang: "en", w: win}
	fyne.DoAndWait(func() { win.SetContent(f.Start(h)) })
	t.Cleanup(f.Wipe)
	ev.ch <- manager.Event{Type: manager.BarcodeRead, Barcode: &scanner.Scan{Data: []byte(issue(t, key, "k1", issued, digitalid.Options{}))}}
	ev.ch <- manager.Event{Type: manager.BarcodeRead, Err: scanner.ErrTooLong}
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != "verify ok valid" || got[1] != "verify failed misread" {
		t.Fatalf("audited %q", got)
	}
	for _, g := range got {
		if strings.Contains(g, holder.ID) || strings.Contains(g, "Test Citizen") {
			t.Fatalf("audit entry %q holds the holder's data", g)
		}
	}
}
