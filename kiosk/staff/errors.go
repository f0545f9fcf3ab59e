package staff

import (
	"errors"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/identity/staffpin"
)

var (
	// ErrWrongPIN is returned by Guard.SignIn when the staff ID is unknown or the
	// PIN does not match it: the two are one answer on purpose.
	ErrWrongPIN = errors.New("staff: wrong staff ID or PIN")
	// ErrLocked is wrapped by the *LockedError Guard.SignIn returns while a staff
	// ID is locked after too many wrong PINs.
	ErrLocked = errors.New("staff: locked after too many wrong PINs")
	// ErrBadHash is returned by ParseHash for a malformed hash string.
	ErrBadHash = staffpin.ErrBadHash
	// ErrWeakPIN is returned by HashPIN for a PIN that fails ValidPIN.
	ErrWeakPIN = staffpin.ErrWeakPIN
	// ErrBadAccount is returned by NewDirectory for an account list it refuses
	// (a bad or repeated ID, a missing name or hash).
	ErrBadAccount = errors.New("staff: bad account")
)

// LockedError says until when a staff ID is locked. It matches ErrLocked.
type LockedError struct {
	Until time.Time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("staff: locked after too many wrong PINs until %s", e.Until.Format(time.RFC3339))
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }
