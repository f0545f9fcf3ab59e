package backoffice

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// StaffAuditEntry is one staff action at a kiosk as central keeps it.
type StaffAuditEntry struct {
	KioskID  string          `json:"kiosk_id"`
	RecordID string          `json:"record_id"`
	Received time.Time       `json:"received"`
	Entry    wire.StaffAudit `json:"entry"`
}

// staffAuditKey orders entries by the kiosk's time, then kiosk, then record, so
// a scan lists a fleet's staff actions in the order they happened.
func staffAuditKey(at time.Time, kioskID, recordID string) string {
	return at.UTC().Format("2006-01-02T15:04:05.000000000Z") + "/" + kioskID + "/" + recordID
}

func putStaffAudit(tx store.Tx, rec wire.Record, a *wire.StaffAudit, now time.Time) error {
	b, err := json.Marshal(StaffAuditEntry{KioskID: rec.KioskID, RecordID: rec.ID, Received: now, Entry: *a})
	if err != nil {
		return fmt.Errorf("backoffice: staff audit %s: %w", rec.ID, err)
	}
	if err := tx.Put(store.StaffAudit, staffAuditKey(a.At, rec.KioskID, rec.ID), b); err != nil {
		return fmt.Errorf("backoffice: staff audit %s: %w", rec.ID, err)
	}
	return nil
}

// ListStaffAudit returns up to limit staff audit entries (all when limit <= 0),
// oldest first, of one kiosk or (kioskID "") of every kiosk.
func ListStaffAudit(tx store.Tx, kioskID string, limit int) ([]StaffAuditEntry, error) {
	var out []StaffAuditEntry
	errEnough := errors.New("enough")
	err := tx.Scan(store.StaffAudit, "", 0, func(key string, v []byte) error {
		var e StaffAuditEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return fmt.Errorf("backoffice: staff audit %s: %w", key, err)
		}
		if kioskID != "" && e.KioskID != kioskID {
			return nil
		}
		out = append(out, e)
		if limit > 0 && len(out) >= limit {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	return out, nil
}
