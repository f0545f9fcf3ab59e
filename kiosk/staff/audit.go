package staff

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Action is what a staff member did.
type Action string

// Actions recorded in the audit trail.
const (
	ActionSignIn    Action = "sign_in"    // Result: ok, wrong_pin, locked
	ActionView      Action = "view"       // the staff screen was shown
	ActionRequeue   Action = "requeue"    // records that need attention sent again; Detail: how many
	ActionTool      Action = "tool"       // a staff tool opened; Detail: its ID (verify, usb)
	ActionUSBExport Action = "usb_export" // the outbox exported to a stick; Detail: records
	ActionUSBImport Action = "usb_import" // receipts imported from a stick; Detail: receipts
	ActionVerify    Action = "verify"     // a digital ID checked; Detail: the verdict, no holder data
	ActionPing      Action = "ping"       // central's reachability checked; Detail: milliseconds or why not
	ActionSyncNow   Action = "sync_now"   // waiting records sent at once; Detail: sent/waiting
	ActionSettings  Action = "settings"   // settings saved; Detail: the changed field=value pairs
	ActionSignOut   Action = "sign_out"   // the staff member left the staff screen
	ActionReenrol   Action = "reenrol"    // the kiosk re-enrolled (kiosk/enrol); Detail: the new kiosk ID, or the step and why it failed
	ActionTimeout   Action = "timeout"    // the staff session ended after StaffIdle without a touch
)

// Result is how an action ended.
type Result string

// Results recorded in the audit trail.
const (
	ResultOK       Result = "ok"
	ResultFailed   Result = "failed"    // Detail says why, as a code
	ResultWrongPIN Result = "wrong_pin" // a wrong PIN, or an ID that is no staff member's
	ResultLocked   Result = "locked"    // refused: the ID is locked (or just became so)
)

// Entry is one line of the audit trail: who, what, when, with what result. It
// holds no resident data, by construction: IDs of staff, codes and counts only.
type Entry struct {
	At     time.Time `json:"at"`
	Staff  string    `json:"staff"` // staff ID; "" for an ID that is no staff member's
	Action Action    `json:"action"`
	Result Result    `json:"result"`
	Detail string    `json:"detail,omitempty"`
}

// Queue is where audit entries are sealed for central: the kiosk's outbox.
type Queue interface {
	Enqueue(outbox.Request) (outbox.Record, error)
}

// maxTrailBytes bounds the local trail file; past it the file is moved to
// path+".1" (replacing the older one) and a new one started. Central keeps the
// whole trail; the kiosk keeps the recent part for a technician on site.
const maxTrailBytes = 1 << 20

// Trail is the kiosk's audit trail: each entry is appended to a local file
// (JSON lines, fsync'd) and sealed into the outbox for central as a
// wire.KindStaffAudit record. It is safe for concurrent use.
type Trail struct {
	path     string
	maxBytes int64
	q        Queue
	mu       sync.Mutex
}

// NewTrail returns a trail kept at path and sent through q (nil: kept locally
// only, e.g. on a kiosk not yet enrolled).
func NewTrail(path string, q Queue) *Trail { return &Trail{path: path, q: q, maxBytes: maxTrailBytes} }

// Record appends e to the local file and queues it for central. An error from
// either is returned (joined); the other still happens, so an entry the outbox
// refuses (full, frozen) is at least on the kiosk.
func (t *Trail) Record(e Entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("staff: audit: %w", err)
	}
	t.mu.Lock()
	ferr := t.appendLine(b)
	t.mu.Unlock()
	var qerr error
	if t.q != nil {
		payload, _ := json.Marshal(wire.StaffAudit{At: e.At, Staff: e.Staff, Action: string(e.Action), Result: string(e.Result), Detail: e.Detail})
		if _, err := t.q.Enqueue(outbox.Request{Kind: wire.KindStaffAudit, Payload: payload}); err != nil {
			qerr = fmt.Errorf("staff: audit to outbox: %w", err)
		}
	}
	return errors.Join(ferr, qerr)
}

func (t *Trail) appendLine(b []byte) error {
	if fi, err := os.Stat(t.path); err == nil && fi.Size()+int64(len(b)) >= t.maxBytes {
		if err := os.Rename(t.path, t.path+".1"); err != nil {
			return fmt.Errorf("staff: audit rotate: %w", err)
		}
	}
	f, err := os.OpenFile(t.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("staff: audit: %w", err)
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("staff: audit: %w", err)
	}
	return nil
}

// Entries returns the entries in the local file, oldest first (the rotated-out
// older file not included). A line that does not parse — the tail of a write cut
// by a power loss — is skipped.
func (t *Trail) Entries() ([]Entry, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, err := os.Open(t.path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("staff: audit: %w", err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("staff: audit: %w", err)
	}
	return out, nil
}
