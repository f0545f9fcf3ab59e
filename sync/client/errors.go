package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

var (
	// ErrOffline is matched by every error where the central service was not
	// reached or its answer did not arrive whole: refused or reset connections,
	// timeouts, truncated or malformed bodies. Such a request may be retried.
	ErrOffline = errors.New("client: central service unreachable")
	// ErrUntrusted is matched when the server's certificate does not chain to the
	// pinned central CA: a wrong address, or someone in the middle.
	ErrUntrusted = errors.New("client: central service certificate not trusted")
	// ErrNotEnrolled is returned by Open when the directory holds no complete
	// identity (key, certificate and CA): the kiosk must be enrolled.
	ErrNotEnrolled = errors.New("client: kiosk not enrolled")
	// ErrUnauthorized is matched by 401 and 403 answers to a kiosk call: the
	// central service does not accept this kiosk's certificate.
	ErrUnauthorized = errors.New("client: kiosk not authorised by the central service")
	// ErrRevoked is matched, besides ErrUnauthorized, when the kiosk was revoked.
	ErrRevoked = errors.New("client: kiosk revoked")
	// ErrEnrollCode is matched when the enrolment code is unknown, used or expired.
	ErrEnrollCode = errors.New("client: enrolment code not accepted")
	// ErrNotFound is matched by 404 answers: unknown receipt reference or ID.
	ErrNotFound = errors.New("client: not found")
	// ErrRateLimited is matched by 429 answers; HTTPError.RetryAfter says when to
	// try again.
	ErrRateLimited = errors.New("client: rate limited")
	// ErrRejected is matched by every other final 4xx answer: the request will not
	// be accepted as sent; HTTPError.Code says why.
	ErrRejected = errors.New("client: request rejected")
	// ErrNoConfig is returned by CachedConfig before the first successful pull.
	ErrNoConfig = errors.New("client: no configuration cached yet")
	// ErrNotCentral is returned by FetchCA when the address answers but not as a
	// Bawaba central service: no TLS, or no CA certificate at /v1/ca.
	ErrNotCentral = errors.New("client: not a Bawaba central service")
	// ErrWrongHost is matched, besides ErrUntrusted, when the server's
	// certificate is from the central CA but does not name the host dialled:
	// central serves under another name (its -hosts) than the one typed.
	ErrWrongHost = errors.New("client: central's certificate does not name this address")
	// ErrBadURL is returned by CheckURL and FetchCA for a central address that is
	// not https://host[:port].
	ErrBadURL = errors.New("client: central address is not https://host[:port]")
)

// HTTPError is a non-2xx answer from the central service.
type HTTPError struct {
	Op     string // the call, e.g. "push"
	Status int    // HTTP status code
	// Code and Message come from the wire.Error body; Code is empty when the body
	// was not one (e.g. a proxy's error page).
	Code    string
	Message string
	// Body is the start of the raw body, for operators.
	Body []byte
	// RetryAfter is the Retry-After header of a 429 or 503, zero when absent.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("client: %s: HTTP %d %s: %s", e.Op, e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("client: %s: HTTP %d: %q", e.Op, e.Status, e.Body)
}

// HTTPStatus returns Status; the sync engine classifies failures by it.
func (e *HTTPError) HTTPStatus() int { return e.Status }

// ErrorCode returns Code.
func (e *HTTPError) ErrorCode() string { return e.Code }

// RetryDelay returns RetryAfter; the sync engine waits at least this long (up to
// its backoff cap) before pushing again.
func (e *HTTPError) RetryDelay() time.Duration { return e.RetryAfter }

// Is maps the answer to the package's sentinel errors.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrOffline:
		// A 5xx is an answer, but the request did not get through to the point of
		// being decided: for the UI it is the same as no network.
		return wire.Retryable(e.Status) || e.Status == http.StatusRequestTimeout
	case ErrUnauthorized:
		return (e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden) && e.Code != wire.ErrEnrollCodeInvalid
	case ErrRevoked:
		return e.Code == wire.ErrKioskRevoked
	case ErrEnrollCode:
		return e.Code == wire.ErrEnrollCodeInvalid
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrRateLimited:
		return e.Status == http.StatusTooManyRequests
	case ErrRejected:
		return e.Status >= 400 && e.Status < 500 && !wire.Retryable(e.Status) &&
			e.Status != http.StatusUnauthorized && e.Status != http.StatusForbidden &&
			e.Status != http.StatusNotFound && e.Status != http.StatusTooManyRequests &&
			e.Status != http.StatusRequestTimeout
	}
	return false
}

// offline wraps a transport failure so that it matches ErrOffline and still
// unwraps to the cause (a *net.OpError, context.DeadlineExceeded, ...). A server
// that fails certificate verification is reported as ErrUntrusted instead: retrying
// will not help, and staff must check the address.
func offline(op string, err error) error {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	if errors.As(err, &cv) || errors.As(err, &ua) {
		return fmt.Errorf("%w: %s: %w", ErrUntrusted, op, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrOffline, op, err)
}
