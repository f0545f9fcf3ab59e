package wire

import "fmt"

// Error is the body of every non-2xx response. Code is stable and meant for programs
// (the kiosk maps it to a translated message); Message is English for operators and
// never contains personal data.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return fmt.Sprintf("central: %s: %s", e.Code, e.Message) }

// Error codes of non-2xx responses, with the HTTP status each comes with.
const (
	ErrBadRequest          = "bad_request"          // 400: malformed JSON, missing or invalid field
	ErrBodyTooLarge        = "body_too_large"       // 413: body above MaxBodyBytes / MaxLiveBodyBytes
	ErrBatchTooLarge       = "batch_too_large"      // 400: more than MaxBatchRecords records
	ErrRecordTooLarge      = "record_too_large"     // 413: one record's JSON above MaxRecordBytes
	ErrBodyIncomplete      = "body_incomplete"      // 408: the body arrived too slowly or the connection was cut
	ErrUnsupportedMedia    = "unsupported_media"    // 415: Content-Type is not application/json
	ErrMethodNotAllowed    = "method_not_allowed"   // 405
	ErrUnauthenticated     = "unauthenticated"      // 401: no client certificate issued by this central
	ErrKioskUnknown        = "kiosk_unknown"        // 403: certificate valid but kiosk not enrolled here
	ErrKioskRevoked        = "kiosk_revoked"        // 403: kiosk revoked by an administrator
	ErrEnrollCodeInvalid   = "enroll_code_invalid"  // 403: enrolment code unknown, used or expired
	ErrNotFound            = "not_found"            // 404: unknown request reference, or unknown ID for a live call
	ErrRateLimited         = "rate_limited"         // 429: too many one-time codes, OTP tries, fingerprint matches or enrolments; see Retry-After
	ErrNoAccount           = "no_account"           // 409: live call needs an (activated) account that does not exist
	ErrFingerprintMismatch = "fingerprint_mismatch" // 403: digital ID refused: the fingerprint does not match
	ErrInternal            = "internal"             // 500
	ErrUnavailable         = "unavailable"          // 503: storage unreachable or shutting down
	ErrBusy                = "busy"                 // 503: too many pushes in flight (for this kiosk or in all); see Retry-After
)

// Retryable reports whether a request that got HTTP status code should be retried
// later: transport errors (status 0) and 5xx are transient, everything else is final.
func Retryable(status int) bool { return status == 0 || status >= 500 }
