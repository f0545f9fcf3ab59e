package shell

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// openStaff taps the hidden corner five times and signs in as the test staff
// member, failing unless the staff screen opens.
func openStaff(t *testing.T, s *Shell, w fyne.Window, id, pin string) {
	t.Helper()
	for range gestureTaps {
		test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
	}
	if s.Screen() != ScreenStaffPIN {
		t.Fatalf("screen %s after the corner gesture, want the sign-in screen", s.Screen())
	}
	signIn(t, s, w, id, pin)
}

// TestStaffActionsAreAudited runs the staff actions in both languages and checks
// each audit entry — who, what, result — and that nothing a resident typed, and no
// PIN, is in the trail.
func TestStaffActionsAreAudited(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			s, w, _, q, clk := newTestShell(t)
			dir := t.TempDir()
			trail := staff.NewTrail(filepath.Join(dir, "audit.jsonl"), nil)
			s.opts.Staff = testGuard(t, trail, nil)
			tool := &fakeFlow{id: "usb", enabled: true}
			s.opts.StaffFlows = []Flow{tool}
			s.lang = l
			s.goHome()

			const residentID = "1098765432"
			openStaff(t, s, w, residentID, "999999") // a resident's ID, by mistake
			signIn(t, s, w, testStaffID, "000000")
			signIn(t, s, w, testStaffID, testStaffPIN)
			if s.Screen() != ScreenStaff {
				t.Fatalf("screen %s after the right ID and PIN", s.Screen())
			}
			mustShowLabel(t, w.Canvas(), i18n.Tf(l, "staff.signedin", testStaffName, testStaffID))
			if s.IdleTimeout() != 2*time.Minute {
				t.Errorf("idle time in a staff session %v, want 2m", s.IdleTimeout())
			}
			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.requeue")))
			if len(q.requeued) != 1 {
				t.Fatalf("requeued %v", q.requeued)
			}
			test.Tap(find(t, w.Canvas(), i18n.T(l, tool.TitleKey())))
			if s.FlowID() != "usb" {
				t.Fatalf("flow %q after the tool's button", s.FlowID())
			}
			s.Home() // the tool's way back
			if s.Screen() != ScreenStaff {
				t.Fatalf("a staff tool's Home went to %s, want the staff screen", s.Screen())
			}
			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exit")))
			if s.Screen() != ScreenAttract || s.IdleTimeout() != time.Minute {
				t.Fatalf("after leaving: screen %s, idle %v", s.Screen(), s.IdleTimeout())
			}

			// A second session ends by itself after two minutes without a touch.
			openStaff(t, s, w, testStaffID, testStaffPIN)
			clk.Advance(2*time.Minute - time.Second)
			if s.Screen() != ScreenStaff || !s.WarningShown() {
				t.Fatalf("1m59s idle: screen %s, warning %v", s.Screen(), s.WarningShown())
			}
			clk.Advance(time.Second)
			if s.Screen() != ScreenAttract {
				t.Fatalf("after 2m idle: screen %s, want the attract screen", s.Screen())
			}

			want := []staff.Entry{
				{Staff: "", Action: staff.ActionSignIn, Result: staff.ResultWrongPIN},
				{Staff: testStaffID, Action: staff.ActionSignIn, Result: staff.ResultWrongPIN},
				{Staff: testStaffID, Action: staff.ActionSignIn, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionView, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionRequeue, Result: staff.ResultOK, Detail: "1/1"},
				{Staff: testStaffID, Action: staff.ActionTool, Result: staff.ResultOK, Detail: "usb"},
				{Staff: testStaffID, Action: staff.ActionView, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionSignOut, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionSignIn, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionView, Result: staff.ResultOK},
				{Staff: testStaffID, Action: staff.ActionTimeout, Result: staff.ResultOK},
			}
			got, err := trail.Entries()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d audit entries, want %d: %+v", len(got), len(want), got)
			}
			for i, w := range want {
				g := got[i]
				if g.Staff != w.Staff || g.Action != w.Action || g.Result != w.Result || g.Detail != w.Detail {
					t.Errorf("entry %d = %+v, want %+v", i, g, w)
				}
			}
			b, _ := os.ReadFile(filepath.Join(dir, "audit.jsonl"))
			for _, secret := range []string{residentID, "999999", "000000", testStaffPIN, testStaffName} {
				if strings.Contains(string(b), secret) {
					t.Errorf("the audit trail holds %q", secret)
				}
			}
		})
	}
}

// With no staff accounts the corner gesture opens nothing.
func TestNoStaffAccountsNoStaffScreen(t *testing.T) {
	s, w, _, _, _ := newTestShell(t)
	d, _ := staff.NewDirectory(nil)
	s.opts.Staff = staff.NewGuard(staff.Options{Accounts: d})
	s.goHome()
	for range gestureTaps {
		test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
	}
	if s.Screen() != ScreenHome {
		t.Fatalf("screen %s", s.Screen())
	}
}

// The sync engine's last error is a code said in the staff member's
// language; free text (an engine that sent its error chain) is never shown,
// and the staff screen stays within the 1280 px window.
func TestStaffScreenSaysTheSyncErrorInItsLanguage(t *testing.T) {
	s, w, _, _, _ := newTestShell(t)
	long := `client: push: Post "https://central.example.gov.sa:8443/v1/records": dial tcp 10.20.30.40:8443: connect: connection refused`
	for _, tc := range []struct{ code, key string }{{"timeout", "sync.error.timeout"}, {long, "sync.error.other"}} {
		s.opts.Sync = &fakeSync{SyncState{LastError: tc.code}}
		s.RefreshStatus()
		s.staffID, s.staffName = testStaffID, testStaffName
		for _, l := range i18n.Langs {
			s.lang = l
			s.goStaff()
			if got := w.Canvas().Content().MinSize().Width; got > 1280 {
				t.Errorf("%s: the staff screen needs %v px", l, got)
			}
			mustShowLabel(t, w.Canvas(), i18n.Tf(l, "staff.sync.error", i18n.T(l, tc.key)))
		}
	}
}

// The staff audit entries waiting are shown to staff apart from the residents'
// requests, which alone the status strip counts.
func TestStaffScreenShowsAuditEntriesApart(t *testing.T) {
	s, w, _, q, _ := newTestShell(t)
	q.st = QueueStats{Pending: 2, StaffAudit: 3}
	s.RefreshStatus()
	s.staffID, s.staffName = testStaffID, testStaffName
	for _, l := range i18n.Langs {
		s.lang = l
		s.goStaff()
		mustShowLabel(t, w.Canvas(), i18n.Tf(l, "staff.outbox.pending", 2))
		mustShowLabel(t, w.Canvas(), i18n.Tf(l, "staff.outbox.audit", 3))
		if got := w.Canvas().Content().MinSize().Width; got > 1280 {
			t.Errorf("%s: the staff screen needs %v px", l, got)
		}
		if dir := os.Getenv("BAWABA_SCREENSHOTS"); dir != "" {
			f, err := os.Create(filepath.Join(dir, "shell_staff_audit_"+string(l)+".png"))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, w.Canvas().Capture())
			f.Close()
		}
	}
}
