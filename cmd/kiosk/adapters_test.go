package main

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/central/centraltest"
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

// A staff account added at central reaches the kiosk with its configuration,
// opens the staff screen offline after a restart from the cached copy, and is
// refused once central has removed it and the kiosk has pulled again.
func TestStaffAccountsFromCentral(t *testing.T) {
	h := centraltest.Start(t, centraltest.Options{})
	dir := t.TempDir()
	cl, _, _ := h.Client(t, dir, "staff kiosk")
	ctx := context.Background()
	hash, err := staff.HashPIN("482613")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Admin.AddStaff(ctx, "2001", "Saad", hash.String()); err != nil {
		t.Fatal(err)
	}
	cen := &central{}
	cen.set(cl)
	guard := staff.NewGuard(staff.Options{Central: cen.StaffAccounts})
	if err := cen.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if a, err := guard.SignIn("2001", "482613"); err != nil || a.Name != "Saad" {
		t.Fatalf("after the pull: %+v, %v", a, err)
	}
	// A restart with central gone: the cached configuration still has it.
	h.Stop()
	restarted := &central{}
	restarted.set(cl)
	if a, err := staff.NewGuard(staff.Options{Central: restarted.StaffAccounts}).SignIn("2001", "482613"); err != nil || a.Name != "Saad" {
		t.Fatalf("offline after a restart: %+v, %v", a, err)
	}
}

func TestStaffAccountRemovedAtCentral(t *testing.T) {
	h := centraltest.Start(t, centraltest.Options{})
	cl, _, _ := h.Client(t, t.TempDir(), "staff kiosk")
	ctx := context.Background()
	hash, _ := staff.HashPIN("482613")
	if err := h.Admin.AddStaff(ctx, "2001", "Saad", hash.String()); err != nil {
		t.Fatal(err)
	}
	cen := &central{}
	cen.set(cl)
	if err := cen.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	guard := staff.NewGuard(staff.Options{Central: cen.StaffAccounts})
	if !guard.Enabled() {
		t.Fatal("central's account does not open the staff screen")
	}
	if err := h.Admin.RemoveStaff(ctx, "2001"); err != nil {
		t.Fatal(err)
	}
	if _, err := guard.SignIn("2001", "482613"); err != nil {
		t.Fatalf("before the next pull the kiosk's copy holds: %v", err)
	}
	if err := cen.refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := guard.SignIn("2001", "482613"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("after the pull: %v, want ErrWrongPIN", err)
	}
	if guard.Enabled() {
		t.Fatal("the staff screen still opens with no account anywhere")
	}
}
