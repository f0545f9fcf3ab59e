package enrol

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/idle"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// ScreenOptions configure the first-enrolment screen.
type ScreenOptions struct {
	Funcs
	// URL is the central address to start from (the configuration's); the
	// technician can change it.
	URL string
	// Lang is the language to start in; the screen has a switch. Zero means
	// Arabic.
	Lang i18n.Lang
	// Done is called on the Fyne goroutine when the technician goes on after a
	// successful enrolment, with the new kiosk ID: cmd/kiosk then starts the
	// kiosk in the same window. Required.
	Done func(kioskID string)
	// IdleTimeout is the time from the last touch until what was typed is
	// cleared and the screen is back at its first step, the warning included;
	// zero means DefaultIdleTimeout. A technician needs longer than a
	// resident (the fingerprint is compared with another screen), but a code
	// walked away from must not stay on a kiosk in a public place.
	IdleTimeout time.Duration
	// IdleWarning is the "are you still there?" countdown at its end, with its
	// "more time" button; zero or under 20 s (the least WCAG 2.2.1 allows)
	// means 20 s.
	IdleWarning time.Duration
	// Clock drives the idle timer; nil means idle.Real.
	Clock idle.Clock
}

// DefaultIdleTimeout is ScreenOptions.IdleTimeout's zero value.
const DefaultIdleTimeout = 3 * time.Minute

// Screen is what a kiosk with no identity shows: the enrolment steps full
// screen, with a language switch and the on-screen keyboard under them.
type Screen struct {
	w    fyne.Window
	o    ScreenOptions
	lang i18n.Lang
	kb   *keyboard.Keyboard
	s    *steps
	body *fyne.Container

	timer *idle.Timer
	warn  *widget.PopUp
	warnL *rtl.Label
}

// NewScreen shows the first step in w.
func NewScreen(w fyne.Window, o ScreenOptions) *Screen {
	if o.Lang == "" {
		o.Lang = i18n.AR
	}
	sc := &Screen{w: w, o: o, lang: o.Lang}
	sc.kb = keyboard.New(w.Canvas(), sc.lang, keyboard.None)
	sc.kb.OnResize = func() {
		if sc.body != nil {
			sc.body.Refresh()
		}
	}
	sc.s = newSteps(o.Funcs, o.URL)
	sc.s.lang = func() i18n.Lang { return sc.lang }
	sc.s.kb = sc.kb
	sc.s.show = sc.show
	sc.s.canvas = w.Canvas()
	if o.IdleWarning < 20*time.Second {
		o.IdleWarning = 20 * time.Second
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = DefaultIdleTimeout
	}
	sc.o = o
	sc.timer = idle.New(idle.Options{
		Timeout:  max(o.IdleTimeout-o.IdleWarning, 10*time.Second),
		Warning:  o.IdleWarning,
		Clock:    o.Clock,
		OnWarn:   func(n int) { fyne.Do(func() { sc.showWarning(n) }) },
		OnCancel: func() { fyne.Do(sc.hideWarning) },
		OnWipe:   func() { fyne.Do(sc.idleWipe) },
	})
	sc.kb.OnKey = sc.touch
	sc.s.touch = sc.touch
	sc.s.barTitled = true
	sc.s.finish = func(id string) {
		sc.timer.Stop()
		sc.hideWarning()
		sc.s.wipe(o.URL)
		o.Done(id)
	}
	sc.s.redraw()
	sc.timer.Start()
	return sc
}

// idleWipe ends a walked-away-from enrolment: what was typed and fetched is
// forgotten and the first step shown, with the configuration's address. An
// answer still awaited from central is waited for (the timer starts again):
// a kiosk enrolled meanwhile must not be shown as not enrolled. A kiosk
// already enrolled goes on to start, as its button would.
func (sc *Screen) idleWipe() {
	sc.hideWarning()
	switch {
	case sc.s.busy:
		sc.timer.Start()
	case sc.s.step == stepDone:
		sc.s.finish(sc.s.kioskID)
	default:
		sc.s.wipe(sc.o.URL)
		sc.s.redraw()
		// Armed again by the next touch: an empty first step holds nothing.
	}
}

// showWarning asks whether the technician is still there, with the seconds
// left before what was typed is cleared.
func (sc *Screen) showWarning(secondsLeft int) {
	l := sc.lang
	text := i18n.Tf(l, "enrol.idle.body", secondsLeft)
	if sc.warn != nil {
		sc.warnL.SetText(text)
		return
	}
	sc.warnL = rtl.NewLabel(l, text)
	sc.warnL.Alignment, sc.warnL.Wrap = fyne.TextAlignCenter, true
	title := rtl.NewHeading(l, i18n.T(l, "idle.title"))
	title.Alignment = fyne.TextAlignCenter
	// "More time" is the one big target, as on the shell's warning.
	more := rtl.NewPrimary(l, i18n.T(l, "idle.more"), sc.touch)
	more.Label.Bold, more.Label.SizeName = true, fynetheme.SizeNameHeadingText
	box := container.NewVBox(title, container.NewGridWrap(fyne.NewSize(560, 90), sc.warnL),
		container.NewGridWrap(fyne.NewSize(560, 120), more))
	sc.warn = widget.NewModalPopUp(container.NewPadded(box), sc.w.Canvas())
	sc.warn.Show()
}

func (sc *Screen) hideWarning() {
	if sc.warn != nil {
		sc.warn.Hide()
		sc.warn, sc.warnL = nil, nil
	}
}

// touch is activity on the screen: the idle time starts again (and the timer
// is armed again after an idle wipe).
func (sc *Screen) touch() {
	sc.timer.Start()
}

// Step names the step shown: "address", "fingerprint", "code" or "done".
func (sc *Screen) Step() string { return stepNames[sc.s.step] }

// Keyboard is the screen's on-screen keyboard.
func (sc *Screen) Keyboard() *keyboard.Keyboard { return sc.kb }

// Lang is the language shown.
func (sc *Screen) Lang() i18n.Lang { return sc.lang }

// SetLang switches the language, keeping what was typed.
func (sc *Screen) SetLang(l i18n.Lang) {
	sc.touch()
	sc.lang = l
	sc.kb.SetLang(l)
	sc.s.redraw()
}

// show puts a step under the top bar and above the keyboard.
func (sc *Screen) show(step fyne.CanvasObject) {
	l := sc.lang
	other := i18n.EN
	if l == i18n.EN {
		other = i18n.AR
	}
	// The switch is captioned in the language it switches to.
	sw := rtl.NewButton(other, i18n.T(l, "enrol.lang.switch"), func() { sc.SetLang(other) })
	title := rtl.NewLabel(l, i18n.T(l, "enrol.title"))
	title.Bold, title.SizeName = true, fynetheme.SizeNameSubHeadingText
	top := container.NewVBox(rtl.HBox(l, container.NewCenter(title), layout.NewSpacer(), sw), widget.NewSeparator())
	sc.body = container.NewBorder(top, sc.kb, nil, nil, container.NewPadded(step))
	sc.w.SetContent(sc.body)
}
