package wire

import "time"

// KindStaffAudit is the kind of a record that carries one entry of a kiosk's
// staff audit trail (payload StaffAudit). It is sealed and delivered like a
// resident's request, so that an entry cannot be read or changed on the way
// and arrives exactly once, but it is no request: central stores it for
// operators, keeps no request status for its Ref, and sends no SMS.
const KindStaffAudit = "staff_audit"

// StaffAudit is one staff action at a kiosk: who, what, when, and the result.
// It never holds resident data.
type StaffAudit struct {
	// At is when the action happened, by the kiosk's clock.
	At time.Time `json:"at"`
	// Staff is the staff ID that acted; empty for a sign-in with an ID that is no
	// staff member's (the typed text is never kept).
	Staff string `json:"staff"`
	// Action is what was done, e.g. "sign_in", "requeue", "tool".
	Action string `json:"action"`
	// Result is how it ended, e.g. "ok", "wrong_pin", "locked".
	Result string `json:"result"`
	// Detail is a short code with no personal data: the tool's ID, a count.
	Detail string `json:"detail,omitempty"`
}
