package sms

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
)

// ErrRejected is returned by Gateway when the gateway refuses a message (a 4xx
// answer other than 408 and 429): sending it again would be refused again, so a
// queue drops it instead of retrying forever.
var ErrRejected = errors.New("sms: gateway rejected the message")

// GatewayOptions configure a Gateway. URL is required; every other zero value is
// usable.
type GatewayOptions struct {
	// URL is the gateway's endpoint; each message is one POST to it.
	URL string
	// AuthHeader is the header carrying AuthValue; empty means "Authorization".
	AuthHeader string
	// AuthValue is the credential, e.g. "Bearer <token>"; empty sends no header.
	AuthValue string
	// From is the sender name shown on phones; empty leaves it to the gateway.
	From string
	// Attempts is how many times one Send tries; zero means 4.
	Attempts int
	// Timeout bounds each attempt; zero means 10 seconds.
	Timeout time.Duration
	// Backoff spaces the attempts; zero means base 500 ms, cap 10 s.
	Backoff backoff.Options
	// Client sends the requests; nil means a client with no other timeout.
	Client *http.Client
}

// Gateway sends messages to an HTTP SMS gateway. Each message is a JSON POST
//
//	{"id": "<idempotency key>", "to": "+9665…", "text": "…", "from": "…"}
//
// with the key also in the Idempotency-Key header, so a gateway that honours either
// delivers a retried message once. Transport errors, 408, 429 and 5xx are retried
// with backoff; another 4xx is ErrRejected at once. Any 2xx is success.
type Gateway struct {
	opt GatewayOptions
}

// NewGateway returns a Gateway; it fails when opt.URL is not an http(s) URL.
func NewGateway(opt GatewayOptions) (*Gateway, error) {
	req, err := http.NewRequest(http.MethodPost, opt.URL, nil)
	if err != nil || (req.URL.Scheme != "https" && req.URL.Scheme != "http") || req.URL.Host == "" {
		return nil, fmt.Errorf("sms: gateway URL %q is not an http(s) URL", opt.URL)
	}
	if opt.AuthHeader == "" {
		opt.AuthHeader = "Authorization"
	}
	if opt.Attempts <= 0 {
		opt.Attempts = 4
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	if opt.Backoff.Base == 0 {
		opt.Backoff.Base = 500 * time.Millisecond
	}
	if opt.Backoff.Max == 0 {
		opt.Backoff.Max = 10 * time.Second
	}
	if opt.Client == nil {
		opt.Client = &http.Client{}
	}
	return &Gateway{opt: opt}, nil
}

// Send sends text under a fresh idempotency key: its own retries are deduplicated,
// a later Send of the same text is a new message.
func (g *Gateway) Send(ctx context.Context, mobile, text string) error {
	b := make([]byte, 16)
	rand.Read(b)
	return g.SendKeyed(ctx, hex.EncodeToString(b), mobile, text)
}

type gatewayBody struct {
	ID   string `json:"id"`
	To   string `json:"to"`
	Text string `json:"text"`
	From string `json:"from,omitempty"`
}

// SendKeyed sends text under key, retrying what may succeed later.
func (g *Gateway) SendKeyed(ctx context.Context, key, mobile, text string) error {
	body, err := json.Marshal(gatewayBody{ID: key, To: mobile, Text: text, From: g.opt.From})
	if err != nil {
		return fmt.Errorf("sms: encode: %w", err)
	}
	bo := backoff.New(g.opt.Backoff)
	var last error
	for attempt := 1; ; attempt++ {
		last = g.post(ctx, key, body)
		if last == nil || errors.Is(last, ErrRejected) || attempt >= g.opt.Attempts {
			return last
		}
		if err := bo.BackOff(ctx, last); err != nil {
			return fmt.Errorf("%w (last attempt: %v)", err, last)
		}
	}
}

// post makes one attempt. Its errors never carry the number or the text: they
// end up in logs.
func (g *Gateway) post(ctx context.Context, key string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, g.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.opt.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("sms: gateway request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	if g.opt.AuthValue != "" {
		req.Header.Set(g.opt.AuthHeader, g.opt.AuthValue)
	}
	resp, err := g.opt.Client.Do(req)
	if err != nil {
		return fmt.Errorf("sms: gateway: %w", err)
	}
	defer resp.Body.Close()
	// The body is drained for the connection's reuse, not kept: a gateway may
	// echo the number in it.
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusRequestTimeout || c == http.StatusTooManyRequests || c >= 500:
		return fmt.Errorf("sms: gateway answered %d", c)
	default:
		return fmt.Errorf("%w: status %d", ErrRejected, c)
	}
}
