package shell

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// shot writes the window as a PNG to BAWABA_SCREENSHOTS, if set, to look at.
func shot(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

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

// TestExitKioskMode leaves kiosk mode from the staff screen: only after a
// confirmation that says what follows, audited before the app is asked to end,
// and not offered when the kiosk cannot leave kiosk mode.
func TestExitKioskMode(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			s, w, _, _, _ := newTestShell(t)
			trail := staff.NewTrail(filepath.Join(t.TempDir(), "audit.jsonl"), nil)
			s.opts.Staff = testGuard(t, trail, nil)
			exits := 0
			s.opts.ExitKiosk = func() { exits++ }
			s.lang = l
			s.goHome()
			openStaff(t, s, w, testStaffID, testStaffPIN)
			shot(t, w, "staff-"+string(l))

			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exitkiosk")))
			if s.Screen() != ScreenStaffExit || exits != 0 {
				t.Fatalf("after exit kiosk mode: screen %s, exits %d; want the confirmation", s.Screen(), exits)
			}
			mustShowLabel(t, w.Canvas(), i18n.T(l, "staff.exitkiosk.what"))
			shot(t, w, "staff-exitkiosk-"+string(l))
			test.Tap(find(t, w.Canvas(), i18n.T(l, "nav.cancel")))
			if s.Screen() != ScreenStaff || exits != 0 {
				t.Fatalf("after cancel: screen %s, exits %d; want the staff screen", s.Screen(), exits)
			}

			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exitkiosk")))
			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exitkiosk.confirm")))
			if exits != 1 || s.Screen() != ScreenAttract {
				t.Fatalf("after confirming: exits %d, screen %s", exits, s.Screen())
			}
			got, err := trail.Entries()
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range got {
				actions = append(actions, string(e.Action)+" "+string(e.Result)+" "+e.Staff)
			}
			want := []string{"sign_in ok 1001", "view ok 1001", "exit_kiosk ok 1001", "sign_out ok 1001"}
			if !slices.Equal(actions, want) {
				t.Fatalf("audited %q, want %q", actions, want)
			}
		})
	}
	t.Run("not offered", func(t *testing.T) {
		s, w, _, _, _ := newTestShell(t)
		s.staffID, s.staffName = testStaffID, testStaffName
		s.goStaff()
		if _, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(i18n.AR, "staff.exitkiosk") }); ok {
			t.Fatal("exit kiosk mode offered with no way to exit")
		}
		s.goStaffExit()
		if s.Screen() != ScreenStaff {
			t.Fatalf("the confirmation shown with no way to exit: %s", s.Screen())
		}
	})
}

// TestStaffScreensAreSpoken signs in with speech on and leaves kiosk mode:
// each staff screen says its prompt in the session's language, a wrong PIN
// says why, and the PIN is never spoken — each digit is "one character typed".
func TestStaffScreensAreSpoken(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			s, w, _ := newSpeakingShell(t, rec)
			exits := 0
			s.opts.ExitKiosk = func() { exits++ }
			test.Tap(find(t, w.Canvas(), i18n.T(i18n.AR, "a11y.speech.hear")))
			test.Tap(find(t, w.Canvas(), i18n.T(l, "settings.language.name")))
			for range gestureTaps {
				test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
			}
			// The bar's volume button reads "… 3 …": digits are tapped by their
			// exact caption.
			key := func(text string) {
				b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == text })
				if !ok {
					t.Fatalf("no key %q", text)
				}
				test.Tap(b)
			}
			for _, pin := range []string{"000000", testStaffPIN} {
				fields := screentest.All[*keyboard.Field](w.Canvas(), nil)
				for i, text := range []string{testStaffID, pin} {
					test.Tap(fields[i])
					key(i18n.T(l, "kb.clear"))
					for _, d := range text {
						key(string(d))
					}
				}
				key(i18n.T(l, "staff.signin.enter"))
			}
			if s.Screen() != ScreenStaff {
				t.Fatalf("screen %s after signing in", s.Screen())
			}
			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exitkiosk")))
			test.Tap(find(t, w.Canvas(), i18n.T(l, "staff.exitkiosk.confirm")))
			if exits != 1 {
				t.Fatal("kiosk mode not left")
			}
			keys := rec.Keys()
			for _, want := range []string{"speech.staff_signin", "speech.staff_signin.wrong", "speech.staff.screen", "speech.staff.exitkiosk", speech.KeyTyped} {
				if !slices.Contains(keys, want) {
					t.Errorf("never said %s; said %v", want, keys)
				}
			}
			for _, u := range rec.Said() {
				for _, k := range u.Keys() {
					if !i18n.Default().Has(l, k) {
						t.Errorf("said %s, which the %s catalogue lacks", k, l)
					}
				}
			}
			if spelled := rec.Spelled(); strings.Contains(spelled, testStaffPIN) || strings.Contains(spelled, "000000") {
				t.Errorf("a PIN was spoken: %q", spelled)
			}
		})
	}
}

// TestStaffScreenStatusChangesInPlace: a status poll that brings new counts
// refills the staff screen's status lines without rebuilding the screen, so
// the buttons a technician is touching (a staff tool, the language) are the
// same objects after it and a tap that began before the poll still lands.
func TestStaffScreenStatusChangesInPlace(t *testing.T) {
	s, w, _, q, _ := newTestShell(t)
	s.lang = i18n.EN
	tool := &fakeFlow{id: "status", enabled: true}
	s.opts.StaffFlows = []Flow{tool}
	s.RefreshStatus()
	s.goStaff()
	before := find(t, w.Canvas(), i18n.T(i18n.EN, tool.TitleKey()))
	content := w.Canvas().Content()

	q.st.Pending = 7
	s.RefreshStatus()

	mustShowLabel(t, w.Canvas(), i18n.Tf(i18n.EN, "staff.outbox.pending", 7))
	if w.Canvas().Content() != content {
		t.Fatal("a status change rebuilt the whole staff screen")
	}
	if after := find(t, w.Canvas(), i18n.T(i18n.EN, tool.TitleKey())); after != before {
		t.Fatal("a status change replaced the staff tool's button")
	}
	test.Tap(before)
	if s.Screen() != ScreenFlow || s.FlowID() != "status" {
		t.Fatalf("the tool's button tapped after a poll: screen %s flow %q", s.Screen(), s.FlowID())
	}
}
