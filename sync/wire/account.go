package wire

import "time"

// Fingerprint match limits. After FingerprintMaxFails failed matches for one ID
// number, POST /v1/fingerprint/match answers 429 ErrTooManyTries (with Retry-After)
// until FingerprintLockout has passed since the last failure: a stolen ID card
// cannot be tried against the sensor with finger after finger. A match clears the
// count. Kiosks apply the same limit locally so that a person is told at once,
// even while central cannot be reached.
const (
	FingerprintMaxFails = 3
	FingerprintLockout  = 15 * time.Minute
)

// ErrTooManyTries is the code of 429 on /v1/fingerprint/match: too many failed
// matches for this ID number; see Retry-After.
const ErrTooManyTries = "too_many_tries"
