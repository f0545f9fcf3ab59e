package central_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// A kiosk's staff audit entries arrive as sealed records: central stores each once,
// lists them for operators in the order they happened, and keeps no request status
// for them.
func TestStaffAuditRecords(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{})
	k := c.Kiosk(t)
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	second := k.Record(t, wire.KindStaffAudit, wire.StaffAudit{At: at.Add(time.Minute), Staff: "1001", Action: "requeue", Result: "ok", Detail: "3"})
	first := k.Record(t, wire.KindStaffAudit, wire.StaffAudit{At: at, Staff: "1001", Action: "sign_in", Result: "ok"})
	bad := k.RawRecord(t, wire.KindStaffAudit, []byte(`{"at":"2026-12-02T09:00:00Z","staff":"1","pin":"123456"}`))
	for range 2 { // the second push is a replay
		st, resp, e := k.Push(t, second, first, bad)
		if st != http.StatusOK {
			t.Fatalf("push: %d %+v", st, e)
		}
		if resp.Results[2].Code != wire.RejectBadPayload {
			t.Fatalf("an entry with an unknown field: %+v", resp.Results[2])
		}
	}
	got, err := c.Admin.StaffAudit(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].RecordID != first.ID || got[1].RecordID != second.ID {
		t.Fatalf("staff audit at central: %+v", got)
	}
	if e := got[1]; e.KioskID != k.ID || e.Entry.Action != "requeue" || e.Entry.Detail != "3" || !e.Entry.At.Equal(at.Add(time.Minute)) {
		t.Fatalf("entry %+v", e)
	}
	if other, _ := c.Admin.StaffAudit(context.Background(), "KSK-other", 0); len(other) != 0 {
		t.Fatalf("another kiosk's entries: %+v", other)
	}
	if st, _ := k.Call(t, "GET", wire.PathStatus+first.Ref, nil, nil); st != http.StatusNotFound {
		t.Fatalf("status of an audit entry's ref: %d, want 404", st)
	}

	// `central audit` through a running server's admin socket: one kiosk, a limit.
	rec := httptest.NewRecorder()
	central.AdminHandler(c.Admin).ServeHTTP(rec, httptest.NewRequest("GET", "/staff-audit?kiosk="+k.ID+"&limit=1", nil))
	var viaSocket []backoffice.StaffAuditEntry
	if err := json.Unmarshal(rec.Body.Bytes(), &viaSocket); err != nil || len(viaSocket) != 1 || viaSocket[0].RecordID != first.ID {
		t.Fatalf("admin socket: %d %s (%v)", rec.Code, rec.Body, err)
	}
}
