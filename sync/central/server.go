package central

import (
	"bytes"
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"runtime"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/ca"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// Options configures a Server. Store is required; every other zero value is usable.
type Options struct {
	Store store.Store
	// SMS sends one-time codes and the outcome notices (queued in the store, sent
	// after the commit and by Run); nil drops them (and OTP send fails with 503),
	// so a deployment always sets one.
	SMS sms.Sender
	// Logger gets structured logs without personal data; nil discards them.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Hosts are the DNS names and IPs in the server certificate; nil means
	// localhost and 127.0.0.1.
	Hosts []string
	// PasswordIterations is the PBKDF2 work factor for new passwords; zero means
	// backoffice.DefaultPasswordIterations.
	PasswordIterations int
	// MaxPushes bounds the pushes being read and processed at once, over all
	// kiosks; zero means 2×GOMAXPROCS, at least 4. Each may hold a body of up to
	// wire.MaxBodyBytes, so this bounds the memory pushes can take.
	MaxPushes int
	// MaxPushesPerKiosk bounds one kiosk's pushes at once; zero means 2 (a kiosk's
	// engine has at most two in flight). A stolen kiosk thus holds at most this
	// many of MaxPushes. Pushes above either bound get 503 busy with Retry-After.
	MaxPushesPerKiosk int
	// Limits are the per-kiosk, per-person and per-source rate limits of enrolment,
	// OTP verification and fingerprint matching; the zero value means DefaultLimits.
	Limits Limits
	// KioskCertValidity is the lifetime of the client certificates central issues
	// at enrolment and renewal; zero means ca.KioskValidity. Kiosks renew theirs
	// when a third of it is left (POST /v1/renew).
	KioskCertValidity time.Duration
	// SealedRetention is how long a stored record keeps its sealed payload before
	// Run purges it (purge.go); zero means DefaultSealedRetention.
	SealedRetention time.Duration
	// SMSPoll is how often Run looks for queued SMS due for a try; zero means 5 s.
	SMSPoll time.Duration
}

// Server is the central service. Its Handler serves every endpoint; TLSConfig is the
// mutual-TLS configuration its listener must use.
type Server struct {
	st       store.Store
	sms      sms.Sender
	log      *slog.Logger
	now      func() time.Time
	hosts    []string
	iter     int
	ca       *ca.Authority
	keys     keyring
	metrics  *metrics
	hashSlot chan struct{}
	openSlot chan struct{}
	pushes   *pushGate
	limits   *limiters
	fingers  fingerLock // failed fingerprint matches per ID
	certTTL  time.Duration
	// proofLock counts failed card and password proofs per person (proof.go).
	proofLock fingerLock
	// retention and smsPoll: see Options.SealedRetention and Options.SMSPoll.
	retention time.Duration
	smsPoll   time.Duration
	// bg counts the goroutines recording SMS outcomes after a push; Run waits
	// for them before it returns.
	bg gosync.WaitGroup
	// sent are queue keys of outcome SMS sent whose dequeue is still to be
	// written (smsoutbox.go, markSent).
	sentMu gosync.Mutex
	sent   []string
}

// New opens the service on opt.Store, creating its CA, keys and configuration on
// first start.
func New(ctx context.Context, opt Options) (*Server, error) {
	if opt.Store == nil {
		return nil, errors.New("central: Options.Store is nil")
	}
	s := &Server{st: opt.Store, sms: opt.SMS, log: opt.Logger, now: opt.Now, hosts: opt.Hosts, certTTL: opt.KioskCertValidity,
		iter: opt.PasswordIterations, metrics: newMetrics(), hashSlot: make(chan struct{}, runtime.GOMAXPROCS(0)),
		openSlot: make(chan struct{}, runtime.GOMAXPROCS(0))}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.hosts == nil {
		s.hosts = []string{"localhost", "127.0.0.1"}
	}
	if s.iter == 0 {
		s.iter = backoffice.DefaultPasswordIterations
	}
	if opt.MaxPushes == 0 {
		opt.MaxPushes = max(4, 2*runtime.GOMAXPROCS(0))
	}
	if opt.MaxPushesPerKiosk == 0 {
		opt.MaxPushesPerKiosk = 2
	}
	s.pushes = newPushGate(opt.MaxPushes, opt.MaxPushesPerKiosk)
	if opt.Limits == (Limits{}) {
		opt.Limits = DefaultLimits
	}
	s.limits = newLimiters(opt.Limits, s.now)
	s.retention, s.smsPoll = cmp.Or(opt.SealedRetention, DefaultSealedRetention), cmp.Or(opt.SMSPoll, smsPoll)
	auth, err := bootstrap(ctx, s.st, s.now())
	if err != nil {
		return nil, err
	}
	s.ca = auth
	// A store whose registry was loaded before the card index gets it once, so
	// a card alone proves its holder there too.
	if err := s.st.Update(ctx, func(tx store.Tx) error { _, err := backoffice.IndexCardHolders(tx); return err }); err != nil {
		return nil, fmt.Errorf("central: index cards: %w", err)
	}
	if err := s.reloadKeys(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) reloadKeys(ctx context.Context) error {
	return s.st.View(ctx, s.keys.load)
}

// CA is the service's certificate authority (kiosks pin its certificate).
func (s *Server) CA() *ca.Authority { return s.ca }

// TLSConfig returns a TLS 1.3 server configuration with a fresh server certificate
// and client certificates verified against the CA when given. Endpoints other than
// enrolment, health and metrics then require one (see Handler).
func (s *Server) TLSConfig() (*tls.Config, error) {
	cert, err := s.ca.ServerCert(s.hosts, s.now())
	if err != nil {
		return nil, err
	}
	return &tls.Config{
		MinVersion:   tls.VersionTLS13,
		Certificates: []tls.Certificate{cert},
		ClientAuth:   tls.VerifyClientCertIfGiven,
		ClientCAs:    s.ca.Pool(),
	}, nil
}

// Handler serves every endpoint of the protocol.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(pattern, name string, kiosk bool, h func(w http.ResponseWriter, r *http.Request, kioskID string) error) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			rw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
			defer func() { s.metrics.request(name, rw.code) }()
			var kioskID string
			if kiosk {
				id, err := s.authenticate(r)
				if err != nil {
					s.writeErr(rw, r, name, err)
					return
				}
				kioskID = id
			}
			if err := h(rw, r, kioskID); err != nil {
				s.writeErr(rw, r, name, err)
			}
		})
	}
	// Rate limits in front of the handlers whose calls guess a secret.
	limit := func(l *limiter, key func(r *http.Request, kioskID string) string, msg string,
		h func(w http.ResponseWriter, r *http.Request, kioskID string) error) func(w http.ResponseWriter, r *http.Request, kioskID string) error {
		return func(w http.ResponseWriter, r *http.Request, kioskID string) error {
			if err := l.check(key(r, kioskID), msg); err != nil {
				return err
			}
			return h(w, r, kioskID)
		}
	}
	bySource := func(r *http.Request, _ string) string { return source(r) }
	byKiosk := func(_ *http.Request, kioskID string) string { return kioskID }
	route("POST "+wire.PathEnroll, "enroll", false, limit(s.limits.enroll, bySource, "too many enrolment attempts from this address", s.handleEnroll))
	route("GET "+wire.PathCA, "ca", false, s.handleCA)
	route("POST "+wire.PathRecords, "records", true, s.handlePush)
	route("GET "+wire.PathConfig, "config", true, s.handleConfig)
	route("GET "+wire.PathStatus+"{ref}", "status", true, s.handleStatus)
	route("GET "+wire.PathPing, "ping", true, s.handlePing)
	route("POST "+wire.PathRenew, "renew", true, s.handleRenew)
	route("POST "+wire.PathOTPSend, "otp_send", true, s.handleOTPSend)
	route("POST "+wire.PathOTPVerify, "otp_verify", true, limit(s.limits.otpKiosk, byKiosk, "too many code checks from this kiosk", s.handleOTPVerify))
	route("POST "+wire.PathOTPSendRegistered, "otp_send_registered", true, s.handleOTPSendRegistered)
	route("POST "+wire.PathIDLookup, "id_lookup", true, s.handleIDLookup)
	route("POST "+wire.PathMobileCheck, "mobile_check", true, s.handleMobileCheck)
	route("POST "+wire.PathFingerprintMatch, "fingerprint_match", true, limit(s.limits.fingerprint, byKiosk, "too many fingerprint checks from this kiosk", s.handleFingerprint))
	route("POST "+wire.PathDigitalID, "digital_id", true, s.handleDigitalID)
	route("POST "+wire.PathDependents, "dependents", true, s.handleDependents)
	route("POST "+wire.PathProof, "proof", true, s.handleProof)
	route("POST "+wire.PathAddress, "address", true, s.handleAddress)
	mux.HandleFunc("GET "+wire.PathHealthz, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET "+wire.PathReadyz, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.st.Ping(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, wire.Error{Code: wire.ErrUnavailable, Message: "storage unreachable"})
			return
		}
		io.WriteString(w, "ready\n")
	})
	mux.HandleFunc("GET "+wire.PathMetrics, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		s.metrics.write(w)
	})
	// Anything else, including a known path with the wrong method, gets a JSON error.
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			code, e := http.StatusNotFound, wire.Error{Code: wire.ErrNotFound, Message: "no such endpoint"}
			if known(r.URL.Path) {
				code, e = http.StatusMethodNotAllowed, wire.Error{Code: wire.ErrMethodNotAllowed, Message: clip(r.Method) + " not allowed"}
			}
			writeJSON(w, code, e)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func known(path string) bool {
	for _, p := range []string{wire.PathEnroll, wire.PathRecords, wire.PathConfig, wire.PathPing, wire.PathOTPSend,
		wire.PathOTPVerify, wire.PathIDLookup, wire.PathMobileCheck, wire.PathFingerprintMatch, wire.PathDigitalID, wire.PathProof, wire.PathAddress, wire.PathCA,
		wire.PathHealthz, wire.PathReadyz, wire.PathMetrics} {
		if path == p {
			return true
		}
	}
	return len(path) > len(wire.PathStatus) && path[:len(wire.PathStatus)] == wire.PathStatus
}

// httpError is an error with its response.
type httpError struct {
	status int
	body   wire.Error
	cause  error // logged, never sent
	// retryAfter becomes a Retry-After header (429 and 503 busy responses).
	retryAfter time.Duration
}

func (e *httpError) Error() string { return e.body.Code + ": " + e.body.Message }

func fail(status int, code, msg string) *httpError {
	return &httpError{status: status, body: wire.Error{Code: code, Message: msg}}
}

func internal(err error) *httpError {
	return &httpError{status: http.StatusInternalServerError, body: wire.Error{Code: wire.ErrInternal, Message: "internal error"}, cause: err}
}

func (s *Server) writeErr(w http.ResponseWriter, r *http.Request, route string, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		he = internal(err)
	}
	if he.body.Code == wire.ErrBodyIncomplete {
		s.metrics.incomplete(route)
	}
	if he.status >= 500 && he.body.Code != wire.ErrBusy {
		s.log.Error("request failed", "route", route, "code", he.body.Code, "err", he.cause)
	} else {
		s.log.Info("request refused", "route", route, "code", he.body.Code, "status", he.status)
	}
	if he.retryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(he.retryAfter.Seconds()+0.999)))
	}
	writeJSON(w, he.status, he.body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", wire.ContentType)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// checkContentType refuses a body that does not say it is JSON, a missing
// Content-Type included: the kiosk's client always sends it, and a body of another
// type is not worth the parse.
func checkContentType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != wire.ContentType {
		return fail(http.StatusUnsupportedMediaType, wire.ErrUnsupportedMedia, "Content-Type must be application/json")
	}
	return nil
}

// bodyError is the answer to a body that could not be read whole: too large, or
// a transport failure — too slow (the server's read deadline) or the connection
// cut. The latter is no fault of the request, so it is not a 400 the kiosk would
// park the record for but a 408 it retries, counted apart in /metrics.
func bodyError(err error, limit int64) *httpError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return fail(http.StatusRequestEntityTooLarge, wire.ErrBodyTooLarge, fmt.Sprintf("body larger than %d bytes", limit))
	}
	return &httpError{status: http.StatusRequestTimeout, body: wire.Error{Code: wire.ErrBodyIncomplete,
		Message: "the body did not arrive whole; retry"}, cause: err}
}

// decode reads a JSON body of at most limit bytes into v. The body is read whole
// first, so that a failure to read it (a transport failure) is told apart from
// malformed JSON.
func decode(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if err := checkContentType(r); err != nil {
		return err
	}
	body, err := readBody(w, r, limit)
	if err != nil {
		return bodyError(err, limit)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "malformed JSON body")
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "trailing data after the JSON body")
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}
