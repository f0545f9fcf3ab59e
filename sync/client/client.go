package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Options tune a Client. Every zero field has the default its comment names.
type Options struct {
	// DialTimeout bounds connecting and the TLS handshake; zero means 2s, so an
	// unreachable central service is noticed quickly.
	DialTimeout time.Duration
	// CallTimeout bounds a call whose context has no deadline; zero means 15s.
	CallTimeout time.Duration
	// Transport replaces the HTTP transport (tests wrap it); nil builds one for
	// mutual TLS with the kiosk's identity.
	Transport http.RoundTripper
}

func (o *Options) defaults() {
	if o.DialTimeout <= 0 {
		o.DialTimeout = 2 * time.Second
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = 15 * time.Second
	}
}

// Client calls the central service as one enrolled kiosk. It is safe for
// concurrent use.
type Client struct {
	base    string
	dir     string
	kioskID string
	o       Options
	hc      *http.Client
	cfgMu   sync.Mutex // serialises config.json writes
	// cert is the client certificate presented in new TLS handshakes; Renew
	// swaps it without a restart.
	cert    atomic.Pointer[tls.Certificate]
	renewMu sync.Mutex // one renewal at a time
}

// Open returns a Client for the kiosk enrolled in dir, talking to baseURL (e.g.
// https://central.example:8443). It fails with ErrNotEnrolled before enrolment.
func Open(baseURL, dir string, o Options) (*Client, error) {
	id, err := loadIdentity(dir)
	if err != nil {
		return nil, err
	}
	o.defaults()
	c := &Client{base: strings.TrimRight(baseURL, "/"), dir: dir, kioskID: id.kioskID, o: o}
	c.cert.Store(&id.cert)
	tr := o.Transport
	if tr == nil {
		tr = newTransport(&tls.Config{
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return c.cert.Load(), nil },
			RootCAs:              id.ca, // pinned: only the central CA, never the system roots
			MinVersion:           tls.VersionTLS12,
		}, o.DialTimeout)
	}
	c.hc = &http.Client{Transport: tr}
	return c, nil
}

// TLSConfig returns a copy of the TLS client configuration of the kiosk enrolled in
// dir: its certificate and the pinned CA. Tests and tools use it to speak to the
// central service as that kiosk.
func TLSConfig(dir string) (*tls.Config, error) {
	id, err := loadIdentity(dir)
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{id.cert}, RootCAs: id.ca, MinVersion: tls.VersionTLS12}, nil
}

func newTransport(tc *tls.Config, dial time.Duration) *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: dial, KeepAlive: 15 * time.Second}).DialContext,
		TLSClientConfig:     tc,
		TLSHandshakeTimeout: dial,
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}
}

// KioskID is the kiosk's ID, from its certificate.
func (c *Client) KioskID() string { return c.kioskID }

// Close releases idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

// Push sends one batch of records and returns the central service's result for
// each. The results are only trustworthy as a whole: a cut-off answer is an
// ErrOffline error, never a partial list.
func (c *Client) Push(ctx context.Context, records []wire.Record) ([]wire.PushResult, error) {
	var resp wire.PushResponse
	if _, err := c.do(ctx, "push", http.MethodPost, wire.PathRecords, wire.PushRequest{Records: records}, &resp); err != nil {
		return nil, err
	}
	return resp.Results, nil
}

// Ping is the reachability probe.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.do(ctx, "ping", http.MethodGet, wire.PathPing, nil, &wire.Pong{})
	return err
}

// RequestStatus looks up a request by the reference on its receipt; ErrNotFound
// when the central service has no such request (yet).
func (c *Client) RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error) {
	var st wire.RequestStatus
	_, err := c.do(ctx, "status", http.MethodGet, wire.PathStatus+url.PathEscape(ref), nil, &st)
	return st, err
}

// SendOTP asks the central service to send a one-time code by SMS.
func (c *Client) SendOTP(ctx context.Context, req wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	var resp wire.OTPSendResponse
	_, err := c.do(ctx, "otp send", http.MethodPost, wire.PathOTPSend, req, &resp)
	return resp, err
}

// VerifyOTP checks a code the person typed; a wrong code is a 200 answer with
// Verified false, not an error.
func (c *Client) VerifyOTP(ctx context.Context, req wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	var resp wire.OTPVerifyResponse
	_, err := c.do(ctx, "otp verify", http.MethodPost, wire.PathOTPVerify, req, &resp)
	return resp, err
}

// LookupID says whether an ID number is in the registry and has an account.
func (c *Client) LookupID(ctx context.Context, req wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	var resp wire.IDLookupResponse
	_, err := c.do(ctx, "id lookup", http.MethodPost, wire.PathIDLookup, req, &resp)
	return resp, err
}

// CheckMobile says whose account, if any, uses a mobile number.
func (c *Client) CheckMobile(ctx context.Context, req wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	var resp wire.MobileCheckResponse
	_, err := c.do(ctx, "mobile check", http.MethodPost, wire.PathMobileCheck, req, &resp)
	return resp, err
}

// MatchFingerprint matches a template against the one on record.
func (c *Client) MatchFingerprint(ctx context.Context, req wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
	var resp wire.FingerprintMatchResponse
	_, err := c.do(ctx, "fingerprint match", http.MethodPost, wire.PathFingerprintMatch, req, &resp)
	return resp, err
}

// IssueDigitalID asks for a freshly signed digital ID to show and print.
func (c *Client) IssueDigitalID(ctx context.Context, req wire.DigitalIDRequest) (wire.DigitalID, error) {
	var resp wire.DigitalID
	_, err := c.do(ctx, "digital id", http.MethodPost, wire.PathDigitalID, req, &resp)
	return resp, err
}

// PullConfig fetches the configuration if it changed since the cached version,
// saves it durably, and returns the current one. changed is false when the cached
// copy was current. Offline, it fails with ErrOffline; CachedConfig still works.
func (c *Client) PullConfig(ctx context.Context) (cfg wire.Config, changed bool, err error) {
	cached, cerr := c.CachedConfig()
	path := wire.PathConfig
	if cerr == nil {
		path += "?since=" + strconv.FormatInt(cached.Version, 10)
	}
	var fresh wire.Config
	status, err := c.do(ctx, "config", http.MethodGet, path, nil, &fresh)
	if err != nil {
		return wire.Config{}, false, err
	}
	if status == http.StatusNotModified {
		if cerr != nil {
			return wire.Config{}, false, fmt.Errorf("client: config: 304 without a cached copy: %w", ErrOffline)
		}
		return cached, false, nil
	}
	b, err := json.Marshal(fresh)
	if err != nil {
		return wire.Config{}, false, fmt.Errorf("client: config: %w", err)
	}
	c.cfgMu.Lock()
	defer c.cfgMu.Unlock()
	if err := writeFile(filepath.Join(c.dir, ConfigFile), b, 0o600); err != nil {
		return wire.Config{}, false, fmt.Errorf("client: save config: %w", err)
	}
	return fresh, true, nil
}

// CachedConfig returns the configuration saved by the last PullConfig, so a kiosk
// restarted without a network still has its keys, texts and settings.
func (c *Client) CachedConfig() (wire.Config, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, ConfigFile))
	if errors.Is(err, os.ErrNotExist) {
		return wire.Config{}, ErrNoConfig
	}
	if err != nil {
		return wire.Config{}, fmt.Errorf("client: read cached config: %w", err)
	}
	return decodeConfig(b)
}

// decodeConfig parses a cached config file, which a failing disk may have mangled.
func decodeConfig(b []byte) (wire.Config, error) {
	var cfg wire.Config
	if err := json.Unmarshal(b, &cfg); err != nil {
		return wire.Config{}, fmt.Errorf("client: cached config: %w", err)
	}
	if cfg.Version <= 0 {
		return wire.Config{}, fmt.Errorf("client: cached config: version %d", cfg.Version)
	}
	return cfg, nil
}

// maxAnswer bounds how much of an answer is read; the protocol's bodies are far
// smaller, so more means something is wrong.
const maxAnswer = wire.MaxBodyBytes

// do sends one JSON request and decodes a 2xx answer into out. It returns the
// status so callers can see 304.
func (c *Client) do(ctx context.Context, op, method, path string, in, out any) (int, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.o.CallTimeout)
		defer cancel()
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, fmt.Errorf("client: %s: encode: %w", op, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, fmt.Errorf("client: %s: %w", op, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", wire.ContentType)
	}
	req.Header.Set("Accept", wire.ContentType)
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, offline(op, err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, readAnswer(op, resp, out)
}

// readAnswer turns an HTTP answer into out or a classified error.
func readAnswer(op string, resp *http.Response, out any) error {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		// Cut off mid-answer: whatever the central service did, we do not know it.
		return offline(op, err)
	}
	if len(b) > maxAnswer {
		return offline(op, fmt.Errorf("answer above %d bytes", maxAnswer))
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		return nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		if out == nil {
			return nil
		}
		if err := json.Unmarshal(b, out); err != nil {
			return offline(op, fmt.Errorf("malformed answer: %w", err))
		}
		return nil
	}
	return httpError(op, resp.StatusCode, resp.Header.Get("Retry-After"), b)
}

// maxRetryAfter bounds a server's Retry-After, in seconds; the engine waits no
// longer than its own backoff cap anyway.
const maxRetryAfter = 24 * 60 * 60

// httpError builds the error of a non-2xx answer from its raw body.
func httpError(op string, status int, retryAfter string, body []byte) *HTTPError {
	e := &HTTPError{Op: op, Status: status, Body: body[:min(len(body), 512)]}
	var we wire.Error
	if json.Unmarshal(body, &we) == nil && we.Code != "" {
		e.Code, e.Message = we.Code, we.Message
	}
	if s, err := strconv.Atoi(strings.TrimSpace(retryAfter)); err == nil && s > 0 {
		// Capped before converting: a huge header would overflow time.Duration into
		// a negative wait (found by FuzzHTTPError).
		e.RetryAfter = time.Duration(min(s, maxRetryAfter)) * time.Second
	}
	return e
}
