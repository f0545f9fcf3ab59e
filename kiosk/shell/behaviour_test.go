package shell

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// buttons returns every rtl.Button on screen.
func buttons(c fyne.Canvas) []*rtl.Button { return screentest.All[*rtl.Button](c, nil) }

// everyScreen visits each screen in turn.
func everyScreen(t *testing.T, s *Shell, reg *fakeFlow, visit func(name string)) {
	t.Helper()
	s.goAttract()
	visit(ScreenAttract)
	s.goLanguage()
	visit(ScreenLanguage)
	s.goHome()
	visit(ScreenHome)
	s.startFlow(reg)
	visit(ScreenFlow)
	s.endFlow()
	s.goStaffPIN()
	visit(ScreenStaffPIN)
	s.goStaff()
	visit(ScreenStaff)
}

func TestEveryButtonOnEveryScreenIsATouchTarget(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	for _, scale := range theme.Scales {
		s.SetTheme(theme.Options{Scale: scale})
		everyScreen(t, s, reg, func(name string) {
			for _, b := range buttons(w.Canvas()) {
				if b.Size().Height < theme.MinTouch || b.MinSize().Height < theme.MinTouch {
					t.Errorf("%s ×%v: %q is %v tall", name, scale, b.Label.Text, b.Size().Height)
				}
			}
		})
	}
}

func TestAccessibilityOptionsOnEveryScreen(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	everyScreen(t, s, reg, func(name string) {
		lang := s.Lang()
		s.SetTheme(theme.Options{Scale: theme.Normal})
		test.Tap(find(t, w.Canvas(), i18n.T(lang, "a11y.contrast")))
		if !s.th.HighContrast {
			t.Errorf("%s: contrast button did nothing", name)
		}
		test.Tap(find(t, w.Canvas(), i18n.T(lang, "a11y.text")))
		if s.th.Scale != theme.Large {
			t.Errorf("%s: text size is %v", name, s.th.Scale)
		}
		if s.Screen() != name {
			t.Errorf("%s: the option changed the screen to %s", name, s.Screen())
		}
		s.SetTheme(theme.Options{})
	})
}

func TestLanguageSwitchAnywhere(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	s.lang = i18n.EN
	for _, screen := range []func(){s.goHome, func() { s.startFlow(reg) }, s.goStaffPIN, s.goStaff} {
		screen()
		before := s.Screen()
		test.Tap(find(t, w.Canvas(), "العربية"))
		if s.Lang() != i18n.AR || s.Screen() != before {
			t.Fatalf("on %s: lang %s screen %s", before, s.Lang(), s.Screen())
		}
		// The rebuilt screen speaks Arabic: the top bar's switch now offers English.
		test.Tap(find(t, w.Canvas(), "English"))
		if s.Lang() != i18n.EN {
			t.Fatalf("on %s: could not switch back", before)
		}
	}
}

func TestLanguageSwitchRestartsAFlowThatCannotRebuild(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	s.goHome()
	s.startFlow(reg)
	test.Tap(reg.field)
	test.Tap(s.Keyboard().Key("7"))
	test.Tap(find(t, w.Canvas(), "English"))
	if reg.wiped != 1 || reg.field.Text != "" || s.FlowID() != "register" {
		t.Errorf("wiped %d, field %q, flow %q", reg.wiped, reg.field.Text, s.FlowID())
	}
}

func TestHomeShowsOnlyWorkingServices(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	s.goHome()
	tiles := func() []string {
		var out []string
		for _, b := range buttons(w.Canvas()) {
			if b.Tall {
				out = append(out, b.Label.Text)
			}
		}
		return out
	}
	if got := tiles(); !slices.Equal(got, []string{i18n.T(i18n.AR, "service.register")}) {
		t.Fatalf("tiles = %q", got)
	}
	act := s.opts.Flows[1].(*fakeFlow)
	act.enabled = true
	s.RefreshStatus()
	if got := tiles(); len(got) != 2 {
		t.Fatalf("after enabling activation, tiles = %q", got)
	}
	reg.enabled, act.enabled = false, false
	s.RefreshStatus()
	if got := tiles(); len(got) != 0 {
		t.Fatalf("after disabling all, tiles = %q", got)
	}
	if find(t, w.Canvas(), "English") == nil {
		t.Fatal("home lost its top bar")
	}
}

func TestStaffEntry(t *testing.T) {
	type try struct{ id, pin string }
	right := try{testStaffID, testStaffPIN}
	wrong := func(pin string) try { return try{testStaffID, pin} }
	tests := []struct {
		name   string
		taps   []time.Duration // offsets of corner taps
		tries  []try
		screen string
		msg    string // the message shown after the last try
	}{
		{"when the corner is tapped five times within 3 s and the ID and PIN are right, the staff screen opens",
			[]time.Duration{0, 400, 800, 1200, 1600}, []try{right}, ScreenStaff, ""},
		{"when the five taps take longer than 3 s, nothing happens",
			[]time.Duration{0, 1000, 2000, 3000, 4000}, nil, ScreenHome, ""},
		{"when the PIN is wrong, the sign-in screen stays and says so",
			[]time.Duration{0, 100, 200, 300, 400}, []try{wrong("111111")}, ScreenStaffPIN, "staff.signin.wrong"},
		{"when the staff ID is unknown, the answer is the same as for a wrong PIN",
			[]time.Duration{0, 100, 200, 300, 400}, []try{{"2002", testStaffPIN}}, ScreenStaffPIN, "staff.signin.wrong"},
		{"when the PIN is wrong five times, even the right PIN is refused for a minute",
			[]time.Duration{0, 100, 200, 300, 400}, []try{wrong("1"), wrong("2"), wrong("3"), wrong("4"), wrong("5"), right},
			ScreenStaffPIN, "staff.signin.locked.seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, w, _, _, _ := newTestShell(t)
			base := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
			now := base
			s.opts.Now = func() time.Time { return now }
			s.opts.Staff = testGuard(t, nil, s.opts.Now)
			s.goHome()
			for _, ms := range tt.taps {
				now = base.Add(ms * time.Millisecond)
				// The corner is the topmost tappable at the window's top-left.
				test.TapCanvas(w.Canvas(), fyne.NewPos(5, 5))
			}
			for _, try := range tt.tries {
				if s.Screen() != ScreenStaffPIN {
					t.Fatalf("screen = %s, want the sign-in screen", s.Screen())
				}
				signIn(t, s, w, try.id, try.pin)
			}
			if s.Screen() != tt.screen {
				t.Errorf("screen = %s, want %s", s.Screen(), tt.screen)
			}
			if tt.msg != "" {
				want := i18n.T(s.Lang(), tt.msg)
				if tt.msg == "staff.signin.locked.seconds" {
					want = i18n.Tf(s.Lang(), tt.msg, 60)
				}
				mustShowLabel(t, w.Canvas(), want)
			}
		})
	}
}

// signIn types id and pin on the sign-in screen's keypad, as a staff member
// does: tap the field, tap the digits; then "Sign in".
func signIn(t *testing.T, s *Shell, w fyne.Window, id, pin string) {
	t.Helper()
	fields := screentest.All[*keyboard.Field](w.Canvas(), nil)
	if len(fields) != 2 || fields[0].Password || !fields[1].Password {
		t.Fatalf("the sign-in screen has %d fields; want the ID in clear, then the PIN masked", len(fields))
	}
	for i, text := range []string{id, pin} {
		f := fields[i]
		test.Tap(f)
		test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "kb.clear")))
		for _, d := range text {
			test.Tap(find(t, w.Canvas(), string(d)))
		}
		if f.Text != text || w.Canvas().Focused() != f {
			t.Fatalf("field %d holds %q (focused %v), want %q", i, f.Text, w.Canvas().Focused() == f, text)
		}
	}
	test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "staff.signin.enter")))
}

// mustShowLabel fails unless an rtl.Label on screen reads exactly text.
func mustShowLabel(t *testing.T, c fyne.Canvas, text string) {
	t.Helper()
	mustShowLabelIn(t, c.Content(), text)
}

// mustShowLabelIn fails unless a visible rtl.Label in obj reads exactly text.
func mustShowLabelIn(t *testing.T, obj fyne.CanvasObject, text string) {
	t.Helper()
	if _, ok := screentest.FindIn(obj, func(l *rtl.Label) bool { return l.Text == text }); ok {
		return
	}
	var seen []string
	for _, l := range screentest.AllIn[*rtl.Label](obj, nil) {
		seen = append(seen, l.Text)
	}
	t.Fatalf("no label %q on screen; labels: %q", text, seen)
}

func TestStaffRequeueAllReportsTheTrueCount(t *testing.T) {
	tests := []struct {
		name    string
		parked  []string
		failing map[string]bool // IDs whose Requeue fails
		want    int
	}{
		{"when three are parked, three are requeued", []string{"a1", "a2", "a3"}, nil, 3},
		{"when one of three cannot be requeued, two are counted", []string{"a1", "a2", "a3"}, map[string]bool{"a2": true}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, w, _, q, _ := newTestShell(t)
			s.lang = i18n.EN
			q.att, q.fail = nil, tt.failing
			for _, id := range tt.parked {
				q.att = append(q.att, Attention{ID: id, Kind: "registration", Reason: "internal"})
			}
			q.st.NeedsAttention = len(tt.parked)
			s.RefreshStatus()
			s.goStaff()
			for _, id := range tt.parked {
				mustShowLabel(t, w.Canvas(), id+" · "+i18n.T(i18n.EN, "reqstatus.kind.registration"))
				mustShowLabel(t, w.Canvas(), "central fails while handling it (internal)")
			}
			test.Tap(find(t, w.Canvas(), "Send all again"))
			if len(q.requeued) != len(tt.parked) {
				t.Fatalf("requeue asked for %v, want all of %v", q.requeued, tt.parked)
			}
			mustShowLabel(t, w.Canvas(), i18n.Tf(i18n.EN, "staff.requeued", tt.want))
		})
	}
}

func TestStaffExplainsWhyARecordIsParked(t *testing.T) {
	tests := []struct {
		code string
		want string
	}{
		{"internal", "central fails while handling it (internal)"},
		{"timeout", "central does not answer it in time (timeout)"},
		{"transport", "the connection breaks whenever it is sent (transport)"},
		{"http_502", "central answers it with HTTP error 502"},
		{"open_failed", "open_failed"},
	}
	for _, tt := range tests {
		t.Run("when parked with "+tt.code, func(t *testing.T) {
			s, w, _, q, _ := newTestShell(t)
			s.lang = i18n.EN
			q.att = []Attention{{ID: "019a6c2e-5b1f-7c3d-8e9f-0a1b2c3d4e5f", Kind: "registration", Reason: tt.code}}
			s.RefreshStatus()
			s.goStaff()
			mustShowLabel(t, w.Canvas(), "019a6c2e-5b1f-7c3d-8e9f-0a1b2c3d4e5f · "+i18n.T(i18n.EN, "reqstatus.kind.registration"))
			mustShowLabel(t, w.Canvas(), tt.want)
			if got := w.Canvas().Content().MinSize().Width; got > 1280 {
				t.Errorf("the staff screen needs %v px, wider than the 1280 px window", got)
			}
		})
	}
	for _, key := range []string{"staff.reason.internal", "staff.reason.timeout", "staff.reason.transport", "staff.reason.http"} {
		if !i18n.Default().Has(i18n.AR, key) {
			t.Errorf("no Arabic text for %s", key)
		}
	}
}

func TestStaffRequeue(t *testing.T) {
	s, w, _, q, _ := newTestShell(t)
	s.lang = i18n.EN
	s.goStaff()
	test.Tap(find(t, w.Canvas(), "Send again"))
	if !slices.Equal(q.requeued, []string{"R-7Q2K9"}) {
		t.Fatalf("requeued %v", q.requeued)
	}
	if s.Screen() != ScreenStaff || s.status.queue.NeedsAttention != 0 {
		t.Errorf("screen %s, attention %d", s.Screen(), s.status.queue.NeedsAttention)
	}
	find(t, w.Canvas(), i18n.T(i18n.EN, "staff.exit"))
}

// fakeCentral is a central configuration source that tests change between polls.
type fakeCentral struct {
	mu       sync.Mutex
	services map[string]bool
	idle     time.Duration
}

func (c *fakeCentral) ServiceEnabled(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.services[name]
}

func (c *fakeCentral) IdleTimeout() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.idle
}

func (c *fakeCentral) set(idle time.Duration, services ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.idle, c.services = idle, map[string]bool{}
	for _, s := range services {
		c.services[s] = true
	}
}

func TestHomeFollowsCentralServices(t *testing.T) {
	s, w, reg, _, _ := newTestShell(t)
	act := s.opts.Flows[1].(*fakeFlow)
	act.enabled = true
	c := &fakeCentral{}
	c.set(0, "svc-register", "svc-activate")
	s.opts.Central = c
	s.RefreshStatus()
	s.lang = i18n.EN
	s.goHome()
	tiles := func() []string {
		var out []string
		for _, b := range buttons(w.Canvas()) {
			if b.Tall {
				out = append(out, b.Label.Text)
			}
		}
		return out
	}
	regTile, actTile := i18n.T(i18n.EN, "service.register"), i18n.T(i18n.EN, "service.activate")
	steps := []struct {
		name     string
		services []string
		want     []string
	}{
		{"when central enables both, both tiles show", []string{"svc-register", "svc-activate"}, []string{regTile, actTile}},
		{"when central turns registration off, its tile goes at the next poll", []string{"svc-activate"}, []string{actTile}},
		{"when central turns everything off, no tile is left", nil, nil},
		{"when central turns registration on again, its tile comes back", []string{"svc-register"}, []string{regTile}},
	}
	for _, st := range steps {
		c.set(0, st.services...)
		s.RefreshStatus()
		if got := tiles(); !slices.Equal(got, st.want) {
			t.Fatalf("%s: tiles %q, want %q", st.name, got, st.want)
		}
	}

	// A session already running is allowed to finish.
	s.startFlow(reg)
	c.set(0)
	s.RefreshStatus()
	if s.Screen() != ScreenFlow || s.FlowID() != "register" || reg.wiped != 0 {
		t.Fatalf("turning the service off ended a running session: screen %s flow %q wiped %d", s.Screen(), s.FlowID(), reg.wiped)
	}
	s.Home()
	if got := tiles(); len(got) != 0 {
		t.Fatalf("after the session, tiles %q, want none", got)
	}
}

func TestIdle(t *testing.T) {
	t.Run("when untouched, warned after 40 s with 20 s to go and wiped 60 s after the last touch", func(t *testing.T) {
		s, w, reg, _, clk := newTestShell(t)
		s.goLanguage()
		s.goHome()
		s.startFlow(reg)
		clk.Advance(39 * time.Second)
		if s.WarningShown() {
			t.Fatal("warned before 40 s")
		}
		clk.Advance(time.Second)
		if !s.WarningShown() {
			t.Fatal("no warning at 40 s")
		}
		mustShowLabelIn(t, s.warn.Content, i18n.Tf(s.Lang(), "idle.body", 20))
		more := find(t, w.Canvas(), i18n.T(s.Lang(), "idle.more"))
		if h := more.Size().Height; h < warnMoreHeight {
			t.Fatalf("the more-time button is %v px tall, want at least %d", h, warnMoreHeight)
		}
		clk.Advance(19 * time.Second)
		if s.Screen() != ScreenFlow || reg.wiped != 0 {
			t.Fatal("wiped before 60 s")
		}
		clk.Advance(time.Second)
		if s.Screen() != ScreenAttract || reg.wiped != 1 {
			t.Fatalf("at 60 s: screen %s wiped %d, want attract and wiped", s.Screen(), reg.wiped)
		}
	})
	t.Run("when more time is tapped on the warning, the session goes on", func(t *testing.T) {
		s, w, reg, _, clk := newTestShell(t)
		s.goLanguage()
		s.goHome()
		s.startFlow(reg)
		clk.Advance(45 * time.Second)
		if !s.WarningShown() {
			t.Fatal("no warning after the idle timeout")
		}
		test.Tap(find(t, w.Canvas(), i18n.T(s.Lang(), "idle.more")))
		clk.Advance(39 * time.Second)
		if s.WarningShown() || s.Screen() != ScreenFlow || reg.wiped != 0 {
			t.Fatalf("warning %v screen %s wiped %d", s.WarningShown(), s.Screen(), reg.wiped)
		}
	})
	t.Run("when central sets 120 s, warned at 100 s and wiped at 120 s", func(t *testing.T) {
		s, _, reg, _, clk := newTestShell(t)
		c := &fakeCentral{}
		c.set(120*time.Second, "svc-register")
		s.opts.Central = c
		s.RefreshStatus()
		if s.IdleTimeout() != 120*time.Second {
			t.Fatalf("idle time %v, want central's 120 s", s.IdleTimeout())
		}
		s.goLanguage()
		s.goHome()
		s.startFlow(reg)
		clk.Advance(99 * time.Second)
		if s.WarningShown() {
			t.Fatal("warned before 100 s")
		}
		clk.Advance(time.Second)
		if !s.WarningShown() {
			t.Fatal("no warning at 100 s")
		}
		clk.Advance(20 * time.Second)
		if s.Screen() != ScreenAttract || reg.wiped != 1 {
			t.Fatalf("at 120 s: screen %s wiped %d", s.Screen(), reg.wiped)
		}
		c.set(0, "svc-register")
		s.RefreshStatus()
		if s.IdleTimeout() != 60*time.Second {
			t.Fatalf("central dropped its idle time: %v in force, want the local 60 s", s.IdleTimeout())
		}
	})
	t.Run("when nobody answers the warning, entered data is wiped and attract returns", func(t *testing.T) {
		s, _, reg, _, clk := newTestShell(t)
		s.goLanguage()
		s.SetLang(i18n.EN)
		s.SetTheme(theme.Options{HighContrast: true, Scale: theme.XLarge})
		s.goHome()
		s.startFlow(reg)
		test.Tap(reg.field)
		test.Tap(s.Keyboard().Key("9"))
		clk.Advance(60 * time.Second)
		if s.Screen() != ScreenAttract || reg.wiped != 1 || reg.field != nil {
			t.Fatalf("screen %s wiped %d", s.Screen(), reg.wiped)
		}
		if s.Lang() != i18n.AR || s.th.HighContrast || s.Keyboard().Target() != nil || s.Keyboard().Visible() {
			t.Errorf("session settings survived: lang %s contrast %v", s.Lang(), s.th.HighContrast)
		}
	})
	t.Run("when the attract screen shows, no timer runs", func(t *testing.T) {
		s, _, _, _, clk := newTestShell(t)
		clk.Advance(time.Hour)
		if s.WarningShown() || s.Screen() != ScreenAttract {
			t.Fatal("attract screen timed out")
		}
	})
}

// TestDamagedOutboxShown checks that records the outbox quarantined as damaged are
// reported on the status strip and counted on the staff screen, and not otherwise.
func TestDamagedOutboxShown(t *testing.T) {
	for _, n := range []int{0, 3} {
		t.Run(fmt.Sprintf("%d quarantined", n), func(t *testing.T) {
			s, w, _, q, _ := newTestShell(t)
			q.st.Quarantined = n
			s.RefreshStatus()
			s.goHome()
			strip := i18n.T(s.Lang(), "staff.status.damaged")
			_, shown := screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return l.Text == strip })
			if shown != (n > 0) {
				t.Fatalf("status strip shows %q: %v, want %v", strip, shown, n > 0)
			}
			s.goStaff()
			count := i18n.Tf(s.Lang(), "staff.outbox.quarantined", n)
			_, shown = screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return l.Text == count })
			if shown != (n > 0) {
				t.Fatalf("staff screen shows %q: %v, want %v", count, shown, n > 0)
			}
		})
	}
}
