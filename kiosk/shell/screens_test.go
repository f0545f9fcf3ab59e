package shell

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// Goldens live in testdata/screens. When a screen changes, fyne/test writes the new
// markup and image to testdata/failed/screens; look at the PNG, then move both over
// the masters.
func assertScreen(t *testing.T, name string, c fyne.Canvas) {
	t.Helper()
	test.AssertRendersToMarkup(t, "screens/"+name+".xml", c)
	test.AssertImageMatches(t, "screens/"+name+".png", c.Capture())
}

type fakeSync struct{ st SyncState }

func (f *fakeSync) SyncState() SyncState { return f.st }

type fakeQueue struct {
	st       QueueStats
	att      []Attention
	requeued []string
	fail     map[string]bool // IDs whose Requeue fails
}

func (f *fakeQueue) Stats() (QueueStats, error)           { return f.st, nil }
func (f *fakeQueue) NeedsAttention() ([]Attention, error) { return f.att, nil }
func (f *fakeQueue) Requeue(id string) error {
	f.requeued = append(f.requeued, id)
	if f.fail[id] {
		return fmt.Errorf("fakeQueue: %s is not parked", id)
	}
	for i, a := range f.att {
		if a.ID == id {
			f.att = append(f.att[:i], f.att[i+1:]...)
			f.st.NeedsAttention--
			f.st.Pending++
			break
		}
	}
	return nil
}

type fakeDevices struct{ h []DeviceHealth }

func (f *fakeDevices) Health() []DeviceHealth { return f.h }

// newTestShell returns a started shell in a 1280×800 test window with a working
// registration flow, a disabled one, and fixed status.
func newTestShell(t *testing.T) (*Shell, fyne.Window, *fakeFlow, *fakeQueue, *fakeClock) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	reg := &fakeFlow{id: "register", enabled: true}
	q := &fakeQueue{
		st: QueueStats{Pending: 2, Delivered: 41, NeedsAttention: 1},
		att: []Attention{{ID: "R-7Q2K9", Kind: "registration", Reason: "identity-frozen",
			Since: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}},
	}
	clk := &fakeClock{}
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	s := New(w, Options{
		Flows:       []Flow{reg, &fakeFlow{id: "activate"}},
		Clock:       clk,
		Now:         func() time.Time { return now },
		StatusEvery: -1,
		Sync:        &fakeSync{SyncState{Online: false, LastSuccess: time.Date(2026, 11, 22, 9, 58, 0, 0, time.UTC), LastError: "transport"}},
		Queue:       q,
		Devices: &fakeDevices{[]DeviceHealth{
			{Name: "printer", Kind: DevicePrinter, OK: true},
			{Name: "cardreader", Kind: "cardreader", OK: false, Detail: "no_reply"},
		}},
		Staff:   testGuard(t, nil, nil),
		KioskID: "KSK-0001",
		Mode:    "kiosk",
		Version: "0.1.0",
	})
	s.Start()
	t.Cleanup(s.Stop)
	return s, w, reg, q, clk
}

func TestScreens(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			s, w, reg, _, _ := newTestShell(t)
			c := w.Canvas()
			assertScreen(t, "attract_"+string(lang), c)
			s.goLanguage()
			assertScreen(t, "language_"+string(lang), c)
			s.lang = lang
			s.kb.SetLang(lang)
			s.goHome()
			assertScreen(t, "home_"+string(lang), c)
			s.startFlow(reg)
			test.Tap(reg.field)
			assertScreen(t, "flow_"+string(lang), c)
			s.showWarning(17)
			assertScreen(t, "idle_"+string(lang), c)
			s.hideWarning()
			s.endFlow()
			s.goStaffPIN()
			assertScreen(t, "staffpin_"+string(lang), c)
			s.opts.Staff = testGuard(t, nil, s.opts.Now)
			for range staff.MaxTries {
				signIn(t, s, w, testStaffID, "111111")
			}
			assertScreen(t, "staffpin_locked_"+string(lang), c)
			s.staffID, s.staffName = testStaffID, testStaffName
			s.goStaff()
			assertScreen(t, "staff_"+string(lang), c)
		})
	}
}

// TestScreensLargeHighContrast checks the biggest text in high contrast still fits.
func TestScreensLargeHighContrast(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	s.SetTheme(theme.Options{HighContrast: true, Scale: theme.XLarge})
	s.goHome()
	assertScreen(t, "home_ar_contrast_xl", w.Canvas())
	s.startFlow(reg)
	test.Tap(reg.field)
	assertScreen(t, "flow_ar_contrast_xl", w.Canvas())
	if sz := w.Canvas().Size(); sz.Width > 1280 || sz.Height > 800 {
		t.Errorf("the window grew to %v: something does not fit", sz)
	}
}

// TestLetterKeyboardCompactsTheChrome: the letter keyboards take half the screen, so
// while one shows the top bar shrinks and the status strip goes; the field and its
// label stay whole between the top bar and the keyboard, and the chrome comes back
// with the keypad.
func TestLetterKeyboardCompactsTheChrome(t *testing.T) {
	for _, tt := range []struct {
		lang i18n.Lang
		kind keyboard.Kind
	}{{i18n.EN, keyboard.Latin}, {i18n.AR, keyboard.Arabic}, {i18n.AR, keyboard.Latin}} {
		t.Run(string(tt.lang)+"/"+tt.kind.String(), func(t *testing.T) {
			s, w, reg, _, _ := newTestShell(t)
			s.lang = tt.lang
			s.kb.SetLang(tt.lang)
			reg.kind = tt.kind
			s.startFlow(reg)
			d := fyne.CurrentApp().Driver()
			fullTop := s.strip.Visible()
			test.Tap(reg.field)
			if !fullTop {
				t.Fatal("status strip hidden before the keyboard showed")
			}
			if s.kb.Kind() != tt.kind || !s.kb.Visible() {
				t.Fatalf("keyboard %s visible %v", s.kb.Kind(), s.kb.Visible())
			}
			if tt.kind.String() == map[i18n.Lang]string{i18n.EN: "latin", i18n.AR: "arabic"}[tt.lang] {
				assertScreen(t, "flow_letters_"+string(tt.lang), w.Canvas())
			}
			if s.strip.Visible() {
				t.Error("status strip still shown over a letter keyboard")
			}
			kbTop := d.AbsolutePositionForObject(s.kb).Y
			for name, o := range map[string]fyne.CanvasObject{"field": reg.field, "label": reg.label} {
				p := d.AbsolutePositionForObject(o)
				if p.Y < 0 || p.Y+o.Size().Height > kbTop || o.Size().Height < o.MinSize().Height {
					t.Errorf("%s at y %v..%v (min height %v), keyboard from %v", name, p.Y, p.Y+o.Size().Height, o.MinSize().Height, kbTop)
				}
			}
			if room := kbTop - d.AbsolutePositionForObject(reg.field).Y; room < 200 {
				t.Errorf("only %v px between the top of the field and the keyboard", room)
			}
			if sz := w.Canvas().Size(); sz.Width > 1280 || sz.Height > 800 {
				t.Errorf("the window grew to %v", sz)
			}
			s.kb.SetKind(keyboard.Numeric)
			if !s.strip.Visible() {
				t.Error("status strip not back with the keypad")
			}
		})
	}
}
