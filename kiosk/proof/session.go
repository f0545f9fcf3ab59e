package proof

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// Session is the skeleton the services that prove the person share (the
// Prover, kiosk/activate, kiosk/mobile, kiosk/atm): the host of the running
// session, a blocking call run behind "please wait" whose answer is dropped
// when the session was wiped meanwhile (Home, the idle timer), and the named
// buttons of the current screen that tests and tools tap. A service embeds it,
// sets Redraw, calls Screen first when it builds a screen, and Forget when it
// wipes.
type Session struct {
	// H is the host of the running session; nil before the first Start.
	H shell.Host
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one Run; zero means 20 s.
	Timeout time.Duration
	// WaitKey is the i18n key of the "please wait" heading; "" means prove.wait.
	WaitKey string
	// Redraw shows the service's current screen again (after a Run's answer).
	Redraw func()

	busy    bool
	gen     int
	buttons map[string]*rtl.Button
	saidID  string // the last screen said (Announce)
	showing bool   // a screen is being shown: a field focused by it keeps quiet
}

// Busy reports whether a Run is going on.
func (s *Session) Busy() bool { return s.busy }

// Gen is the session's generation: it changes on Forget, so a callback that
// kept an older one knows its session was wiped.
func (s *Session) Gen() int { return s.gen }

// Forget ends the session's pending call (its answer will be dropped) and its
// buttons; the service wipes its own data with it.
func (s *Session) Forget() {
	s.gen++
	s.busy, s.buttons, s.saidID = false, nil, ""
}

// Button returns a button of the current screen by name, for tests and tools.
func (s *Session) Button(name string) (*rtl.Button, bool) {
	b, ok := s.buttons[name]
	return b, ok
}

// Lang is the session's language.
func (s *Session) Lang() i18n.Lang { return s.H.Lang() }

// T is the text of key in the session's language.
func (s *Session) T(key string) string { return i18n.T(s.H.Lang(), key) }

// Screen starts building a screen: it forgets the last screen's buttons and,
// while a Run is going on, returns the "please wait" screen to show instead
// (nil otherwise).
func (s *Session) Screen() fyne.CanvasObject {
	s.buttons = map[string]*rtl.Button{}
	if !s.busy {
		return nil
	}
	key := s.WaitKey
	if key == "" {
		key = "prove.wait"
	}
	wait := rtl.NewHeading(s.Lang(), s.T(key))
	wait.Alignment = fyne.TextAlignCenter
	return container.NewCenter(wait)
}

// Present shows obj and puts the keyboard's focus on focus (nil for none)
// unless a Run is going on.
func (s *Session) Present(obj fyne.CanvasObject, focus fyne.Focusable) {
	s.H.Show(obj)
	obj.Refresh()
	if focus != nil && !s.busy {
		if c := s.H.Window().Canvas(); c != nil {
			// The screen's prompt, said next, names the field already.
			s.showing = true
			c.Focus(focus)
			s.showing = false
		}
	}
}

// Run performs call off the Fyne goroutine behind "please wait", bounded by
// Timeout plus extra, then runs what it returns on the Fyne goroutine and
// redraws, unless the session was wiped (Forget) meanwhile: a stale answer
// after Home or the idle timer is dropped. A Run while another goes on is
// ignored.
func (s *Session) Run(extra time.Duration, call func(ctx context.Context) func()) {
	if s.busy {
		return
	}
	s.busy = true
	s.Redraw()
	gen := s.gen
	goFn, timeout := s.Go, s.Timeout
	if goFn == nil {
		goFn = func(f func()) { go f() }
	}
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	goFn(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout+extra)
		done := call(ctx)
		cancel()
		fyne.Do(func() {
			if s.gen != gen {
				return
			}
			s.busy = false
			done()
			s.Redraw()
		})
	})
}

// NewButton makes a button of the current screen named name, with the text of
// key; a tap tells the idle timer the person is there.
func (s *Session) NewButton(name, key string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(s.Lang(), s.T(key), func() { s.H.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	if s.buttons == nil {
		s.buttons = map[string]*rtl.Button{}
	}
	s.buttons[name] = b
	return b
}

// BackButton is the "back" button, its arrow pointing to the reading start.
func (s *Session) BackButton(tapped func()) *rtl.Button {
	b := s.NewButton("back", "nav.back", false, tapped)
	b.Icon = rtl.BackIcon(s.Lang())
	return b
}

// NextButton is the primary "next" button with the text of key.
func (s *Session) NextButton(key string, tapped func()) *rtl.Button {
	b := s.NewButton("next", key, true, tapped)
	b.Icon, b.IconEnd = rtl.NextIcon(s.Lang()), true
	return b
}

// HomeButton ends the session.
func (s *Session) HomeButton() *rtl.Button {
	b := s.NewButton("home", "nav.home", true, func() { s.H.Home() })
	b.Icon = fynetheme.HomeIcon()
	return b
}

// Text is a wrapping label in the session's language.
func (s *Session) Text(text string) *rtl.Label {
	l := rtl.NewLabel(s.Lang(), text)
	l.Wrap = true
	return l
}

// ErrorText is a wrapping label that says what went wrong, marked and bold in
// the error colour.
func (s *Session) ErrorText(text string) *rtl.Label {
	l := s.Text("⚠ " + text)
	l.Bold, l.ColorName = true, fynetheme.ColorNameError
	return l
}

// Leading puts obj at the reading start of its row: the left in English, the
// right in Arabic.
func (s *Session) Leading(obj fyne.CanvasObject) fyne.CanvasObject {
	if s.Lang().RTL() {
		return container.NewHBox(layout.NewSpacer(), obj)
	}
	return container.NewHBox(obj)
}

// AddButton names b among the current screen's buttons (one whose text is not
// a catalogue key, such as a country code) and returns it.
func (s *Session) AddButton(name string, b *rtl.Button) *rtl.Button {
	if s.buttons == nil {
		s.buttons = map[string]*rtl.Button{}
	}
	s.buttons[name] = b
	return b
}
