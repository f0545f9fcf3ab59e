package proof

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// ProverLive is the central service's live calls the Prover needs;
// *client.Client has them. Its errors are classified by ClassifyLive: an answer
// of central carries its HTTP status and wire code (client.HTTPError does),
// anything else means central could not be asked.
type ProverLive interface {
	Prove(context.Context, wire.ProofRequest) (wire.ProofResponse, error)
	SendOTPRegistered(context.Context, wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error)
	VerifyOTP(context.Context, wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error)
}

// The errors of a live proof the Prover acts on, beside ErrLocked and
// ErrUnreachable.
var (
	// ErrNotProven is matched when central answers 403 proof_failed: the
	// finger, the card or the password does not prove the person.
	ErrNotProven = errors.New("proof: not proven")
	// ErrNoAccount is matched when central answers 409 no_account: the service
	// needs an activated account and the person has none.
	ErrNoAccount = errors.New("proof: no activated account")
	// ErrNoFingerprintOnRecord is matched when central has no fingerprint on
	// record for the ID (409 no_fingerprint).
	ErrNoFingerprintOnRecord = errors.New("proof: no fingerprint on record")
	// ErrTooManyCodes is matched when central refuses to send another code to
	// the number (429 rate_limited).
	ErrTooManyCodes = errors.New("proof: too many codes sent to this number")
)

// httpAnswer is what an error of central's answer tells (client.HTTPError).
type httpAnswer interface {
	HTTPStatus() int
	ErrorCode() string
	RetryDelay() time.Duration
}

// ClassifyLive maps an error of a ProverLive call to the errors above: a
// *LockedError for 429 too_many_tries, ErrNotProven, ErrNoAccount,
// ErrNoFingerprintOnRecord, ErrTooManyCodes, ErrCardNotLinked, ErrCardExpired; any other answer, a transport
// failure or a timeout wraps ErrUnreachable.
func ClassifyLive(op string, err error) error {
	if err == nil {
		return nil
	}
	var a httpAnswer
	if errors.As(err, &a) {
		switch {
		case a.ErrorCode() == wire.ErrTooManyTries:
			return &LockedError{RetryAfter: a.RetryDelay()}
		case a.ErrorCode() == wire.ErrProofFailed:
			return fmt.Errorf("proof: %s: %w", op, ErrNotProven)
		case a.ErrorCode() == wire.ErrNoAccount:
			return fmt.Errorf("proof: %s: %w", op, ErrNoAccount)
		case a.ErrorCode() == wire.ErrNoFingerprintOnRecord:
			return fmt.Errorf("proof: %s: %w", op, ErrNoFingerprintOnRecord)
		case a.ErrorCode() == wire.ErrCardNotLinked:
			return fmt.Errorf("proof: %s: %w", op, ErrCardNotLinked)
		case a.ErrorCode() == wire.ErrCardExpired:
			return fmt.Errorf("proof: %s: %w", op, ErrCardExpired)
		case a.HTTPStatus() == http.StatusTooManyRequests:
			return fmt.Errorf("proof: %s: %w", op, ErrTooManyCodes)
		}
	}
	return fmt.Errorf("proof: %s: %w: %w", op, ErrUnreachable, err)
}
