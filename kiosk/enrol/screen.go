package enrol

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
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
}

// Screen is what a kiosk with no identity shows: the enrolment steps full
// screen, with a language switch and the on-screen keyboard under them.
type Screen struct {
	w    fyne.Window
	o    ScreenOptions
	lang i18n.Lang
	kb   *keyboard.Keyboard
	s    *steps
	body *fyne.Container
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
	sc.s.touch = func() {}
	sc.s.barTitled = true
	sc.s.finish = func(id string) {
		sc.s.wipe(o.URL)
		o.Done(id)
	}
	sc.s.redraw()
	return sc
}

// Step names the step shown: "address", "fingerprint", "code" or "done".
func (sc *Screen) Step() string { return stepNames[sc.s.step] }

// Keyboard is the screen's on-screen keyboard.
func (sc *Screen) Keyboard() *keyboard.Keyboard { return sc.kb }

// Lang is the language shown.
func (sc *Screen) Lang() i18n.Lang { return sc.lang }

// SetLang switches the language, keeping what was typed.
func (sc *Screen) SetLang(l i18n.Lang) {
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
