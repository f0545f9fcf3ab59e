package faultproxy

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// HTTPOptions tune an HTTP proxy.
type HTTPOptions struct {
	// Plan chooses each request's fault; nil means Always(Pass).
	Plan Plan
	// TLS is the server side presented to clients; nil means plain HTTP.
	TLS *tls.Config
	// Transport forwards requests upstream (with the client certificate the
	// central service should see); nil means http.DefaultTransport.
	Transport http.RoundTripper
	// Delay is how long Delay waits; zero means 200ms.
	Delay time.Duration
}

// HTTP is a fault-injecting reverse proxy on a loopback port.
type HTTP struct {
	upstream *url.URL
	o        HTTPOptions
	srv      *http.Server
	ln       net.Listener
	n        atomic.Int64
	counts   counts
	mu       sync.Mutex
	done     chan struct{}
}

// NewHTTP listens on 127.0.0.1 and forwards every request to upstream (a base URL
// such as https://127.0.0.1:8443).
func NewHTTP(upstream string, o HTTPOptions) (*HTTP, error) {
	u, err := url.Parse(upstream)
	if err != nil {
		return nil, fmt.Errorf("faultproxy: upstream %q: %w", upstream, err)
	}
	if o.Plan == nil {
		o.Plan = Always(Pass)
	}
	if o.Transport == nil {
		o.Transport = http.DefaultTransport
	}
	if o.Delay <= 0 {
		o.Delay = 200 * time.Millisecond
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &HTTP{upstream: u, o: o, ln: ln, done: make(chan struct{})}
	p.srv = &http.Server{
		Handler: p,
		// HTTP/1.1 only: aborting a handler then cuts a real connection, which is
		// the failure being simulated.
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // handshakes cut on purpose
	}
	go func() {
		defer close(p.done)
		if o.TLS != nil {
			p.srv.Serve(tls.NewListener(ln, o.TLS))
			return
		}
		p.srv.Serve(ln)
	}()
	return p, nil
}

// URL is the proxy's base URL.
func (p *HTTP) URL() string {
	scheme := "http"
	if p.o.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + p.ln.Addr().String()
}

// Counts reports how many requests got each fault.
func (p *HTTP) Counts() map[Fault]int { return p.counts.get() }

// SetPlan replaces the plan for requests from now on.
func (p *HTTP) SetPlan(plan Plan) {
	p.mu.Lock()
	p.o.Plan = plan
	p.mu.Unlock()
}

// Close stops the proxy and cuts open connections.
func (p *HTTP) Close() error {
	err := p.srv.Close()
	<-p.done
	return err
}

func (p *HTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	plan := p.o.Plan
	p.mu.Unlock()
	f := plan(int(p.n.Add(1) - 1))
	p.counts.add(f)

	body, err := io.ReadAll(r.Body)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	switch f {
	case Drop:
		panic(http.ErrAbortHandler)
	case Fail503:
		writeError(w, http.StatusServiceUnavailable, "unavailable")
		return
	case Delay:
		time.Sleep(p.o.Delay)
	}
	resp, err := p.forward(r, body)
	if err == nil && f == Duplicate {
		resp.Body.Close()
		resp, err = p.forward(r, body)
	}
	if err != nil {
		writeError(w, http.StatusBadGateway, "unavailable")
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	switch f {
	case Reset:
		panic(http.ErrAbortHandler)
	case Fail502After:
		writeError(w, http.StatusBadGateway, "unavailable")
		return
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(answer)))
	w.WriteHeader(resp.StatusCode)
	if f == Truncate && len(answer) > 0 {
		w.Write(answer[:len(answer)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	}
	w.Write(answer)
}

func (p *HTTP) forward(r *http.Request, body []byte) (*http.Response, error) {
	u := *p.upstream
	u.Path, u.RawQuery = r.URL.Path, r.URL.RawQuery
	out, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = r.Header.Clone()
	out.ContentLength = int64(len(body))
	return p.o.Transport.RoundTrip(out)
}

func writeError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"code":%q,"message":"injected by faultproxy"}`, code)
}
