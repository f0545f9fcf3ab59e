package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// fakeCentral serves enrolment and lets each test add handlers; every other /v1
// call requires a client certificate, like the real service.
type fakeCentral struct {
	ca  *testCA
	srv *httptest.Server
	mux *http.ServeMux
}

func newFakeCentral(t *testing.T) *fakeCentral {
	t.Helper()
	f := &fakeCentral{ca: newTestCA(t), mux: http.NewServeMux()}
	f.mux.HandleFunc("POST "+wire.PathEnroll, func(w http.ResponseWriter, r *http.Request) {
		var req wire.EnrollRequest
		json.NewDecoder(r.Body).Decode(&req)
		if req.Code != "ABCD-1234" {
			answer(w, 403, wire.Error{Code: wire.ErrEnrollCodeInvalid, Message: "unknown code"})
			return
		}
		answer(w, 200, wire.EnrollResponse{KioskID: "kiosk-7", Certificate: string(f.ca.signCSR(t, req.CSR, "kiosk-7")), CA: string(f.ca.pem)})
	})
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != wire.PathEnroll && (r.TLS == nil || len(r.TLS.PeerCertificates) == 0) {
			answer(w, 401, wire.Error{Code: wire.ErrUnauthenticated, Message: "client certificate required"})
			return
		}
		f.mux.ServeHTTP(w, r)
	}))
	f.srv.TLS = f.ca.serverTLS(t)
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	return f
}

func answer(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", wire.ContentType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// enrolled returns a client enrolled with f in a fresh directory.
func enrolled(t *testing.T, f *fakeCentral) (*Client, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "kiosk")
	c, err := Enroll(t.Context(), f.srv.URL, dir, Enrollment{Code: " ABCD-1234 ", CA: f.ca.pem, Name: "Test branch"}, Options{})
	if err != nil {
		t.Fatalf("Enroll: %v", err)
	}
	t.Cleanup(c.Close)
	return c, dir
}

func TestEnrollSavesIdentityAndTalksMutualTLS(t *testing.T) {
	f := newFakeCentral(t)
	f.mux.HandleFunc("GET "+wire.PathPing, func(w http.ResponseWriter, r *http.Request) {
		answer(w, 200, wire.Pong{KioskID: r.TLS.PeerCertificates[0].Subject.CommonName})
	})
	c, dir := enrolled(t, f)
	if c.KioskID() != "kiosk-7" {
		t.Fatalf("KioskID %q, want kiosk-7", c.KioskID())
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	if err := c.Ping(t.Context()); err != nil {
		t.Fatalf("Ping over mutual TLS: %v", err)
	}
	// A restarted kiosk opens the same identity.
	c2, err := Open(f.srv.URL, dir, Options{})
	if err != nil || c2.KioskID() != "kiosk-7" {
		t.Fatalf("Open after enrolment: %v, kiosk %q", err, c2.KioskID())
	}
	if err := c2.Ping(t.Context()); err != nil {
		t.Fatalf("Ping after reopening: %v", err)
	}
}

func TestEnrollFailures(t *testing.T) {
	f := newFakeCentral(t)
	other := newTestCA(t)
	tests := []struct {
		name string
		e    Enrollment
		want error
	}{
		{"when the code is wrong, ErrEnrollCode", Enrollment{Code: "WRONG", CA: f.ca.pem}, ErrEnrollCode},
		{"when the server is not from the given CA, ErrUntrusted", Enrollment{Code: "ABCD-1234", CA: other.pem}, ErrUntrusted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Enroll(t.Context(), f.srv.URL, dir, tt.e, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Enroll = %v, want %v", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, CertFile)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("a certificate was saved after a failed enrolment: %v", err)
			}
			if _, err := Open(f.srv.URL, dir, Options{}); !errors.Is(err, ErrNotEnrolled) {
				t.Fatalf("Open after failed enrolment = %v, want ErrNotEnrolled", err)
			}
		})
	}
	t.Run("when the CA is not PEM, refused before any network", func(t *testing.T) {
		if _, err := Enroll(t.Context(), "https://127.0.0.1:1", t.TempDir(), Enrollment{Code: "x", CA: []byte("junk")}, Options{}); err == nil {
			t.Fatal("Enroll with a junk CA succeeded")
		}
	})
	t.Run("when the answer names another CA, nothing is saved", func(t *testing.T) {
		g := newFakeCentral(t)
		g.mux = http.NewServeMux()
		g.mux.HandleFunc("POST "+wire.PathEnroll, func(w http.ResponseWriter, r *http.Request) {
			var req wire.EnrollRequest
			json.NewDecoder(r.Body).Decode(&req)
			answer(w, 200, wire.EnrollResponse{KioskID: "kiosk-7", Certificate: string(other.signCSR(t, req.CSR, "kiosk-7")), CA: string(other.pem)})
		})
		dir := t.TempDir()
		if _, err := Enroll(t.Context(), g.srv.URL, dir, Enrollment{Code: "x", CA: g.ca.pem}, Options{}); err == nil {
			t.Fatal("Enroll accepted a certificate from another CA")
		}
		if _, err := os.Stat(filepath.Join(dir, CAFile)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("CA saved after a refused answer: %v", err)
		}
	})
}

func TestKeyIsKeptAcrossEnrolmentAttempts(t *testing.T) {
	f := newFakeCentral(t)
	dir := t.TempDir()
	if _, err := Enroll(t.Context(), f.srv.URL, dir, Enrollment{Code: "WRONG", CA: f.ca.pem}, Options{}); err == nil {
		t.Fatal("wrong code accepted")
	}
	key1, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if _, err := Enroll(t.Context(), f.srv.URL, dir, Enrollment{Code: "ABCD-1234", CA: f.ca.pem}, Options{}); err != nil {
		t.Fatal(err)
	}
	key2, _ := os.ReadFile(filepath.Join(dir, KeyFile))
	if len(key1) == 0 || string(key1) != string(key2) {
		t.Fatal("the kiosk key changed between enrolment attempts")
	}
}

func TestErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		retryAfter string
		want       []error
		notWant    []error
		code       string
	}{
		{"when 500, offline (retry)", 500, `{"code":"internal","message":"x"}`, "", []error{ErrOffline}, []error{ErrRejected}, wire.ErrInternal},
		{"when 503 from a proxy page, offline without a code", 503, `<html>bad gateway</html>`, "7", []error{ErrOffline}, nil, ""},
		{"when 400, rejected with its code", 400, `{"code":"bad_request","message":"missing id"}`, "", []error{ErrRejected}, []error{ErrOffline, ErrUnauthorized}, wire.ErrBadRequest},
		{"when 413, rejected", 413, `{"code":"body_too_large","message":"x"}`, "", []error{ErrRejected}, nil, wire.ErrBodyTooLarge},
		{"when revoked, unauthorized and revoked", 403, `{"code":"kiosk_revoked","message":"x"}`, "", []error{ErrUnauthorized, ErrRevoked}, []error{ErrRejected}, wire.ErrKioskRevoked},
		{"when unknown kiosk, unauthorized not revoked", 403, `{"code":"kiosk_unknown","message":"x"}`, "", []error{ErrUnauthorized}, []error{ErrRevoked}, wire.ErrKioskUnknown},
		{"when 404, not found", 404, `{"code":"not_found","message":"x"}`, "", []error{ErrNotFound}, []error{ErrRejected}, wire.ErrNotFound},
		{"when 429, rate limited with a delay", 429, `{"code":"rate_limited","message":"x"}`, "120", []error{ErrRateLimited}, []error{ErrRejected, ErrOffline}, wire.ErrRateLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeCentral(t)
			f.mux.HandleFunc("GET "+wire.PathStatus+"{ref}", func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			c, _ := enrolled(t, f)
			_, err := c.RequestStatus(t.Context(), "BWB-TEST-0001")
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not match %v", err, w)
				}
			}
			for _, w := range tt.notWant {
				if errors.Is(err, w) {
					t.Errorf("error %v matches %v", err, w)
				}
			}
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != tt.status || he.Code != tt.code {
				t.Fatalf("HTTPError %+v, want status %d code %q", he, tt.status, tt.code)
			}
			if tt.retryAfter == "120" && he.RetryAfter != 2*time.Minute {
				t.Fatalf("RetryAfter %v, want 2m", he.RetryAfter)
			}
		})
	}
}

func TestTransportFailuresAreOffline(t *testing.T) {
	f := newFakeCentral(t)
	f.mux.HandleFunc("POST "+wire.PathRecords, func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		io.WriteString(w, `{"results":[{"id":"a","status":"acc`) // cut off
	})
	f.mux.HandleFunc("GET "+wire.PathPing, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"kiosk_id": 12`) // malformed
	})
	silent := make(chan struct{})
	f.mux.HandleFunc("POST "+wire.PathOTPSend, func(w http.ResponseWriter, r *http.Request) {
		select { // never answers in time
		case <-r.Context().Done():
		case <-silent:
		}
	})
	c, dir := enrolled(t, f)
	t.Cleanup(func() { close(silent) }) // before the server's Close, which waits for handlers
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	_, pushErr := c.Push(t.Context(), []wire.Record{{ID: "a"}})
	_, otpErr := c.SendOTP(ctx, wire.OTPSendRequest{Mobile: "+966500000001", Purpose: wire.PurposeRegistration})
	down, _ := Open("https://127.0.0.1:1", dir, Options{})
	for name, err := range map[string]error{
		"truncated answer": pushErr,
		"malformed answer": c.Ping(t.Context()),
		"no answer":        otpErr,
		"refused":          down.Ping(t.Context()),
	} {
		var he *HTTPError
		if !errors.Is(err, ErrOffline) || errors.As(err, &he) {
			t.Errorf("%s: %v, want ErrOffline and no HTTPError", name, err)
		}
	}
}

func TestUnknownClientCertificateIsRefused(t *testing.T) {
	f := newFakeCentral(t)
	f.mux.HandleFunc("GET "+wire.PathPing, func(w http.ResponseWriter, r *http.Request) { answer(w, 200, wire.Pong{}) })
	g := newFakeCentral(t) // another central with its own CA
	_, dir := enrolled(t, g)
	// Pin f's CA so the server is trusted, keep the certificate g issued.
	if err := os.WriteFile(filepath.Join(dir, CAFile), f.ca.pem, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Open(f.srv.URL, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Ping(t.Context())
	if err == nil {
		t.Fatal("a certificate from another CA was accepted")
	}
}

func TestPullConfigCachesForOffline(t *testing.T) {
	f := newFakeCentral(t)
	var version atomic.Int64
	version.Store(3)
	var sinces []string
	f.mux.HandleFunc("GET "+wire.PathConfig, func(w http.ResponseWriter, r *http.Request) {
		since := r.URL.Query().Get("since")
		sinces = append(sinces, since)
		v := version.Load()
		if since == fmt.Sprint(v) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		answer(w, 200, wire.Config{Version: v, TermsVersion: "t1", Terms: wire.Text{AR: "الشروط", EN: "Terms"},
			Services: []string{wire.ServiceRegistration}, Settings: map[string]string{"idle_timeout_seconds": "90"}})
	})
	c, dir := enrolled(t, f)
	if _, err := c.CachedConfig(); !errors.Is(err, ErrNoConfig) {
		t.Fatalf("CachedConfig before any pull = %v, want ErrNoConfig", err)
	}
	steps := []struct {
		name        string
		wantVersion int64
		wantChanged bool
		bump        bool
	}{
		{"first pull fetches", 3, true, false},
		{"unchanged answers 304", 3, false, false},
		{"a new version travels", 4, true, true},
	}
	for _, s := range steps {
		if s.bump {
			version.Add(1)
		}
		cfg, changed, err := c.PullConfig(t.Context())
		if err != nil || cfg.Version != s.wantVersion || changed != s.wantChanged {
			t.Fatalf("%s: version %d changed %v err %v; want %d %v", s.name, cfg.Version, changed, err, s.wantVersion, s.wantChanged)
		}
	}
	if want := []string{"", "3", "3"}; strings.Join(sinces, ",") != strings.Join(want, ",") {
		t.Fatalf("since parameters %q, want %q", sinces, want)
	}
	f.srv.Close()
	offline, err := Open(f.srv.URL, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := offline.PullConfig(t.Context()); !errors.Is(err, ErrOffline) {
		t.Fatalf("PullConfig with the central down = %v, want ErrOffline", err)
	}
	cfg, err := offline.CachedConfig()
	if err != nil || cfg.Version != 4 || cfg.Terms.AR != "الشروط" || cfg.Settings["idle_timeout_seconds"] != "90" {
		t.Fatalf("CachedConfig after restart offline = %+v, %v", cfg, err)
	}
}

func TestLiveCallsUseTheirPaths(t *testing.T) {
	f := newFakeCentral(t)
	echo := func(path string, resp any) {
		f.mux.HandleFunc("POST "+path, func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Content-Type") != wire.ContentType {
				answer(w, 415, wire.Error{Code: wire.ErrUnsupportedMedia})
				return
			}
			answer(w, 200, resp)
		})
	}
	echo(wire.PathOTPSend, wire.OTPSendResponse{ChallengeID: "ch-1"})
	echo(wire.PathOTPVerify, wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK})
	echo(wire.PathIDLookup, wire.IDLookupResponse{InRegistry: true, HasAccount: true})
	echo(wire.PathMobileCheck, wire.MobileCheckResponse{Owner: wire.OwnerOther})
	echo(wire.PathFingerprintMatch, wire.FingerprintMatchResponse{Match: true, Score: 0.93})
	echo(wire.PathDigitalID, wire.DigitalID{QR: "QR-TEXT"})
	echo(wire.PathRecords, wire.PushResponse{Results: []wire.PushResult{{ID: "r1", Status: wire.StatusAccepted}}})
	f.mux.HandleFunc("GET "+wire.PathStatus+"{ref}", func(w http.ResponseWriter, r *http.Request) {
		answer(w, 200, wire.RequestStatus{Ref: r.PathValue("ref"), State: wire.StateCompleted})
	})
	c, _ := enrolled(t, f)
	ctx := t.Context()
	otp, err1 := c.SendOTP(ctx, wire.OTPSendRequest{Mobile: "+966500000001", Purpose: wire.PurposeRegistration})
	ver, err2 := c.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: "ch-1", Code: "123456"})
	id, err3 := c.LookupID(ctx, wire.IDLookupRequest{IDNumber: "1000000008"})
	mob, err4 := c.CheckMobile(ctx, wire.MobileCheckRequest{Mobile: "+966500000001", IDNumber: "1000000008"})
	fp, err5 := c.MatchFingerprint(ctx, wire.FingerprintMatchRequest{IDNumber: "1000000008", Template: []byte{1, 2, 3}})
	did, err6 := c.IssueDigitalID(ctx, wire.DigitalIDRequest{IDNumber: "1000000008"})
	res, err7 := c.Push(ctx, []wire.Record{{ID: "r1"}})
	st, err8 := c.RequestStatus(ctx, "BWB 0001/x")
	if err := errors.Join(err1, err2, err3, err4, err5, err6, err7, err8); err != nil {
		t.Fatal(err)
	}
	if otp.ChallengeID != "ch-1" || !ver.Verified || !id.HasAccount || mob.Owner != wire.OwnerOther ||
		!fp.Match || did.QR != "QR-TEXT" || len(res) != 1 || res[0].Status != wire.StatusAccepted || st.Ref != "BWB 0001/x" {
		t.Fatalf("answers not decoded: %+v %+v %+v %+v %+v %+v %+v %+v", otp, ver, id, mob, fp, did, res, st)
	}
}

func FuzzHTTPError(f *testing.F) {
	f.Add(400, `{"code":"bad_request","message":"missing id"}`, "")
	f.Add(503, `<html>`, "30")
	f.Add(429, `{"code":`, "-5")
	f.Add(0, "", "99999999999999999999")
	f.Fuzz(func(t *testing.T, status int, body, retryAfter string) {
		e := httpError("fuzz", status, retryAfter, []byte(body))
		if len(e.Body) > 512 || e.RetryAfter < 0 || e.Error() == "" {
			t.Fatalf("bad HTTPError %+v", e)
		}
		if errors.Is(e, ErrRejected) && errors.Is(e, ErrOffline) {
			t.Fatalf("status %d is both rejected and offline", status)
		}
	})
}

func FuzzDecodeConfig(f *testing.F) {
	f.Add([]byte(`{"version":3,"terms":{"ar":"الشروط","en":"Terms"},"services":["registration"]}`))
	f.Add([]byte(`{"version":0}`))
	f.Add([]byte(`{"version":`))
	f.Add([]byte{0xff, 0xfe})
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := decodeConfig(b)
		if err == nil && cfg.Version <= 0 {
			t.Fatalf("accepted config with version %d", cfg.Version)
		}
	})
}
