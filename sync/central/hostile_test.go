package central_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// syncBuffer is a log sink the server's goroutines write while the test reads.
type syncBuffer struct {
	mu gosync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startWith runs a bbolt-backed central with opt (its Logger writing to the
// returned buffer) and tune applied to its HTTP server before it starts.
func startWith(t *testing.T, opt central.Options, tune func(*http.Server)) (*centraltest.Central, *syncBuffer) {
	t.Helper()
	logs := new(syncBuffer)
	opt.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	return centraltest.Start(t, centraltest.Options{People: registrySize, Central: opt, Tune: tune}), logs
}

// countRecords is how many records central holds.
func countRecords(t testing.TB, h *centraltest.Central) int {
	t.Helper()
	recs, err := h.Admin.Records(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// TestSealedPayloadTrailingData: a payload that opens but has data after its JSON
// value is rejected bad_payload, as docs/protocol.md says, and not applied.
func TestSealedPayloadTrailingData(t *testing.T) {
	h, _ := startWith(t, central.Options{}, nil)
	k := h.Kiosk(t)
	good := `{"id_number":"1000000008","method":"fingerprint","fingerprint_template":"AAEC"}`
	tests := []struct {
		name, pt, want string
	}{
		{"when a '}' trails, bad_payload", good + "}", wire.RejectBadPayload},
		{"when a ']' trails, bad_payload", good + "]", wire.RejectBadPayload},
		{"when a value trails, bad_payload", good + ` {}`, wire.RejectBadPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, resp, e := k.Push(t, k.RawRecord(t, wire.KindActivation, []byte(tt.pt)))
			if st != 200 {
				t.Fatalf("push: %d %+v", st, e)
			}
			if r := resp.Results[0]; r.Status != wire.StatusRejected || r.Code != tt.want {
				t.Fatalf("result %+v, want rejected %s", r, tt.want)
			}
		})
	}
	if n := countRecords(t, h); n != 0 {
		t.Fatalf("%d records stored, want 0", n)
	}
}

// TestClientStringsClipped: a huge record ID or method comes back, in the answer
// and in the logs, cut to a bounded, printable echo.
func TestClientStringsClipped(t *testing.T) {
	h, logs := startWith(t, central.Options{}, nil)
	k := h.Kiosk(t)
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(1))
	// Under the record limit (128 KiB), so the ID goes on to the ID check.
	rec.ID = strings.Repeat("A", 90_000) + "\n\x1b[31m"
	answer := rawPush(t, k, rec)
	if len(answer) > 1024 {
		t.Fatalf("a %d-byte answer to a record with a 90 KB ID", len(answer))
	}
	if !strings.Contains(answer, wire.RejectInvalid) || strings.Contains(answer, "\\u001b") {
		t.Fatalf("answer %q", answer)
	}

	req, _ := http.NewRequest(strings.Repeat("M", 50_000), k.Base+wire.PathRecords, nil)
	resp, err := k.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(b) > 1024 {
		t.Fatalf("a %d-byte answer to a 50 KB method (%d)", len(b), resp.StatusCode)
	}
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(sc.Text()) > 1024 {
			t.Fatalf("a %d-byte log line: %.200s…", len(sc.Text()), sc.Text())
		}
	}
}

// rawPush pushes recs and returns the answer's body as sent.
func rawPush(t *testing.T, k *centraltest.Kiosk, recs ...wire.Record) string {
	t.Helper()
	body, err := json.Marshal(wire.PushRequest{Records: recs})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := k.HTTP.Post(k.Base+wire.PathRecords, wire.ContentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("push: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// metric returns the value of the /metrics line that starts with name.
func metric(t *testing.T, h *centraltest.Central, name string) string {
	t.Helper()
	resp, err := centraltest.HTTPClient(h.CA).Get(h.URL + wire.PathMetrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// TestIncompleteBodyIsTransportFailure: a body that arrives too slowly gets 408
// body_incomplete, which the kiosk retries, and a body cut off is counted in
// /metrics as incomplete — neither is a 400 that would park the record.
func TestIncompleteBodyIsTransportFailure(t *testing.T) {
	h, _ := startWith(t, central.Options{}, func(s *http.Server) { s.ReadTimeout = 500 * time.Millisecond })
	k := h.Kiosk(t)
	body, _ := json.Marshal(wire.PushRequest{Records: []wire.Record{k.Record(t, wire.KindRegistration, centraltest.Registration(1))}})

	t.Run("when the body is too slow, 408 body_incomplete", func(t *testing.T) {
		pr, pw := io.Pipe()
		go func() {
			pw.Write(body[:len(body)/2])
			time.Sleep(2 * time.Second) // past the server's read deadline
			pw.Write(body[len(body)/2:])
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", k.Base+wire.PathRecords, pr)
		req.ContentLength = int64(len(body))
		req.Header.Set("Content-Type", wire.ContentType)
		resp, err := k.HTTP.Do(req)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), wire.ErrBodyIncomplete) {
			t.Fatalf("answer %d %s, want 408 %s", resp.StatusCode, b, wire.ErrBodyIncomplete)
		}
	})
	t.Run("when the connection is cut, counted as incomplete", func(t *testing.T) {
		cfg := k.HTTP.Transport.(*http.Transport).TLSClientConfig.Clone()
		conn, err := tls.Dial("tcp", strings.TrimPrefix(k.Base, "https://"), cfg)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", wire.PathRecords, wire.ContentType, len(body))
		conn.Write(body[:len(body)/2])
		conn.Close()
	})
	var got string
	for range 50 {
		if got = metric(t, h, `bawaba_http_body_incomplete_total{route="records"}`); got == "2" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got != "2" {
		t.Fatalf("bawaba_http_body_incomplete_total{route=\"records\"} = %q, want 2", got)
	}
	if bad := metric(t, h, `bawaba_http_requests_total{route="records",code="400"}`); bad != "" {
		t.Fatalf("%s incomplete bodies counted as 400", bad)
	}
}

// TestContentTypeRequired: every endpoint that takes a JSON body refuses a body
// without Content-Type application/json with 415.
func TestContentTypeRequired(t *testing.T) {
	h, _ := startWith(t, central.Options{}, nil)
	k := h.Kiosk(t)
	paths := []string{wire.PathEnroll, wire.PathRecords, wire.PathOTPSend, wire.PathOTPVerify, wire.PathIDLookup,
		wire.PathMobileCheck, wire.PathFingerprintMatch, wire.PathDigitalID}
	tests := []struct {
		name, ct string
		want415  bool
	}{
		{"when missing, 415", "", true},
		{"when text/plain, 415", "text/plain", true},
		{"when a form, 415", "application/x-www-form-urlencoded", true},
		{"when malformed, 415", "application/json;;", true},
		{"when application/json with a charset, taken", "application/json; charset=utf-8", false},
	}
	for _, tt := range tests {
		for _, p := range paths {
			t.Run(tt.name+" "+p, func(t *testing.T) {
				req, _ := http.NewRequest("POST", k.Base+p, strings.NewReader(`{}`))
				if tt.ct != "" {
					req.Header.Set("Content-Type", tt.ct)
				}
				resp, err := k.HTTP.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if (resp.StatusCode == http.StatusUnsupportedMediaType) != tt.want415 {
					t.Fatalf("%d, want 415: %v", resp.StatusCode, tt.want415)
				}
			})
		}
	}
}

// TestRateLimits: enrolment per source address, OTP verification per kiosk and per
// person, and fingerprint matching per kiosk answer 429 rate_limited with
// Retry-After once over their rate, and another kiosk or person is not held back.
func TestRateLimits(t *testing.T) {
	two := central.Rate{N: 2, Per: time.Hour}
	lots := central.Rate{N: 1000, Per: time.Hour}
	verify := func(k *centraltest.Kiosk, challenge string) (int, wire.Error) {
		return k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: challenge, Code: "000000"}, nil)
	}
	send := func(t *testing.T, k *centraltest.Kiosk, mobile string) string {
		var r wire.OTPSendResponse
		if st, e := k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: mobile, Purpose: wire.PurposeRegistration}, &r); st != 200 {
			t.Fatalf("send: %d %+v", st, e)
		}
		return r.ChallengeID
	}
	want429 := func(t *testing.T, st int, e wire.Error, what string) {
		t.Helper()
		if st != http.StatusTooManyRequests || e.Code != wire.ErrRateLimited {
			t.Fatalf("%s: %d %+v, want 429 %s", what, st, e, wire.ErrRateLimited)
		}
	}
	want200 := func(t *testing.T, st int, e wire.Error, what string) {
		t.Helper()
		if st != 200 {
			t.Fatalf("%s: %d %+v, want 200", what, st, e)
		}
	}

	t.Run("enrolment per source address", func(t *testing.T) {
		h, _ := startWith(t, central.Options{Limits: central.Limits{EnrollPerSource: two}}, nil)
		anon := centraltest.Anonymous(h.URL, h.CA)
		for i := range 3 {
			req, _ := http.NewRequest("POST", h.URL+wire.PathEnroll, strings.NewReader(`{"code":"wrong","csr":"x"}`))
			req.Header.Set("Content-Type", wire.ContentType)
			resp, err := anon.HTTP.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if i < 2 && resp.StatusCode == http.StatusTooManyRequests {
				t.Fatalf("attempt %d refused", i+1)
			}
			if i == 2 && (resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "") {
				t.Fatalf("third attempt: %d Retry-After %q, want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
			}
		}
	})
	t.Run("OTP verification per kiosk", func(t *testing.T) {
		h, _ := startWith(t, central.Options{Limits: central.Limits{OTPVerifyPerKiosk: two, OTPVerifyPerPerson: lots}}, nil)
		k1, k2 := h.Kiosk(t), h.Kiosk(t)
		ch := send(t, k1, "+966550000011")
		for i := range 2 {
			st, e := verify(k1, ch)
			want200(t, st, e, fmt.Sprintf("check %d", i+1))
		}
		st, e := verify(k1, ch)
		want429(t, st, e, "third check from the kiosk")
		st, e = verify(k2, ch)
		want200(t, st, e, "a check from another kiosk")
	})
	t.Run("OTP verification per person, across kiosks and codes", func(t *testing.T) {
		h, _ := startWith(t, central.Options{Limits: central.Limits{OTPVerifyPerKiosk: lots, OTPVerifyPerPerson: two}}, nil)
		k1, k2 := h.Kiosk(t), h.Kiosk(t)
		ch1, ch2 := send(t, k1, "+966550000012"), send(t, k2, "+966550000012")
		st, e := verify(k1, ch1)
		want200(t, st, e, "first check")
		st, e = verify(k2, ch2)
		want200(t, st, e, "second check, another kiosk and code")
		st, e = verify(k1, ch2)
		want429(t, st, e, "third check of the number")
		other := send(t, k1, "+966550000013")
		st, e = verify(k1, other)
		want200(t, st, e, "a check for another person")
	})
	t.Run("fingerprint matching per kiosk", func(t *testing.T) {
		h, _ := startWith(t, central.Options{Limits: central.Limits{FingerprintPerKiosk: two}}, nil)
		k1, k2 := h.Kiosk(t), h.Kiosk(t)
		match := func(k *centraltest.Kiosk) (int, wire.Error) {
			// An ID not in the registry: the answer (404) is not the point, the count is.
			return k.Call(t, "POST", wire.PathFingerprintMatch, wire.FingerprintMatchRequest{IDNumber: "1999999990", Template: []byte{1}}, nil)
		}
		for i := range 2 {
			if st, e := match(k1); st == http.StatusTooManyRequests {
				t.Fatalf("match %d refused: %+v", i+1, e)
			}
		}
		st, e := match(k1)
		want429(t, st, e, "third match from the kiosk")
		if st, e := match(k2); st == http.StatusTooManyRequests {
			t.Fatalf("another kiosk refused: %+v", e)
		}
	})
}

// TestAbandonedPushStopsWork: when the kiosk hangs up mid-batch, central stops
// hashing passwords for it, keeps (commits) the records it had finished, and the
// kiosk's retry finds those as duplicates and the rest accepted — none lost, none
// applied twice. Before, the batch went on to the end for nobody.
func TestAbandonedPushStopsWork(t *testing.T) {
	// A work factor that makes one hash take about 300 ms here.
	t0 := time.Now()
	backoffice.HashPassword("Str0ng!Pass#", 20000)
	iter := max(1000, int(20000*float64(300*time.Millisecond)/float64(time.Since(t0))))
	h, logs := startWith(t, central.Options{PasswordIterations: iter}, nil)
	k := h.Kiosk(t)
	const n = 16
	var recs []wire.Record
	for i := 1; i <= n; i++ {
		recs = append(recs, k.Record(t, wire.KindRegistration, centraltest.Registration(i)))
	}
	body, _ := json.Marshal(wire.PushRequest{Records: recs})
	ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", k.Base+wire.PathRecords, bytes.NewReader(body))
	req.Header.Set("Content-Type", wire.ContentType)
	if resp, err := k.HTTP.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the batch was answered (%d) within the client's timeout; the test's hashes are too fast", resp.StatusCode)
	}
	// All n hashes on one core would take n×300 ms: wait that long, twice. The
	// work must have stopped: the same count both times, short of n.
	time.Sleep(time.Duration(n) * 300 * time.Millisecond)
	first := countRecords(t, h)
	time.Sleep(time.Duration(n) * 300 * time.Millisecond)
	stored := countRecords(t, h)
	t.Logf("%d, then %d, of %d records stored after the kiosk hung up", first, stored, n)
	if stored != first || stored >= n {
		t.Fatalf("%d then %d of %d records stored: the batch was worked on after the kiosk hung up", first, stored, n)
	}
	if !strings.Contains(logs.String(), "batch cut short") {
		t.Fatalf("no \"batch cut short\" log:\n%s", logs)
	}
	st, resp, e := k.Push(t, recs...)
	if st != 200 {
		t.Fatalf("retry: %d %+v", st, e)
	}
	dup, acc := 0, 0
	for _, r := range resp.Results {
		switch r.Status {
		case wire.StatusDuplicate:
			dup++
		case wire.StatusAccepted:
			acc++
		default:
			t.Fatalf("retry result %+v", r)
		}
	}
	if dup != stored || acc != n-stored {
		t.Fatalf("retry: %d duplicate, %d accepted; want %d and %d", dup, acc, stored, n-stored)
	}
	for _, r := range recs {
		if s := k.Status(t, r.Ref); s.State != wire.StateCompleted {
			t.Fatalf("record %s: %+v", r.ID, s)
		}
	}
}
