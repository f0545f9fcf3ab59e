package shell

import "time"

// SyncState is what the sync engine reports about the link to the central service.
type SyncState struct {
	// Online is true when the last exchange with the central service succeeded.
	Online bool
	// LastSuccess is when that was; zero if never.
	LastSuccess time.Time
	// LastError is the code of the last failure (sync/engine.Codes), said by
	// SyncErrorText; empty if none.
	LastError string
}

// SyncReporter reports the sync engine's state.
type SyncReporter interface {
	SyncState() SyncState
}

// QueueStats counts the outbox's records by state.
type QueueStats struct {
	// Pending counts the residents' requests waiting to be sent: what the status
	// strip tells residents. Staff audit entries are not among them.
	Pending, Delivered, NeedsAttention int
	// StaffAudit counts the staff audit entries waiting to be sent, shown to
	// staff apart from the residents' requests.
	StaffAudit int
	// Quarantined counts records the outbox found damaged and set aside, unsent:
	// requests may be lost, so staff are told on the strip and the staff screen.
	Quarantined int
}

// Attention is an outbox record the central service refused permanently; staff
// can send it again (e.g. after a configuration fix).
type Attention struct {
	ID     string // record ID (no personal data)
	Kind   string // record kind, e.g. "registration"
	Reason string // the refusal code
	Since  time.Time
}

// Queue is the part of the outbox the shell needs.
type Queue interface {
	Stats() (QueueStats, error)
	NeedsAttention() ([]Attention, error)
	Requeue(id string) error
}

// Central is the central service's configuration as the shell obeys it. Its
// methods are called from the status-polling goroutine and must be safe for
// concurrent use.
type Central interface {
	// ServiceEnabled reports whether central offers service (a wire.Service*
	// name) on this kiosk now.
	ServiceEnabled(service string) bool
	// IdleTimeout is central's idle time from the last touch to the wipe, the
	// warning included; zero when central sets none.
	IdleTimeout() time.Duration
}

// DeviceHealth is one device's state as the device manager sees it.
type DeviceHealth struct {
	Name   string // e.g. "printer", "card reader"
	Kind   string // DevicePrinter, …
	OK     bool
	Detail string // a state code (devices/manager.Details, DetailPaperOut), said by DeviceDetailText
}

// Device kinds and details the status strip understands.
const (
	DevicePrinter  = "printer"
	DetailPaperOut = "paper_out" // the device manager's code for it too
)

// Devices reports device health.
type Devices interface {
	Health() []DeviceHealth
}
