package diag

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// hasLatinWord reports whether an Arabic text shows an English word: a code
// that reached the screen untranslated.
func hasLatinWord(s string) bool {
	run := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' {
			run++
			if run >= 3 {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// TestEveryCodeHasAText checks every code the device manager, the sync engine,
// the connection check and the readers can produce has a text of its own in
// both languages (not the fallback), and that the Arabic one shows no English.
func TestEveryCodeHasAText(t *testing.T) {
	type code struct{ prefix, code string }
	var codes []code
	for _, d := range manager.Details {
		codes = append(codes, code{"device.detail.", d})
	}
	codes = append(codes, code{"device.detail.", shell.DetailPaperOut})
	for _, c := range engine.Codes {
		codes = append(codes, code{"sync.error.", c})
	}
	for _, err := range pingErrors() {
		codes = append(codes, code{"sync.error.", pingCode(err)})
	}
	for c := mrz.CodeLayout; c <= mrz.CodeFrame; c++ {
		codes = append(codes, code{"diag.misread.", strings.ReplaceAll(c.String(), " ", "_")})
	}
	for c := magstripe.CodeFormat; c <= magstripe.CodeNoTrack; c++ {
		codes = append(codes, code{"diag.misread.", strings.ReplaceAll(c.String(), " ", "_")})
	}
	codes = append(codes, code{"diag.misread.", "frame"})
	for _, c := range codes {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, c.prefix+c.code) {
				t.Errorf("%s: no text for %s%s", l, c.prefix, c.code)
			}
		}
		if ar := i18n.T(i18n.AR, c.prefix+c.code); hasLatinWord(ar) {
			t.Errorf("%s%s in Arabic shows English: %q", c.prefix, c.code, ar)
		}
	}
}

// pingErrors are the failures a connection check meets, as sync/client
// returns them.
func pingErrors() map[string]error {
	return map[string]error{
		"transport":    fmt.Errorf("%w: ping: dial tcp: connection refused", client.ErrOffline),
		"timeout":      fmt.Errorf("%w: ping: %w", client.ErrOffline, context.DeadlineExceeded),
		"server":       &client.HTTPError{Op: "ping", Status: 503},
		"rate_limited": &client.HTTPError{Op: "ping", Status: 429},
		"rejected":     &client.HTTPError{Op: "ping", Status: 400, Code: "bad_request"},
		"unauthorized": &client.HTTPError{Op: "ping", Status: 401},
		"revoked":      &client.HTTPError{Op: "ping", Status: 403, Code: wire.ErrKioskRevoked},
		"untrusted":    fmt.Errorf("%w: ping: x509: unknown authority", client.ErrUntrusted),
		"wrong_host":   fmt.Errorf("%w: %w: ping", client.ErrUntrusted, client.ErrWrongHost),
	}
}

func TestPingCodes(t *testing.T) {
	for want, err := range pingErrors() {
		if got := pingCode(err); got != want {
			t.Errorf("pingCode(%v) = %q, want %q", err, got, want)
		}
	}
}

// TestFailuresAreSaidInTheLanguage checks a failed test says its cause in
// words of the screen's language; the code goes to the audit trail only.
func TestFailuresAreSaidInTheLanguage(t *testing.T) {
	for _, tc := range []struct {
		err       error
		wantAudit string
	}{
		{&printer.Error{Code: printer.CoverOpen, Op: "print"}, "printer_cover_open"},
		{&printer.Error{Code: printer.PaperOutError, Op: "print"}, "printer_paper_out"},
		{&fingerprint.Error{Code: fingerprint.CodeImageFail, Op: "GenImg"}, "sensor_0x03"},
	} {
		for _, l := range i18n.Langs {
			o, code := failure(l, tc.err)
			if code != tc.wantAudit || !o.failed {
				t.Errorf("%v: audit %q, want %q", tc.err, code, tc.wantAudit)
			}
			if strings.Contains(o.text, "cover open") || strings.Contains(o.text, "GenImg") || strings.Contains(o.text, "%!") {
				t.Errorf("%s: %v shown as %q", l, tc.err, o.text)
			}
			if l == i18n.AR && hasLatinWord(o.text) {
				t.Errorf("%v in Arabic shows English: %q", tc.err, o.text)
			}
		}
	}
	for _, c := range []string{"check digit", "luhn", "tracks disagree", "frame", "something new"} {
		o, audit := misread(i18n.AR, c)
		if hasLatinWord(o.text) || !strings.HasPrefix(audit, "misread_") {
			t.Errorf("misread %q: %q, audit %q", c, o.text, audit)
		}
	}
}

// fakeDevices is a device manager whose devices are in the given states.
type fakeDevices struct{ st []manager.Status }

func (d fakeDevices) Statuses() []manager.Status { return d.st }
func (fakeDevices) Print(context.Context, string, receipt.Receipt) error {
	return manager.ErrUnavailable
}
func (fakeDevices) CaptureFinger(context.Context, string) ([]byte, error) {
	return nil, manager.ErrUnavailable
}
func (fakeDevices) Subscribe(int) (<-chan manager.Event, func()) {
	return make(chan manager.Event), func() {}
}

// TestScreenSaysCodesInItsLanguage shows the diagnostics with a device that is
// not plugged in, a printer with its cover open, a last sending failure and
// audit entries waiting: every cause is said in words of the screen's
// language, the audit entries are counted apart from the requests.
func TestScreenSaysCodesInItsLanguage(t *testing.T) {
	now := time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC)
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			st := outbox.Stats{Queued: 5, InFlight: 1, Delivered: 7, Kinds: map[string]outbox.KindCounts{
				wire.KindRegistration: {Queued: 2, InFlight: 1}, wire.KindActivation: {Queued: 1},
				wire.KindStaffAudit: {Queued: 2}}}
			f := New(Options{Stats: func() (outbox.Stats, error) { return st, nil }, Kick: func() {},
				Ping: func(context.Context) error { return nil },
				Devices: fakeDevices{[]manager.Status{
					{Name: "printer", Kind: manager.Printer, State: manager.StateUserError, Paper: manager.PaperFull, Detail: manager.DetailCoverOpen},
					{Name: "cardreader", Kind: manager.CardReader, State: manager.StateNoDevice, Detail: manager.DetailPortNotFound},
					{Name: "fingerprint", Kind: manager.Fingerprint, State: manager.StateOffline, Detail: manager.DetailNoReply},
				}},
				Frozen: func() error { return nil },
				Sync: func() engine.Status {
					return engine.Status{LastSuccess: now.Add(-time.Hour), LastErrorAt: now,
						LastError:     `client: push: Post "https://central.example:8443/v1/records": dial tcp: connection refused`,
						LastErrorCode: engine.CodeTransport}
				}})
			h := &host{lang: l, w: w}
			fyne.DoAndWait(func() { w.SetContent(f.Start(h)) })
			waitLabel(t, w, i18n.Tf(l, "diag.requests.waiting", 3))
			waitLabel(t, w, i18n.Tf(l, "diag.requests.inflight", 1))
			waitLabel(t, w, i18n.Tf(l, "diag.audit.waiting", 2))
			waitLabel(t, w, i18n.Tf(l, "diag.lastsync.failed", now.Format(time.DateTime), i18n.T(l, "sync.error.transport")))
			// Not plugged in says the port is not there: not said twice.
			waitLabel(t, w, i18n.T(l, "diag.state.noDevice"))
			waitLabel(t, w, i18n.T(l, "diag.state.offline")+" ("+i18n.T(l, "device.detail.no_reply")+")")
			waitLabel(t, w, i18n.T(l, "diag.state.userError")+" · "+i18n.T(l, "diag.paper.full")+" ("+i18n.T(l, "device.detail.cover_open")+")")
			snap(t, w, string(l)+"-codes")
			if labelShownWhere(w, func(s string) bool { return strings.Contains(s, "dial tcp") || strings.Contains(s, "port_not_found") }) {
				t.Error("a raw code or error chain is on the screen")
			}
		})
	}
}

func labelShownWhere(w fyne.Window, match func(string) bool) bool {
	var found bool
	fyne.DoAndWait(func() {
		for _, l := range screentest.All[*rtl.Label](w.Canvas(), nil) {
			found = found || match(l.Text)
		}
	})
	return found
}
