package engine

import (
	"sync"
	"time"
)

// Event says what changed in the Status that carries it.
type Event int

// Events, in Status.Event.
const (
	EventStarted        Event = iota // the engine started; Status is its first snapshot
	EventOnline                      // the central service became reachable
	EventOffline                     // the central service became unreachable
	EventQueued                      // Queued or NeedsAttention changed
	EventSending                     // a batch is on its way
	EventDelivered                   // a batch was answered; see Delivered, LastSuccess
	EventError                       // an attempt failed; see LastError
	EventNeedsAttention              // records were parked as rejected
	EventUnauthorized                // the central service refuses this kiosk
	EventStopped                     // Run returned
)

var eventNames = [...]string{"started", "online", "offline", "queued", "sending", "delivered", "error", "needs-attention", "unauthorized", "stopped"}

func (e Event) String() string {
	if int(e) < len(eventNames) {
		return eventNames[e]
	}
	return "unknown"
}

// Status is a snapshot of the engine, published on every change. It holds counts,
// times and error codes, never personal data, so any screen may show it.
type Status struct {
	Event Event
	// Online reports the last reachability verdict: the latest probe or push reached
	// the central service and got a 2xx answer.
	Online bool
	// Sending is true while a batch is in flight.
	Sending bool
	// Queued counts records waiting for delivery (pending or leased).
	Queued int
	// NeedsAttention counts records the central service rejected; staff must look.
	NeedsAttention int
	// Delivered counts records confirmed delivered since the engine started.
	Delivered int
	// BatchSize is the current adaptive batch size.
	BatchSize int
	// LastSuccess is when the central service last answered a push.
	LastSuccess time.Time
	// LastError describes the last failure (empty before the first); LastErrorAt is
	// when it happened. A later success does not clear them: compare the times.
	LastError   string
	LastErrorAt time.Time
	// LastErrorCode classifies LastError, one of Codes, so that a screen says
	// it in its own words (LastError is the Go error chain, for the log).
	LastErrorCode string
	// Unauthorized is true while the central service refuses this kiosk (401/403):
	// it must be enrolled again.
	Unauthorized bool
}

// hub is a latest-value publish/subscribe: each subscriber has a one-slot channel
// that always ends up holding the newest Status. A slow subscriber (a UI busy
// redrawing) misses intermediate states but never blocks the engine.
type hub struct {
	mu   sync.Mutex
	last Status
	subs map[chan Status]struct{}
}

func (h *hub) publish(update func(*Status)) Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	update(&h.last)
	s := h.last
	for ch := range h.subs {
		select {
		case <-ch: // drop the stale value the subscriber has not read yet
		default:
		}
		// Only publish sends, under h.mu, so the slot is free now.
		ch <- s
	}
	return s
}

func (h *hub) snapshot() Status {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}

func (h *hub) subscribe() (<-chan Status, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs == nil {
		h.subs = map[chan Status]struct{}{}
	}
	ch := make(chan Status, 1)
	ch <- h.last
	h.subs[ch] = struct{}{}
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			h.mu.Lock()
			defer h.mu.Unlock()
			delete(h.subs, ch)
		})
	}
}

// Codes in Status.LastErrorCode: what kind of failure the last one was.
const (
	CodeTransport    = "transport"    // the central service was not reached, or its answer was cut off
	CodeTimeout      = "timeout"      // the central service did not answer in time
	CodeServer       = "server"       // the central service failed or is overloaded (5xx, 408)
	CodeRateLimited  = "rate_limited" // the central service asked the kiosk to slow down (429)
	CodeRejected     = "rejected"     // the central service refused the batch (another 4xx)
	CodeUnauthorized = "unauthorized" // the central service refuses this kiosk (401, 403)
	CodeRevoked      = "revoked"      // this kiosk was revoked: it must be enrolled again
	CodeOutbox       = "outbox"       // the kiosk's outbox could not be read or written
)

// Codes lists every LastErrorCode, for the screens' check that each has a text.
var Codes = []string{CodeTransport, CodeTimeout, CodeServer, CodeRateLimited, CodeRejected,
	CodeUnauthorized, CodeRevoked, CodeOutbox}
