package enrol

import (
	"context"
	"errors"

	"github.com/bawaba/bawaba/sync/client"
)

// Field is the part of the steps a problem belongs to: its message is shown
// next to it.
type Field int

// The fields of the enrolment steps.
const (
	FieldAddress     Field = iota // central's address: unreachable, not a central
	FieldFingerprint              // the CA fingerprint: declined
	FieldCode                     // the one-time code: wrong, used, expired
)

// ErrDeclined is what the steps report when the technician says the
// fingerprint shown does not match central's.
var ErrDeclined = errors.New("enrol: CA fingerprint declined by the technician")

// ErrSaveConfig is matched when the address could not be saved in the
// kiosk's configuration (cmd/kiosk's settings overlay in its data directory)
// before enrolling (cmd/kiosk wraps its error with it); nothing was enrolled.
var ErrSaveConfig = errors.New("enrol: configuration not saved")

// Problem says where a failed step's error belongs and the i18n key of its
// plain-words explanation. Every error is some problem: an unknown one is
// shown as "enrol.err.other", with nothing enrolled.
func Problem(err error) (Field, string) {
	switch {
	case errors.Is(err, ErrDeclined):
		return FieldFingerprint, "enrol.err.declined"
	case errors.Is(err, client.ErrBadURL):
		return FieldAddress, "enrol.err.bad_url"
	case errors.Is(err, client.ErrNotCentral):
		return FieldAddress, "enrol.err.not_central"
	case errors.Is(err, client.ErrWrongHost):
		return FieldAddress, "enrol.err.wrong_host"
	case errors.Is(err, client.ErrUntrusted):
		return FieldAddress, "enrol.err.untrusted"
	case errors.Is(err, client.ErrEnrollCode):
		return FieldCode, "enrol.err.code"
	case errors.Is(err, client.ErrRevoked):
		return FieldCode, "enrol.err.revoked"
	case errors.Is(err, client.ErrRateLimited):
		return FieldCode, "enrol.err.rate_limited"
	case errors.Is(err, client.ErrRejected):
		return FieldCode, "enrol.err.rejected"
	case errors.Is(err, ErrSaveConfig):
		return FieldCode, "enrol.err.config"
	case errors.Is(err, client.ErrOffline), errors.Is(err, context.DeadlineExceeded):
		return FieldAddress, "enrol.err.offline"
	}
	return FieldCode, "enrol.err.other"
}
