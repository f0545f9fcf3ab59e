package status

import (
	"context"
	"errors"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Central answers GET /v1/status/{ref}; *client.Client implements it. Errors match
// client.ErrNotFound for a reference central does not know, anything else means it
// was not reached.
type Central interface {
	RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error)
}

// Outbox finds this kiosk's own record of a reference; *outbox.Store implements it
// and answers outbox.ErrNotFound for a reference it never issued.
type Outbox interface {
	ByRef(ref string) (outbox.Record, error)
}

// Source says where an answer came from.
type Source int

// Sources of an answer.
const (
	// FromCentral: central's request status (Answer.Central).
	FromCentral Source = iota + 1
	// FromKiosk: this kiosk's outbox (Answer.Local); central was not reached or
	// does not have the request yet.
	FromKiosk
	// Unknown: neither central nor this kiosk knows the reference. With Offline
	// set, central was not asked: the reference may be another kiosk's.
	Unknown
)

// Answer is what is known about one reference.
type Answer struct {
	Ref     string
	Source  Source
	Offline bool               // central was not reached
	Central wire.RequestStatus // when Source is FromCentral
	Local   outbox.Record      // when Source is FromKiosk; only its non-personal fields are used
}

// Kind is the kind of request, "" when unknown.
func (a Answer) Kind() string {
	switch a.Source {
	case FromCentral:
		return a.Central.Kind
	case FromKiosk:
		return a.Local.Kind
	}
	return ""
}

// Timeout bounds a look-up at central: past it the person is told what this
// kiosk knows rather than kept waiting.
const Timeout = 5 * time.Second

// Lookup asks central about reference r (canonical, from ParseTyped or ParseScan)
// and, when central is unreachable or does not have it yet, this kiosk's outbox.
// central may be nil (kiosk not enrolled): then only the outbox is asked.
func Lookup(ctx context.Context, c Central, o Outbox, r string) (Answer, error) {
	a := Answer{Ref: r, Offline: true}
	if c != nil {
		ctx, cancel := context.WithTimeout(ctx, Timeout)
		st, err := c.RequestStatus(ctx, r)
		cancel()
		switch {
		case err == nil:
			a.Source, a.Offline, a.Central = FromCentral, false, st
			return a, nil
		case errors.Is(err, client.ErrNotFound):
			a.Offline = false
		}
	}
	if o == nil {
		a.Source = Unknown
		return a, nil
	}
	rec, err := o.ByRef(r)
	switch {
	case err == nil:
		a.Source, a.Local = FromKiosk, rec
	case errors.Is(err, outbox.ErrNotFound):
		a.Source = Unknown
	default:
		return Answer{}, err
	}
	return a, nil
}
