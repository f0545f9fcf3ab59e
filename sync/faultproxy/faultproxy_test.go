package faultproxy

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// upstream counts the requests it gets and answers with a body large enough to cut.
func upstream(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	big := strings.Repeat("answer ", 4096)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		hits.Add(1)
		io.WriteString(w, big)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// fetch posts through a fresh client so no connection is shared between cases.
func fetch(url string) (status int, body []byte, err error) {
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Post(url, "application/json", bytes.NewReader([]byte(`{"records":[]}`)))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func TestHTTPFaults(t *testing.T) {
	tests := []struct {
		fault     Fault
		wantErr   bool
		wantCode  int
		wantHits  int64
		wantWhole bool
	}{
		{Pass, false, 200, 1, true},
		{Delay, false, 200, 1, true},
		{Drop, true, 0, 0, false},
		{Reset, true, 0, 1, false},
		{Truncate, true, 200, 1, false},
		{Fail503, false, 503, 0, false},
		{Fail502After, false, 502, 1, false},
		{Duplicate, false, 200, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			srv, hits := upstream(t)
			p, err := NewHTTP(srv.URL, HTTPOptions{Plan: Always(tt.fault)})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			code, body, err := fetch(p.URL() + "/v1/records")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if !tt.wantErr && code != tt.wantCode {
				t.Fatalf("status %d, want %d", code, tt.wantCode)
			}
			if got := hits.Load(); got != tt.wantHits {
				t.Fatalf("upstream saw %d requests, want %d", got, tt.wantHits)
			}
			if whole := len(body) == 7*4096; whole != tt.wantWhole {
				t.Fatalf("got %d body bytes; whole answer expected: %v", len(body), tt.wantWhole)
			}
			if p.Counts()[tt.fault] != 1 {
				t.Fatalf("counts %v, want one %v", p.Counts(), tt.fault)
			}
		})
	}
}

func TestTCPFaults(t *testing.T) {
	tests := []struct {
		fault    Fault
		wantErr  bool
		maxHits  int64
		minWhole bool
	}{
		{Pass, false, 1, true},
		{Delay, false, 1, true},
		{Drop, true, 0, false},
		{Reset, true, 1, false},
		{Truncate, true, 1, false},
		{Duplicate, false, 1, true}, // HTTP-only faults pass through TCP
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			srv, hits := upstream(t)
			p, err := NewTCP(srv.Listener.Addr().String(), TCPOptions{Plan: Always(tt.fault), CutAfter: 1024})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			code, body, err := fetch("http://" + p.Addr() + "/")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
			if !tt.wantErr && (code != 200 || len(body) != 7*4096) {
				t.Fatalf("status %d with %d bytes, want 200 with the whole answer", code, len(body))
			}
			if hits.Load() > tt.maxHits {
				t.Fatalf("upstream saw %d requests, want at most %d", hits.Load(), tt.maxHits)
			}
		})
	}
}

func TestRandomPlanIsSeededAndWeighted(t *testing.T) {
	weights := map[Fault]float64{Drop: 0.1, Fail503: 0.2, Duplicate: 0.1}
	a, b := Random(7, weights), Random(7, weights)
	n := map[Fault]int{}
	for i := range 10000 {
		fa, fb := a(i), b(i)
		if fa != fb {
			t.Fatalf("draw %d: same seed gave %v and %v", i, fa, fb)
		}
		n[fa]++
	}
	for f, w := range map[Fault]float64{Pass: 0.6, Drop: 0.1, Fail503: 0.2, Duplicate: 0.1} {
		if got := float64(n[f]) / 10000; got < w-0.03 || got > w+0.03 {
			t.Errorf("%v drawn %.3f of the time, want about %.2f", f, got, w)
		}
	}
}

func TestScriptComesFirst(t *testing.T) {
	p := Script(Always(Drop), Reset, Pass, Duplicate)
	var got []Fault
	for i := range 5 {
		got = append(got, p(i))
	}
	want := []Fault{Reset, Pass, Duplicate, Drop, Drop}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("plan gave %v, want %v", got, want)
		}
	}
}
