// Package registertest holds the fakes the registration flow's tests run on: an
// in-memory queue, a central service that knows a small registry, a printer and a
// settable clock. kiosk/register's model tests and kiosk/register/wizard's screen
// tests share them, so a fake that answers differently in the two places cannot
// hide a difference between the model and its screens.
//
// The fakes satisfy register.Queue, register.Live and register.Printer by shape;
// the package does not import kiosk/register, so that package's own (internal)
// tests can use it without an import cycle. The terms fake stays with each test,
// since it returns register.Terms.
//
// # Caveats
//
// The exported fields of Live configure it: set them before the flow calls it, or
// between calls from the test's goroutine. The counters are read through methods.
package registertest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity/luhn"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// SynthID is a synthetic ID number: payload and its check digit, so it passes the
// number rules while being obviously test data.
func SynthID(payload string) string { return payload + string(luhn.Digit(payload)) }

// Queue keeps requests in memory and refuses, like the outbox, while frozen.
type Queue struct {
	// Ref, when not empty, is the reference of every record, so that screens that
	// show it render the same on every run; empty numbers them REF0000001, ….
	Ref string

	mu     sync.Mutex
	frozen error
	reqs   []outbox.Request
}

// Freeze makes Enqueue refuse with err and Frozen return it, as a full or stale
// outbox does; nil thaws the queue.
func (q *Queue) Freeze(err error) { q.mu.Lock(); defer q.mu.Unlock(); q.frozen = err }

// Frozen returns why new requests are refused now, or nil.
func (q *Queue) Frozen() error { q.mu.Lock(); defer q.mu.Unlock(); return q.frozen }

// Enqueue keeps a copy of r, so a caller that reuses its payload buffer cannot
// change what was queued.
func (q *Queue) Enqueue(r outbox.Request) (outbox.Record, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.frozen != nil {
		return outbox.Record{}, q.frozen
	}
	r.Payload = slices.Clone(r.Payload)
	q.reqs = append(q.reqs, r)
	n := len(q.reqs)
	ref := q.Ref
	if ref == "" {
		ref = fmt.Sprintf("REF%07d", n)
	}
	return outbox.Record{ID: fmt.Sprintf("rec-%d", n), Ref: ref}, nil
}

// Requests returns what was queued, oldest first.
func (q *Queue) Requests() []outbox.Request {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.reqs)
}

// Live answers the live calls as the central service does for a small registry.
// Its one-time codes work only for the newest challenge, and each wrong code costs
// one of wire.OTPMaxTries, as at central.
type Live struct {
	Known       map[string]bool   // ID numbers in the registry
	HasAccount  map[string]bool   // ID numbers that already have an account
	MobileOwner map[string]string // mobile (E.164) → the ID number it is registered to
	Code        string            // the code every SMS carries
	SendErr     error             // SendOTP's error; the send is still counted
	CallErr     error             // the other calls' error, as when central is lost
	Now         func() time.Time  // the challenges' clock; nil is time.Now

	mu              sync.Mutex
	sends, verifies int
	tries           int // wrong codes for the newest challenge
}

// CheckID looks the number up in Known and HasAccount.
func (l *Live) CheckID(_ context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	return wire.IDLookupResponse{InRegistry: l.Known[r.IDNumber], HasAccount: l.HasAccount[r.IDNumber]}, l.CallErr
}

// CheckMobile says whose the number is, by MobileOwner.
func (l *Live) CheckMobile(_ context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	switch owner := l.MobileOwner[r.Mobile]; owner {
	case "":
		return wire.MobileCheckResponse{Owner: wire.OwnerNone}, l.CallErr
	case r.IDNumber:
		return wire.MobileCheckResponse{Owner: wire.OwnerSelf}, l.CallErr
	}
	return wire.MobileCheckResponse{Owner: wire.OwnerOther}, l.CallErr
}

// SendOTP opens a new challenge, ch-1, ch-2, …, and resets the tries.
func (l *Live) SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sends++
	l.tries = 0
	return wire.OTPSendResponse{ChallengeID: fmt.Sprintf("ch-%d", l.sends), ExpiresAt: l.now().Add(wire.OTPTTL)}, l.SendErr
}

// VerifyOTP accepts Code for the newest challenge.
func (l *Live) VerifyOTP(_ context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.verifies++
	if l.CallErr != nil {
		return wire.OTPVerifyResponse{}, l.CallErr
	}
	if r.Code == l.Code && r.ChallengeID == fmt.Sprintf("ch-%d", l.sends) {
		return wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK}, nil
	}
	l.tries++
	return wire.OTPVerifyResponse{Result: wire.OTPWrong, TriesLeft: wire.OTPMaxTries - l.tries}, nil
}

// Sends counts the codes sent.
func (l *Live) Sends() int { l.mu.Lock(); defer l.mu.Unlock(); return l.sends }

// Verifies counts the codes that reached central to be checked.
func (l *Live) Verifies() int { l.mu.Lock(); defer l.mu.Unlock(); return l.verifies }

func (l *Live) now() time.Time {
	if l.Now == nil {
		return time.Now()
	}
	return l.Now()
}

// Printer keeps what it prints; Err, when set, is every print's failure (the
// receipt is still recorded as sent to the printer).
type Printer struct {
	Err error

	mu      sync.Mutex
	printed []receipt.Receipt
}

// Print records r and returns Err.
func (p *Printer) Print(_ context.Context, r receipt.Receipt) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.printed = append(p.printed, r)
	return p.Err
}

// Printed returns the receipts sent to the printer, oldest first.
func (p *Printer) Printed() []receipt.Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.printed)
}

// Last returns the newest receipt sent to the printer, the zero Receipt when none was.
func (p *Printer) Last() receipt.Receipt {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.printed) == 0 {
		return receipt.Receipt{}
	}
	return p.printed[len(p.printed)-1]
}

// Clock is a settable time source for register.Deps.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
