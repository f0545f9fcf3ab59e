package register

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// fakeQueue keeps requests in memory; frozen, when set, refuses like the outbox.
type fakeQueue struct {
	mu     sync.Mutex
	frozen error
	reqs   []outbox.Request
}

func (q *fakeQueue) Frozen() error { q.mu.Lock(); defer q.mu.Unlock(); return q.frozen }

func (q *fakeQueue) Enqueue(r outbox.Request) (outbox.Record, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.frozen != nil {
		return outbox.Record{}, q.frozen
	}
	r.Payload = append([]byte(nil), r.Payload...)
	q.reqs = append(q.reqs, r)
	n := len(q.reqs)
	return outbox.Record{ID: fmt.Sprintf("rec-%d", n), Ref: fmt.Sprintf("REF%07d", n)}, nil
}

// fakeLive answers like the central service for one synthetic registry.
type fakeLive struct {
	known, hasAccount map[string]bool // by ID number
	mobileOwner       map[string]string
	code              string
	sendErr, callErr  error
	sends, verifies   int
	tries             int
	clk               *clock
}

func (l *fakeLive) CheckID(_ context.Context, r wire.IDLookupRequest) (wire.IDLookupResponse, error) {
	return wire.IDLookupResponse{InRegistry: l.known[r.IDNumber], HasAccount: l.hasAccount[r.IDNumber]}, l.callErr
}

func (l *fakeLive) CheckMobile(_ context.Context, r wire.MobileCheckRequest) (wire.MobileCheckResponse, error) {
	owner := l.mobileOwner[r.Mobile]
	switch owner {
	case "":
		return wire.MobileCheckResponse{Owner: wire.OwnerNone}, l.callErr
	case r.IDNumber:
		return wire.MobileCheckResponse{Owner: wire.OwnerSelf}, l.callErr
	}
	return wire.MobileCheckResponse{Owner: wire.OwnerOther}, l.callErr
}

func (l *fakeLive) SendOTP(context.Context, wire.OTPSendRequest) (wire.OTPSendResponse, error) {
	l.sends++
	l.tries = 0
	return wire.OTPSendResponse{ChallengeID: fmt.Sprintf("ch-%d", l.sends), ExpiresAt: l.clk.t.Add(wire.OTPTTL)}, l.sendErr
}

func (l *fakeLive) VerifyOTP(_ context.Context, r wire.OTPVerifyRequest) (wire.OTPVerifyResponse, error) {
	l.verifies++
	if l.callErr != nil {
		return wire.OTPVerifyResponse{}, l.callErr
	}
	if r.Code == l.code && r.ChallengeID == fmt.Sprintf("ch-%d", l.sends) {
		return wire.OTPVerifyResponse{Verified: true, Result: wire.OTPOK}, nil
	}
	l.tries++
	return wire.OTPVerifyResponse{Result: wire.OTPWrong, TriesLeft: wire.OTPMaxTries - l.tries}, nil
}

type fakePrinter struct {
	err     error
	printed []receipt.Receipt
}

func (p *fakePrinter) Print(_ context.Context, r receipt.Receipt) error {
	p.printed = append(p.printed, r)
	return p.err
}

type fakeTerms struct{ t Terms }

func (f fakeTerms) Terms() (Terms, bool) { return f.t, f.t.Version != "" }

// clock is a settable time source.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

var clockStart = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
