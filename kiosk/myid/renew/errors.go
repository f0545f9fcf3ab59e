package renew

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// Reasons a fetch failed, for the flow to say what happened.
var (
	// ErrUnreachable: central could not be asked (offline, timeout, 5xx).
	ErrUnreachable = errors.New("renew: central service unreachable")
	// ErrNoAccount: the person has no activated account (central's 409 no_account).
	ErrNoAccount = errors.New("renew: no activated account")
	// ErrRefused: central refused the proof or the person for good (a 4xx other
	// than no_account: the proof token has expired or is not this kiosk's).
	ErrRefused = errors.New("renew: refused by the central service")
)

// Classify wraps err in one of the reasons above.
func Classify(op string, err error) error {
	var he *client.HTTPError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &he) && he.Code == wire.ErrNoAccount:
		return fmt.Errorf("renew: %s: %w: %w", op, ErrNoAccount, err)
	case errors.As(err, &he) && he.Status >= 400 && he.Status < 500 && he.Status != http.StatusTooManyRequests:
		return fmt.Errorf("renew: %s: %w: %w", op, ErrRefused, err)
	}
	return fmt.Errorf("renew: %s: %w: %w", op, ErrUnreachable, err)
}

// permanent reports whether asking again cannot help.
func permanent(err error) bool { return errors.Is(err, ErrRefused) || errors.Is(err, ErrNoAccount) }
