package client_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// closedURL is an https address where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "https://" + addr
}

// TestFetchCA fetches the CA from a real central and from things that are not
// one, and enrols with what was fetched.
func TestFetchCA(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 1})
	other := centraltest.Start(t, centraltest.Options{People: 1, Central: central.Options{Hosts: []string{"central.example"}}})
	plain := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(plain.Close)
	notCentral := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(notCentral.Close)
	garbage := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "<html>hello</html>") }))
	t.Cleanup(garbage.Close)

	for _, tc := range []struct {
		name string
		url  string
		want error // nil: the central's own CA comes back
	}{
		{"a central serves its CA", c.URL, nil},
		{"a trailing slash is fine", c.URL + "/", nil},
		{"nothing listening is offline", closedURL(t), client.ErrOffline},
		{"plain HTTP is not a central", "https://" + plain.Listener.Addr().String(), client.ErrNotCentral},
		{"a web server without /v1/ca is not a central", notCentral.URL, client.ErrNotCentral},
		{"a page that is no PEM is not a central", garbage.URL, client.ErrNotCentral},
		{"a central under another name is the wrong host", other.URL, client.ErrWrongHost},
		{"http is refused before dialling", "http://" + c.Addr, client.ErrBadURL},
		{"a port out of range is refused", "https://127.0.0.1:70000", client.ErrBadURL},
		{"an address with a query is refused", c.URL + "?x=1", client.ErrBadURL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := client.FetchCA(context.Background(), tc.url, client.Options{})
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("FetchCA = %v; want %v", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			fp, err := wire.CAFingerprint(got)
			want, _ := wire.CAFingerprint(c.CAPEM)
			if err != nil || fp != want {
				t.Fatalf("fingerprint %q, %v; want %q", fp, err, want)
			}
		})
	}
	t.Run("a wrong-host error is also untrusted", func(t *testing.T) {
		_, err := client.FetchCA(context.Background(), other.URL, client.Options{})
		if !errors.Is(err, client.ErrUntrusted) {
			t.Fatalf("FetchCA = %v; want ErrUntrusted too", err)
		}
	})
	t.Run("what was fetched enrols", func(t *testing.T) {
		ca, err := client.FetchCA(context.Background(), c.URL, client.Options{})
		if err != nil {
			t.Fatal(err)
		}
		cl, err := client.Enroll(context.Background(), c.URL, filepath.Join(t.TempDir(), "id"), client.Enrollment{Code: c.EnrollCode(t), CA: ca}, client.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		if err := cl.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzCheckURL feeds addresses as a technician might type them: whatever is
// accepted is https with a host, and carries nothing but a host, a port and a
// path.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://central.example:8443", "https://10.0.0.5", "http://x", "https://[::1]:8443/", "https://u@h", "https://h:0", "https://h:99999", " https://h "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := client.CheckURL(s)
		if err != nil {
			if !errors.Is(err, client.ErrBadURL) {
				t.Fatalf("CheckURL(%q) = %v, not ErrBadURL", s, err)
			}
			return
		}
		if u.Scheme != "https" || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			t.Fatalf("CheckURL(%q) accepted %#v", s, u)
		}
	})
}
