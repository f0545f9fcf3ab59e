package shell

import (
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/idle"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
)

// fakeFlow is a one-screen service with one field, numeric unless kind says.
type fakeFlow struct {
	id      string
	enabled bool
	kind    keyboard.Kind
	field   *keyboard.Field
	label   *rtl.Label
	wiped   int
}

func (f *fakeFlow) ID() string          { return f.id }
func (f *fakeFlow) TitleKey() string    { return "service." + f.id }
func (f *fakeFlow) Icon() fyne.Resource { return fynetheme.AccountIcon() }
func (f *fakeFlow) Enabled() bool       { return f.enabled }
func (f *fakeFlow) Service() string     { return "svc-" + f.id }
func (f *fakeFlow) Wipe()               { f.wiped++; f.field = nil }
func (f *fakeFlow) Start(h Host) fyne.CanvasObject {
	kind := f.kind
	if kind == keyboard.None {
		kind = keyboard.Numeric
	}
	f.field = h.Keyboard().NewField(kind)
	f.label = rtl.NewLabel(h.Lang(), "ID")
	return rtl.FormRow(h.Lang(), f.label, f.field)
}

// fakeClock runs AfterFunc callbacks when Advance passes their time.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Duration
	timer []*fakeTimer
}

type fakeTimer struct {
	at      time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { s := !t.stopped; t.stopped = true; return s }

func (c *fakeClock) AfterFunc(d time.Duration, f func()) idle.Stopper {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now + d, f: f}
	c.timer = append(c.timer, t)
	return t
}

func (c *fakeClock) Advance(d time.Duration) {
	end := c.now + d
	for {
		c.mu.Lock()
		var next *fakeTimer
		for _, t := range c.timer {
			if !t.stopped && t.at <= end && (next == nil || t.at < next.at) {
				next = t
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		next.stopped = true
		c.now = next.at
		c.mu.Unlock()
		next.f()
	}
}

// find returns the first rtl.Button on screen whose caption contains text.
func find(t *testing.T, c fyne.Canvas, text string) *rtl.Button {
	t.Helper()
	b, ok := screentest.Find(c, func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if !ok {
		t.Fatalf("no button %q on screen", text)
	}
	return b
}

func TestJourney(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	reg := &fakeFlow{id: "register", enabled: true}
	off := &fakeFlow{id: "activate", enabled: false}
	clk := &fakeClock{}
	s := New(w, Options{Flows: []Flow{reg, off}, Clock: clk, StatusEvery: -1})
	s.Start()
	if s.Screen() != ScreenAttract {
		t.Fatalf("screen = %s", s.Screen())
	}
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.AR, "attract.touch")))
	if s.Screen() != ScreenLanguage {
		t.Fatalf("screen = %s", s.Screen())
	}
	test.Tap(find(t, w.Canvas(), "English"))
	if s.Screen() != ScreenHome || s.Lang() != i18n.EN {
		t.Fatalf("screen = %s lang %s", s.Screen(), s.Lang())
	}
	test.Tap(find(t, w.Canvas(), i18n.T(i18n.EN, "service.register")))
	if s.Screen() != ScreenFlow || s.FlowID() != "register" {
		t.Fatalf("screen = %s", s.Screen())
	}
	test.Tap(reg.field)
	for _, k := range []string{"1", "2", "3"} {
		test.Tap(s.Keyboard().Key(k))
	}
	if reg.field.Text != "123" {
		t.Fatalf("field = %q", reg.field.Text)
	}
	clk.Advance(40 * time.Second)
	if !s.WarningShown() {
		t.Fatal("no idle warning")
	}
	clk.Advance(20 * time.Second)
	if s.Screen() != ScreenAttract || reg.wiped != 1 || s.Lang() != i18n.AR {
		t.Fatalf("after idle: screen %s wiped %d lang %s", s.Screen(), reg.wiped, s.Lang())
	}
}
