package proof

import (
	"context"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/sync/outbox"
)

// Queue is the part of the outbox a service that proves the person needs to
// queue its request (*outbox.Store has it).
type Queue interface {
	Enqueue(outbox.Request) (outbox.Record, error)
	// Frozen is not nil when the kiosk cannot take requests now.
	Frozen() error
}

// Printer prints a receipt; a failure is the service's to show, never fatal.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// Defaults gives the zero options every service that proves the person shares
// their meaning: a blocking call runs on its own goroutine, a call to central
// takes up to 20 s, the clock is time.Now, and without an Online func central
// is never reachable.
func Defaults(goFn *func(func()), timeout *time.Duration, now *func() time.Time, online *func() bool) {
	if *goFn == nil {
		*goFn = func(f func()) { go f() }
	}
	if *timeout == 0 {
		*timeout = 20 * time.Second
	}
	if *now == nil {
		*now = time.Now
	}
	if *online == nil {
		*online = func() bool { return false }
	}
}
