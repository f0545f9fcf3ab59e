package wire

import "time"

// URL paths served by the central service. Paths under /v1 other than PathEnroll
// and PathCA require a client certificate issued at enrolment.
const (
	PathEnroll           = "/v1/enroll"            // POST EnrollRequest -> EnrollResponse (no client cert)
	PathRecords          = "/v1/records"           // POST PushRequest -> PushResponse
	PathConfig           = "/v1/config"            // GET ?since=N -> Config, or 304 when N is current
	PathStatus           = "/v1/status/"           // GET /v1/status/{ref} -> RequestStatus
	PathOTPSend          = "/v1/otp/send"          // POST OTPSendRequest -> OTPSendResponse
	PathOTPVerify        = "/v1/otp/verify"        // POST OTPVerifyRequest -> OTPVerifyResponse
	PathIDLookup         = "/v1/id/lookup"         // POST IDLookupRequest -> IDLookupResponse
	PathMobileCheck      = "/v1/mobile/check"      // POST MobileCheckRequest -> MobileCheckResponse
	PathFingerprintMatch = "/v1/fingerprint/match" // POST FingerprintMatchRequest -> FingerprintMatchResponse
	PathDigitalID        = "/v1/digital-id"        // POST DigitalIDRequest -> DigitalID
	PathPing             = "/v1/ping"              // GET -> Pong; cheap reachability probe with mTLS
	PathCA               = "/v1/ca"                // GET -> the central CA certificate, PEM (no client cert; see CAFingerprint)

	PathHealthz = "/healthz" // process is up
	PathReadyz  = "/readyz"  // storage reachable; ready for traffic
	PathMetrics = "/metrics" // Prometheus text exposition
)

// Limits enforced by the central service. A kiosk that respects them never sees
// ErrBodyTooLarge or ErrBatchTooLarge.
const (
	MaxBodyBytes     = 8 << 20  // any request body
	MaxBatchRecords  = 500      // records in one PushRequest
	MaxSealedBytes   = 64 << 10 // Record.Sealed
	MaxLiveBodyBytes = 64 << 10 // bodies of live calls
	MaxIDLen         = 64       // Record.ID, Record.Ref, Record.KioskID, Record.KeyID
	// MaxRecordBytes bounds one record's JSON in a PushRequest: a MaxSealedBytes
	// payload in base64 with its metadata fits with room to spare.
	MaxRecordBytes = 128 << 10
)

// One-time code rules.
const (
	OTPDigits   = 6
	OTPTTL      = 5 * time.Minute
	OTPMaxTries = 5
	// OTPSendWindow and OTPSendsPerWindow rate-limit sends per mobile number.
	OTPSendWindow     = 15 * time.Minute
	OTPSendsPerWindow = 3
)

// ContentType is the media type of every request and response body except /metrics.
const ContentType = "application/json"
