package enrol

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestEnrolOnTheScreen enrols a kiosk with a real central service through the
// screen, in both languages: address, fingerprint, code, done, and then the
// identity saved is one the central service serves.
func TestEnrolOnTheScreen(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 1})
	wantFP, err := wire.CAFingerprint(c.CAPEM)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := window(t)
			dir := filepath.Join(t.TempDir(), "identity")
			done := make(chan string, 1)
			var sc *Screen
			fyne.DoAndWait(func() {
				sc = NewScreen(w, ScreenOptions{Funcs: realFuncs(dir), URL: c.URL, Lang: l, Done: func(id string) { done <- id }})
			})
			waitLabel(t, w, i18n.T(l, "enrol.address.intro"))
			u, _ := url.Parse(c.URL)
			if fs := fields(w); len(fs) != 2 || fs[0].Text != u.Hostname() || fs[1].Text != u.Port() {
				t.Fatalf("address fields not prefilled from the configuration: %d fields", len(fs))
			}
			snap(t, w, string(l)+"-1-address")

			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			waitLabel(t, w, first(wantFP))
			if sc.Step() != "fingerprint" {
				t.Fatalf("step %s", sc.Step())
			}
			snap(t, w, string(l)+"-2-fingerprint")
			tap(t, w, i18n.T(l, "enrol.fingerprint.yes"))
			waitLabel(t, w, i18n.T(l, "enrol.code.intro"))
			fs := fields(w)
			if len(fs) != 1 {
				t.Fatalf("%d fields on the code step", len(fs))
			}
			typeInto(t, fs[0], c.EnrollCode(t))
			snap(t, w, string(l)+"-3-code")
			tap(t, w, i18n.T(l, "enrol.code.enrol"))
			waitLabel(t, w, i18n.T(l, "enrol.done.next"))
			id := enrolled(t, dir)
			if id == "" {
				t.Fatal("done shown, but no identity saved")
			}
			waitLabel(t, w, i18n.Tf(l, "enrol.done.body", id, c.URL))
			snap(t, w, string(l)+"-4-done")
			tap(t, w, i18n.T(l, "enrol.done.go"))
			if got := <-done; got != id {
				t.Fatalf("Done(%q), want %q", got, id)
			}
			cl, err := client.Open(c.URL, dir, client.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			if err := cl.Ping(context.Background()); err != nil {
				t.Fatalf("the enrolled identity is not served: %v", err)
			}
		})
	}
}

// TestEnrolFailures walks each failure through the screen against a real
// central service: the message shown next to its field, the step it leaves the
// technician on, and no identity saved.
func TestEnrolFailures(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 1})
	elsewhere := centraltest.Start(t, centraltest.Options{People: 1, Central: central.Options{Hosts: []string{"central.example"}}})
	eu, _ := url.Parse(elsewhere.URL)
	notCentral := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(notCentral.Close)
	u, _ := url.Parse(c.URL)
	nu, _ := url.Parse(notCentral.URL)
	type act func(t *testing.T, w fyne.Window, l i18n.Lang)
	address := func(host, port string) act {
		return func(t *testing.T, w fyne.Window, l i18n.Lang) {
			fs := fields(w)
			typeInto(t, fs[0], host)
			typeInto(t, fs[1], port)
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
		}
	}
	toCode := func(code func(t *testing.T) string) act {
		return func(t *testing.T, w fyne.Window, l i18n.Lang) {
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			tap(t, w, i18n.T(l, "enrol.fingerprint.yes"))
			waitLabel(t, w, i18n.T(l, "enrol.code.intro"))
			typeInto(t, fields(w)[0], code(t))
			tap(t, w, i18n.T(l, "enrol.code.enrol"))
		}
	}
	for _, tc := range []struct {
		name string
		do   act
		key  string // the message shown
		step string // where the technician is left
	}{
		{"a wrong code is refused", toCode(func(*testing.T) string { return "AAAA-BBBB-CCCC" }), "enrol.err.code", "code"},
		{"a used code is refused", toCode(func(t *testing.T) string { return usedCode(t, c) }), "enrol.err.code", "code"},
		{"no code is asked for", toCode(func(*testing.T) string { return "" }), "enrol.err.code_empty", "code"},
		{"a declined fingerprint ends the attempt", func(t *testing.T, w fyne.Window, l i18n.Lang) {
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			tap(t, w, i18n.T(l, "enrol.fingerprint.no"))
		}, "enrol.err.declined", "address"},
		{"an unreachable address is explained", address("127.0.0.1", closedPort(t)), "enrol.err.offline", "address"},
		{"a server that is not a central is explained", address(nu.Hostname(), nu.Port()), "enrol.err.not_central", "address"},
		{"central under another name is explained", address(eu.Hostname(), eu.Port()), "enrol.err.wrong_host", "address"},
		{"a name that does not resolve is unreachable", address("central.invalid", u.Port()), "enrol.err.offline", "address"},
		{"a port that is no port is explained", address(u.Hostname(), "99999"), "enrol.err.bad_url", "address"},
	} {
		for _, l := range i18n.Langs {
			t.Run(tc.name+"/"+string(l), func(t *testing.T) {
				w := window(t)
				dir := filepath.Join(t.TempDir(), "identity")
				var sc *Screen
				fyne.DoAndWait(func() {
					sc = NewScreen(w, ScreenOptions{Funcs: realFuncs(dir), URL: c.URL, Lang: l, Done: func(string) { t.Error("Done after a failure") }})
				})
				tc.do(t, w, l)
				waitLabel(t, w, i18n.T(l, tc.key))
				var step string
				fyne.DoAndWait(func() { step = sc.Step() })
				if step != tc.step {
					t.Errorf("left on step %s, want %s", step, tc.step)
				}
				if id := enrolled(t, dir); id != "" {
					t.Fatalf("enrolled as %s after a failure", id)
				}
				if tc.key == "enrol.err.code" || tc.key == "enrol.err.declined" {
					snap(t, w, string(l)+"-err-"+tc.key[len("enrol.err."):])
				}
			})
		}
	}
}

// TestProblemPlacesEveryError maps each error the client returns to a message
// and the field it is shown beside.
func TestProblemPlacesEveryError(t *testing.T) {
	for _, tc := range []struct {
		err   error
		field Field
		key   string
	}{
		{ErrDeclined, FieldFingerprint, "enrol.err.declined"},
		{client.ErrBadURL, FieldAddress, "enrol.err.bad_url"},
		{client.ErrNotCentral, FieldAddress, "enrol.err.not_central"},
		{errors.Join(client.ErrUntrusted, client.ErrWrongHost), FieldAddress, "enrol.err.wrong_host"},
		{client.ErrUntrusted, FieldAddress, "enrol.err.untrusted"},
		{&client.HTTPError{Status: 403, Code: wire.ErrEnrollCodeInvalid}, FieldCode, "enrol.err.code"},
		{&client.HTTPError{Status: 403, Code: wire.ErrKioskRevoked}, FieldCode, "enrol.err.revoked"},
		{&client.HTTPError{Status: 429}, FieldCode, "enrol.err.rate_limited"},
		{&client.HTTPError{Status: 400, Code: wire.ErrBadRequest}, FieldCode, "enrol.err.rejected"},
		{&client.HTTPError{Status: 503}, FieldAddress, "enrol.err.offline"},
		{context.DeadlineExceeded, FieldAddress, "enrol.err.offline"},
		{ErrSaveConfig, FieldCode, "enrol.err.config"},
		{errors.New("disk full"), FieldCode, "enrol.err.other"},
	} {
		f, key := Problem(tc.err)
		if f != tc.field || key != tc.key {
			t.Errorf("Problem(%v) = %d %s; want %d %s", tc.err, f, key, tc.field, tc.key)
		}
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, key) {
				t.Errorf("%s has no %s text", key, l)
			}
		}
	}
}

// TestScreenLanguageSwitch switches language mid-way: the step is shown in the
// other language with what was typed still there.
func TestScreenLanguageSwitch(t *testing.T) {
	w := window(t)
	fake := Funcs{
		FetchCA: func(context.Context, string) ([]byte, error) { return nil, client.ErrOffline },
		Enrol:   func(context.Context, string, string, []byte) (string, error) { return "", client.ErrOffline },
	}
	var sc *Screen
	fyne.DoAndWait(func() {
		sc = NewScreen(w, ScreenOptions{Funcs: fake, URL: "https://central.example:8443", Done: func(string) {}})
	})
	waitLabel(t, w, i18n.T(i18n.AR, "enrol.address.intro"))
	typeInto(t, fields(w)[0], "central2.example")
	tap(t, w, i18n.T(i18n.AR, "enrol.lang.switch"))
	waitLabel(t, w, i18n.T(i18n.EN, "enrol.address.intro"))
	fs := fields(w)
	if fs[0].Text != "central2.example" || fs[1].Text != "8443" {
		t.Fatalf("after the switch the fields hold %q and %q", fs[0].Text, fs[1].Text)
	}
	var l i18n.Lang
	fyne.DoAndWait(func() { l = sc.Lang() })
	if l != i18n.EN {
		t.Fatalf("language %s", l)
	}
	tap(t, w, i18n.T(i18n.EN, "enrol.address.fetch"))
	waitLabel(t, w, i18n.T(i18n.EN, "enrol.err.offline"))
}
