package register

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Queue is the part of the outbox the wizard needs (*outbox.Store has it).
type Queue interface {
	// Enqueue stores the request durably; when it returns nil the request survives a
	// crash. It refuses with a typed error while the outbox is frozen.
	Enqueue(outbox.Request) (outbox.Record, error)
	// Frozen returns why new requests must be refused now, or nil.
	Frozen() error
}

// Live is the central service's live calls, used only while it is reachable.
// Implementations return an error wrapping ErrUnreachable (or any error that is not
// a definite answer) when central could not be asked, and ErrRateLimited when it
// refuses to send another code; wrong or expired codes are normal answers in
// wire.OTPVerifyResponse, not errors.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	CheckMobile(context.Context, wire.MobileCheckRequest) (wire.MobileCheckResponse, error)
	SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error)
	VerifyOTP(context.Context, wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error)
}

// Printer prints a receipt (devices/printer). A failure is shown, not fatal: the
// request is already queued and the receipt goes on screen instead.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// TermsSource gives the terms and privacy text from the central service's cached
// configuration. ok is false when the kiosk has never received them.
type TermsSource interface {
	Terms() (t Terms, ok bool)
}

// Terms is the text a person accepts, and its version, recorded with the request.
type Terms struct {
	Version string
	Terms   Text
	Privacy Text
}

// TermsFromConfig takes the terms out of the cached central configuration.
func TermsFromConfig(c wire.Config) (Terms, bool) {
	t := Terms{
		Version: c.TermsVersion,
		Terms:   Text{AR: c.Terms.AR, EN: c.Terms.EN},
		Privacy: Text{AR: c.Privacy.AR, EN: c.Privacy.EN},
	}
	return t, t.Version != "" && t.Terms.AR != "" && t.Terms.EN != ""
}

// Deps is what a Wizard works with. Queue, Printer and Terms are required.
type Deps struct {
	Queue   Queue
	Printer Printer
	Terms   TermsSource
	// Live and Online together decide the online path: when Live is nil or Online
	// reports false at submission, the request is queued without live checks.
	Live   Live
	Online func() bool
	// KioskID is printed on the receipt.
	KioskID string
	// Language is the screen language the wizard starts in, and the default
	// preferred language; "" means Arabic.
	Language string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand draws visual verification codes; nil means a ChaCha8 generator seeded from
	// crypto/rand.
	Rand *rand.Rand
	// IDRules are the deployment's ID rules (border-number prefixes); the zero value
	// is the default set.
	IDRules identity.Rules
	// MinAge is the youngest age (in years of the calendar the date is entered in)
	// that may register; 0 means no limit.
	MinAge int
}
