package e2e

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
)

// A kiosk's staff audit trail reaches central through the outbox and the sync
// engine like any request: each entry once, as the kiosk recorded it.
func TestStaffAuditReachesCentral(t *testing.T) {
	c := mustCentral(t)
	k := mustEnroll(t, c)
	st := k.openOutbox(t)
	defer st.Close()
	h, err := staff.HashPIN("482613")
	if err != nil {
		t.Fatal(err)
	}
	d, err := staff.NewDirectory([]staff.Account{{ID: "1001", Name: "Huda", PIN: h}})
	if err != nil {
		t.Fatal(err)
	}
	trail := staff.NewTrail(filepath.Join(t.TempDir(), "audit.jsonl"), st)
	g := staff.NewGuard(staff.Options{Accounts: d, Trail: trail, OnError: func(err error) { t.Error(err) }})
	g.SignIn("1001", "000000")
	g.SignIn("1001", "482613")
	g.Audit("1001", staff.ActionUSBExport, staff.ResultOK, "12")
	g.Audit("1001", staff.ActionSignOut, staff.ResultOK, "")

	cl, err := client.Open(c.URL, k.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	e := engine.New(st, cl, engine.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "the trail delivered", time.Minute, func() (bool, string) {
		s, _ := st.Stats()
		return s.Delivered == 4, describe(st)
	})

	local, err := trail.Entries()
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Admin.StaffAudit(t.Context(), k.kioskID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(local) || len(got) != 4 {
		t.Fatalf("central has %d entries, the kiosk %d", len(got), len(local))
	}
	for i, l := range local {
		e := got[i].Entry
		if e.Staff != l.Staff || e.Action != string(l.Action) || e.Result != string(l.Result) || e.Detail != l.Detail || !e.At.Equal(l.At) {
			t.Errorf("entry %d at central %+v, on the kiosk %+v", i, e, l)
		}
	}
}
