package central

import (
	"net"
	"net/http"
	gosync "sync"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Rate is N calls per Per, with bursts of up to N.
type Rate struct {
	N   int
	Per time.Duration
}

// Limits are the rate limits of the calls a stolen kiosk (or anyone, for
// enrolment) could repeat to guess: enrolment codes, one-time codes and
// fingerprints. They are kept in memory, per process: a restart or another
// replica starts afresh, which bounds the guesses per replica, not in all.
type Limits struct {
	EnrollPerSource     Rate // POST /v1/enroll per client IP address
	OTPVerifyPerKiosk   Rate // POST /v1/otp/verify per kiosk
	OTPVerifyPerPerson  Rate // POST /v1/otp/verify per mobile number the code was sent to
	FingerprintPerKiosk Rate // POST /v1/fingerprint/match per kiosk
	// ProofFailsPerKiosk bounds the failed proofs (POST /v1/proof and the
	// sign-in code's password check) per kiosk; a failure takes a token, a
	// success takes none. Failures per person are the fingerprint lockout's
	// (fingerLock), counted apart for each method.
	ProofFailsPerKiosk Rate
}

// DefaultLimits are well above what one kiosk serving one person at a time needs:
// a person gets wire.OTPSendsPerWindow codes of wire.OTPMaxTries tries each per
// wire.OTPSendWindow, and a fingerprint is placed a few times a minute at most.
var DefaultLimits = Limits{
	EnrollPerSource:     Rate{N: 10, Per: time.Minute},
	OTPVerifyPerKiosk:   Rate{N: 30, Per: time.Minute},
	OTPVerifyPerPerson:  Rate{N: wire.OTPSendsPerWindow * wire.OTPMaxTries, Per: wire.OTPSendWindow},
	FingerprintPerKiosk: Rate{N: 20, Per: time.Minute},
	ProofFailsPerKiosk:  Rate{N: 10, Per: 10 * time.Minute},
}

type limiters struct {
	enroll, otpKiosk, otpPerson, fingerprint, proofFails *limiter
}

func newLimiters(l Limits, now func() time.Time) *limiters {
	return &limiters{enroll: newLimiter(l.EnrollPerSource, now), otpKiosk: newLimiter(l.OTPVerifyPerKiosk, now),
		otpPerson: newLimiter(l.OTPVerifyPerPerson, now), fingerprint: newLimiter(l.FingerprintPerKiosk, now),
		proofFails: newLimiter(l.ProofFailsPerKiosk, now)}
}

// limiter is a token bucket per key.
type limiter struct {
	rate Rate
	now  func() time.Time
	mu   gosync.Mutex
	b    map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds a limiter's memory; above it, full buckets (keys idle long
// enough to have refilled) are dropped, which changes no answer.
const maxBuckets = 10000

func newLimiter(r Rate, now func() time.Time) *limiter {
	return &limiter{rate: r, now: now, b: map[string]*bucket{}}
}

// allow takes one token for key, or says how long until one is there.
func (l *limiter) allow(key string) (ok bool, retry time.Duration) {
	if l.rate.N <= 0 {
		return true, 0
	}
	now := l.now()
	per := l.rate.Per.Seconds() / float64(l.rate.N) // seconds per token
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.b[key]
	if b == nil {
		if len(l.b) >= maxBuckets {
			l.sweep(now, per)
		}
		b = &bucket{tokens: float64(l.rate.N), at: now}
		l.b[key] = b
	}
	b.tokens = min(float64(l.rate.N), b.tokens+now.Sub(b.at).Seconds()/per)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * per * float64(time.Second))
}

// wait says how long until key has a token, without taking one: zero when it
// has one now.
func (l *limiter) wait(key string) time.Duration {
	if l.rate.N <= 0 {
		return 0
	}
	now := l.now()
	per := l.rate.Per.Seconds() / float64(l.rate.N)
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.b[key]
	if b == nil {
		return 0
	}
	tokens := min(float64(l.rate.N), b.tokens+now.Sub(b.at).Seconds()/per)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) * per * float64(time.Second))
}

func (l *limiter) sweep(now time.Time, per float64) {
	for k, b := range l.b {
		if b.tokens+now.Sub(b.at).Seconds()/per >= float64(l.rate.N) {
			delete(l.b, k)
		}
	}
}

// limited is the 429 of a rate limit.
func limited(msg string, retry time.Duration) *httpError {
	return &httpError{status: http.StatusTooManyRequests, body: wire.Error{Code: wire.ErrRateLimited, Message: msg},
		retryAfter: max(retry, time.Second)}
}

// check takes a token from l for key, or returns the 429.
func (l *limiter) check(key, msg string) error {
	if ok, retry := l.allow(key); !ok {
		return limited(msg, retry)
	}
	return nil
}

// source is the client's IP address, without the port.
func source(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
