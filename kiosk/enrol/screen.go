package enrol

import (
	"context"
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
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
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
	// Speech, if set, is the engine the screen speaks through (the kiosk's
	// speech.Player; the shell is not running yet): the top bar gets a speech
	// switch, off at first, and Repeat while it is on. nil: no switch (no
	// audio device).
	Speech speech.Engine
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

	speechOn bool
	last     speech.Utterance // the last prompt, for Repeat (never a key typed)
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
	// In speech mode each key is said as the shell says it; in the code's
	// field (Secret) only "one character typed".
	sc.kb.OnPress = func(p keyboard.Press) {
		if sc.speechOn {
			sc.sayNow(shell.KeyUtterance(p))
		}
	}
	sc.s.say = sc.sayPrompt
	sc.s.touch = sc.touch
	sc.s.barTitled = true
	sc.s.finish = func(id string) {
		sc.timer.Stop()
		sc.hideWarning()
		if o.Speech != nil {
			o.Speech.Stop() // the shell speaks from now on, when switched on there
		}
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
	sc.sayPrompt(speech.Say("speech.enrol.idle"))
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

// SetLang switches the language, keeping what was typed; in speech mode the
// step is said again in it.
func (sc *Screen) SetLang(l i18n.Lang) {
	sc.touch()
	sc.lang = l
	sc.kb.SetLang(l)
	sc.s.redraw()
	sc.s.speak(true)
}

// SpeechOn reports whether speech mode is on.
func (sc *Screen) SpeechOn() bool { return sc.speechOn }

// SetSpeech switches speech mode on (it says so, then what the step says) or
// off (silent at once).
func (sc *Screen) SetSpeech(on bool) {
	sc.touch()
	if sc.o.Speech == nil {
		return
	}
	sc.speechOn = on
	if !on {
		sc.o.Speech.Stop()
		sc.last = speech.Utterance{}
	}
	sc.s.redraw()
	if on {
		sc.s.speak(true, "speech.on")
	}
}

// Repeat says the last prompt again.
func (sc *Screen) Repeat() {
	sc.touch()
	sc.sayNow(sc.last)
}

// sayPrompt says a prompt and keeps it for Repeat.
func (sc *Screen) sayPrompt(u speech.Utterance) {
	if !sc.speechOn {
		return
	}
	sc.last = u
	sc.sayNow(u)
}

// sayTimeout bounds the wait for a prompt to start (rendering it the first
// time); the UI goroutine waits for it, as the shell's does.
const sayTimeout = 3 * time.Second

func (sc *Screen) sayNow(u speech.Utterance) {
	if !sc.speechOn || sc.o.Speech == nil || u.Empty() {
		return
	}
	if u.Lang == "" {
		u.Lang = sc.lang
	}
	ctx, cancel := context.WithTimeout(context.Background(), sayTimeout)
	defer cancel()
	if err := sc.o.Speech.Say(ctx, u); err != nil {
		// The error names prompt keys at most, never a key typed.
		fyne.LogError("enrol: speak", err)
	}
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
	bar := []fyne.CanvasObject{container.NewCenter(title), layout.NewSpacer()}
	if sc.o.Speech != nil {
		// The shell's speech switch: muted loudspeaker off, loudspeaker and
		// Repeat on.
		toggle := rtl.NewButton(l, i18n.T(l, "a11y.speech"), func() { sc.SetSpeech(!sc.speechOn) })
		toggle.Icon = fynetheme.VolumeMuteIcon()
		bar = append(bar, toggle)
		if sc.speechOn {
			toggle.Icon = fynetheme.VolumeUpIcon()
			repeat := rtl.NewButton(l, "", sc.Repeat)
			repeat.Icon = fynetheme.MediaReplayIcon()
			bar = append(bar, repeat)
		}
	}
	bar = append(bar, sw)
	top := container.NewVBox(rtl.HBox(l, bar...), widget.NewSeparator())
	sc.body = container.NewBorder(top, sc.kb, nil, nil, container.NewPadded(step))
	sc.w.SetContent(sc.body)
}
