package shell

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
)

func TestStaffFlowsAreButtonsOnTheStaffScreen(t *testing.T) {
	s, w, _, _, _ := newTestShell(t)
	tool := &fakeFlow{id: "status", enabled: true}
	s.opts.StaffFlows = []Flow{tool}
	for _, l := range i18n.Langs {
		s.lang = l
		s.goStaff()
		test.Tap(find(t, w.Canvas(), i18n.T(l, tool.TitleKey())))
		if s.Screen() != ScreenFlow || s.FlowID() != "status" {
			t.Fatalf("%s: after the staff tool's button: screen %s flow %q", l, s.Screen(), s.FlowID())
		}
		s.Home()
		if tool.wiped == 0 {
			t.Fatalf("%s: leaving the staff tool must wipe it", l)
		}
	}
}
