package sms

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
)

// fakeGateway is an SMS gateway on loopback: it answers from a script of status
// codes (then 200) and delivers each idempotency key once, as a real one does.
type fakeGateway struct {
	mu        gosync.Mutex
	script    []int
	requests  int
	delivered map[string]gatewayBody
	headers   []http.Header
}

func (f *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	f.headers = append(f.headers, r.Header.Clone())
	if len(f.script) > 0 {
		code := f.script[0]
		f.script = f.script[1:]
		if code != http.StatusOK {
			w.WriteHeader(code)
			return
		}
	}
	var b gatewayBody
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if f.delivered == nil {
		f.delivered = map[string]gatewayBody{}
	}
	if _, dup := f.delivered[b.ID]; !dup {
		f.delivered[b.ID] = b
	}
	w.WriteHeader(http.StatusAccepted)
}

func TestGateway(t *testing.T) {
	fast := backoff.Options{Base: time.Millisecond, Max: 2 * time.Millisecond}
	tests := []struct {
		name         string
		script       []int
		wantErr      error
		wantRequests int
		wantSent     bool
	}{
		{"a 2xx is sent in one request", nil, nil, 1, true},
		{"5xx, 429 and 408 are retried until the gateway takes it", []int{503, 429, 408}, nil, 4, true},
		{"a 4xx is rejected at once, not retried", []int{400}, ErrRejected, 1, false},
		{"after the attempts run out the last failure is returned", []int{500, 500, 500, 500}, nil, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fg := &fakeGateway{script: tt.script}
			ts := httptest.NewServer(fg)
			defer ts.Close()
			g, err := NewGateway(GatewayOptions{URL: ts.URL, AuthValue: "Bearer s3cret", From: "Bawaba", Backoff: fast})
			if err != nil {
				t.Fatal(err)
			}
			err = g.SendKeyed(context.Background(), "msg-1", "+966550000001", "رمز التحقق: 123456")
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) || tt.wantErr == nil && tt.wantSent != (err == nil) {
				t.Fatalf("SendKeyed err = %v", err)
			}
			if err != nil && strings.Contains(err.Error(), "966550000001") {
				t.Errorf("the error carries the number: %v", err)
			}
			if fg.requests != tt.wantRequests {
				t.Errorf("requests = %d, want %d", fg.requests, tt.wantRequests)
			}
			if !tt.wantSent {
				return
			}
			got := fg.delivered["msg-1"]
			if got.To != "+966550000001" || got.Text != "رمز التحقق: 123456" || got.From != "Bawaba" {
				t.Errorf("delivered %+v", got)
			}
			h := fg.headers[0]
			if h.Get("Authorization") != "Bearer s3cret" || h.Get("Idempotency-Key") != "msg-1" || h.Get("Content-Type") != "application/json" {
				t.Errorf("headers %v", h)
			}
		})
	}
}

func TestGatewayTimesOutEachAttempt(t *testing.T) {
	block := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer ts.Close()
	defer close(block)
	g, err := NewGateway(GatewayOptions{URL: ts.URL, Attempts: 2, Timeout: 50 * time.Millisecond,
		Backoff: backoff.Options{Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(context.Background(), "+966550000001", "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send to a gateway that never answers: %v, want a deadline error", err)
	}
}

func TestGatewaySameKeyDeliveredOnce(t *testing.T) {
	fg := &fakeGateway{}
	ts := httptest.NewServer(fg)
	defer ts.Close()
	g, _ := NewGateway(GatewayOptions{URL: ts.URL})
	for range 3 {
		if err := g.SendKeyed(context.Background(), "k", "+966550000001", "t"); err != nil {
			t.Fatal(err)
		}
	}
	g.Send(context.Background(), "+966550000001", "t")
	if len(fg.delivered) != 2 {
		t.Errorf("delivered %d messages, want 2 (one keyed, one fresh)", len(fg.delivered))
	}
}

func TestNewGatewayRefusesNonHTTPURL(t *testing.T) {
	for _, u := range []string{"", "ftp://x/y", "gateway.example/send", "https://"} {
		if _, err := NewGateway(GatewayOptions{URL: u}); err == nil {
			t.Errorf("NewGateway(%q) succeeded", u)
		}
	}
}

func TestFileSaysItIsForDevelopment(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sms.log")
	f := NewFile(path, nil)
	f.Send(context.Background(), "+966550000001", "a")
	f.Send(context.Background(), "+966550000001", "b")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || lines[0] != DevHeader {
		t.Fatalf("file = %q, want the header then two messages", lines)
	}
	if msgs, _ := Read(path); len(msgs) != 2 {
		t.Errorf("Read = %d messages, want 2 (the header is not one)", len(msgs))
	}
}
