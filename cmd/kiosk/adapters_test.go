package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// The status strip tells residents how many of their requests wait: staff audit
// entries, which travel the same outbox, are counted apart for the staff screen.
func TestQueueStatusCountsResidentsApartFromAudit(t *testing.T) {
	key, err := seal.GenerateKey("central-1", time.Now().AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	box, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: "kiosk-1",
		Key: func() (seal.PublicKey, error) { return key.Public(), nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	q := queueStatus{o: box}
	steps := []struct {
		name string
		kind string
		want shell.QueueStats
	}{
		{"when a staff member signs in on an empty outbox", wire.KindStaffAudit, shell.QueueStats{StaffAudit: 1}},
		{"when a resident's request follows", wire.KindAddressUpdate, shell.QueueStats{Pending: 1, StaffAudit: 1}},
		{"when another staff action is audited", wire.KindStaffAudit, shell.QueueStats{Pending: 1, StaffAudit: 2}},
		{"when a second request is queued", wire.KindRegistration, shell.QueueStats{Pending: 2, StaffAudit: 2}},
	}
	for _, st := range steps {
		if _, err := box.Enqueue(outbox.Request{Kind: st.kind, Payload: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		got, err := q.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Errorf("%s: %+v, want %+v", st.name, got, st.want)
		}
	}
}
