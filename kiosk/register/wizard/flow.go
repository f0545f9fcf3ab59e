package wizard

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// Options configure the registration flow.
type Options struct {
	// Deps are handed to register.New for every new session; Deps.Language is
	// replaced by the shell's current language.
	Deps register.Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`. Tests
	// pass a function that runs f at once.
	Go func(f func())
	// Timeout bounds one submission or code check; zero means 30 seconds.
	Timeout time.Duration
	// TickEvery is how often the SMS code screen's countdown is redrawn; zero means
	// every second, negative never (tests redraw with the clock they control).
	TickEvery time.Duration
	// ReceiptWidth is the paper width in dots used to draw the receipt on screen
	// when printing fails; zero means 576 (80 mm).
	ReceiptWidth int
}

// Flow is the registration service as the shell sees it.
type Flow struct {
	opts Options
	h    shell.Host
	w    *register.Wizard
	busy bool
	// refused holds why the session could not start (outbox frozen, no terms).
	refused *register.RefusedError
	// lastErr is a refusal at submission, shown on the review screen.
	lastErr error

	// The current screen's inputs, for the keyboard-driven tests and for refreshes.
	fields  map[register.Field]*keyboard.Field
	rows    map[register.Field]fyne.CanvasObject // a field with its label and error line
	buttons map[string]*rtl.Button
	live    []func() // refreshers run after every keystroke and clock tick
	scroll  *container.Scroll
	ticker  *time.Ticker

	// Spoken guidance (speech.go).
	saidID  string // the screen last announced
	showing bool   // a screen is being built and shown
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
	shell.Enabler
} = (*Flow)(nil)

// New returns the registration flow.
func New(opts Options) *Flow {
	if opts.Go == nil {
		opts.Go = func(f func()) { go f() }
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.TickEvery == 0 {
		opts.TickEvery = time.Second
	}
	if opts.ReceiptWidth == 0 {
		opts.ReceiptWidth = 576
	}
	return &Flow{opts: opts}
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "register" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "register.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.AccountIcon() }

// Enabled hides the tile when registration cannot work at all: no terms have ever
// been received. A frozen outbox keeps the tile, and the first screen explains.
func (f *Flow) Enabled() bool {
	if f.opts.Deps.Terms == nil {
		return false
	}
	_, ok := f.opts.Deps.Terms.Terms()
	return ok
}

// Start implements shell.Flow: a fresh registration.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	d := f.opts.Deps
	d.Language = string(h.Lang())
	w, err := register.New(d)
	var re *register.RefusedError
	switch {
	case errors.As(err, &re):
		f.refused = re
	case err != nil:
		f.refused = &register.RefusedError{Reason: register.ReasonStorage, Err: err,
			Text: register.Text{AR: i18n.T(i18n.AR, "register.err.start_failed"), EN: i18n.T(i18n.EN, "register.err.start_failed")}}
	}
	f.w = w
	obj := f.screen()
	f.announce()
	return obj
}

// Rebuild implements shell.Rebuilder: the same step in the new language, with
// everything entered kept.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	f.saidID = "" // in the new language
	// Shown here, not by the shell, so that a step's only field is focused
	// again with its keyboard up, as when the step opened.
	return f.show()
}

// Wipe implements shell.Wiper.
func (f *Flow) Wipe() {
	if f.w != nil {
		f.w.Wipe()
	}
	f.stopTicker()
	f.w, f.refused, f.lastErr, f.busy = nil, nil, nil, false
	f.fields, f.buttons, f.live = nil, nil, nil
	f.saidID = ""
}

// FillFromDocument takes what the document reader read while the flow is open.
// Call it on the Fyne goroutine.
func (f *Flow) FillFromDocument(d mrz.Document) {
	if f.w == nil || f.h == nil || f.busy {
		return
	}
	f.w.FillFromDocument(d)
	f.show()
}

func (f *Flow) lang() i18n.Lang { return f.h.Lang() }

func (f *Flow) t(key string) string { return i18n.T(f.lang(), key) }

func (f *Flow) tx(t register.Text) string { return t.In(string(f.lang())) }

func (f *Flow) show() fyne.CanvasObject {
	f.showing = true
	obj := f.screen()
	f.h.Show(obj)
	// Wrapped labels learn their height from the width of their first layout;
	// a second layout pass gives their neighbours room (rtl.Label does not ask its
	// parent to re-layout by itself).
	obj.Refresh()
	// Focused while still showing: the screen's prompt, said next, already names
	// the field (speakField keeps quiet).
	f.focusOnlyField()
	f.showing = false
	f.announce()
	return obj
}

// focusOnlyField focuses the field of a step that has just one, which brings up
// its keyboard: nobody should have to touch the only field there is before they
// can type. Steps with several fields leave the choice to the person.
func (f *Flow) focusOnlyField() {
	if len(f.fields) != 1 {
		return
	}
	for _, e := range f.fields {
		f.h.Window().Canvas().Focus(e)
		// Focus puts the caret at the start; keys typed next must add to what is
		// there (after going back to fix it), not land before it.
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	}
}

// run performs a blocking wizard call off the Fyne goroutine behind a "please
// wait" screen, then redraws.
func (f *Flow) run(call func(ctx context.Context) error) {
	if f.busy {
		return
	}
	f.busy = true
	f.show()
	w := f.w
	f.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout)
		err := call(ctx)
		cancel()
		fyne.Do(func() {
			if f.w != w { // wiped meanwhile (idle timeout)
				return
			}
			f.busy = false
			var re *register.RefusedError
			if errors.As(err, &re) {
				f.lastErr = re
			}
			f.show()
		})
	})
}

func (f *Flow) next() {
	f.h.Touch()
	f.saidID = "" // say the outcome, even the same error again
	if f.w.Step() == register.StepReview {
		f.lastErr = nil
		f.run(f.w.Submit)
		return
	}
	f.w.Next(context.Background())
	f.show()
}

func (f *Flow) back() {
	f.h.Touch()
	if f.w.Step() == register.StepIdentityType {
		f.h.Home()
		return
	}
	f.lastErr = nil
	f.w.Back()
	f.show()
}

// refresh reruns the live parts of the screen (checklist, countdown, other
// calendar) without rebuilding it, so the focused field keeps its caret.
func (f *Flow) refresh() {
	for _, r := range f.live {
		r()
	}
}

func (f *Flow) startTicker() {
	if f.ticker != nil || f.opts.TickEvery < 0 {
		return
	}
	f.ticker = time.NewTicker(f.opts.TickEvery)
	tk := f.ticker
	go func() {
		for range tk.C {
			fyne.Do(func() {
				if f.ticker == tk {
					f.refresh()
				}
			})
		}
	}()
}

func (f *Flow) stopTicker() {
	if f.ticker != nil {
		f.ticker.Stop()
		f.ticker = nil
	}
}

// screen builds the current step's screen.
func (f *Flow) screen() fyne.CanvasObject {
	f.fields, f.buttons, f.live, f.scroll = map[register.Field]*keyboard.Field{}, map[string]*rtl.Button{}, nil, nil
	f.rows = map[register.Field]fyne.CanvasObject{}
	f.stopTicker()
	if f.refused != nil {
		return f.refusedScreen(f.refused)
	}
	if f.busy {
		return f.waitScreen()
	}
	step := f.w.Step()
	var body fyne.CanvasObject
	switch step {
	case register.StepIdentityType:
		body = f.identityTypeStep()
	case register.StepIDNumber:
		body = f.idNumberStep()
	case register.StepBirthDate:
		body = f.birthDateStep()
	case register.StepMobile:
		body = f.textStep(register.FieldMobile, register.StepMobile.Title(), keyboard.Numeric, f.t("register.mobile_hint"))
	case register.StepEmail:
		body = f.textStep(register.FieldEmail, register.StepEmail.Title(), keyboard.Latin, "")
	case register.StepCredentials:
		body = f.credentialsStep()
	case register.StepLanguage:
		body = f.languageStep()
	case register.StepCaptcha:
		body = f.captchaStep()
	case register.StepTerms:
		body = f.termsStep()
	case register.StepReview:
		body = f.reviewStep()
	case register.StepOTP:
		back := rtl.NewButton(f.lang(), f.t("nav.back"), f.back)
		back.Icon = rtl.BackIcon(f.lang())
		f.buttons["back"] = back
		body, prompt := f.otpStep()
		return f.frameWith(body, prompt, back, nil)
	case register.StepDone:
		return f.doneScreen()
	}
	nextText := f.t("nav.next")
	if step == register.StepReview {
		nextText = f.t("register.submit")
	}
	back := rtl.NewButton(f.lang(), f.t("nav.back"), f.back)
	back.Icon = rtl.BackIcon(f.lang())
	next := rtl.NewPrimary(f.lang(), nextText, f.next)
	next.Icon, next.IconEnd = rtl.NextIcon(f.lang()), true
	f.buttons["back"], f.buttons["next"] = back, next
	return f.frame(body, back, next)
}

// frame puts the step indicator between the back and next buttons at the top, and
// body under them. Navigation sits at the top, not the bottom, because the
// on-screen keyboard takes the bottom half of the screen while a field is typed in.
func (f *Flow) frame(body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	return f.frameWith(body, nil, back, next)
}

// frameWith is frame with sub, when not nil, under the step's caption at the top:
// a screen whose keypad opens with it keeps its body for what is typed.
func (f *Flow) frameWith(body, sub fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	step := f.w.Step()
	var titles []string
	for _, s := range register.InputSteps() {
		titles = append(titles, f.tx(s.Title()))
	}
	current := min(int(step), len(titles)-1)
	caption := i18n.Tf(f.lang(), "nav.step", current+1, len(titles)) + " — " + titles[current]
	if step == register.StepOTP {
		// The numbered steps are all behind the person: the caption names the code
		// check as the last step instead of saying "n of n" again.
		caption = f.t("register.otp_last") + " — " + f.tx(step.Title())
	}
	var start, end fyne.CanvasObject
	if back != nil {
		start = back
	}
	if next != nil {
		end = next
	}
	if f.lang().RTL() {
		start, end = end, start
	}
	// Over a keyboard the step indicator shrinks to its caption line: the dots
	// are worth less than the room for what is being typed.
	compact := rtl.NewLabel(f.lang(), caption)
	compact.Alignment, compact.Bold, compact.Wrap = fyne.TextAlignCenter, true, true
	var steps fyne.CanvasObject = compact
	if step != register.StepOTP { // after the numbered steps, their dots say nothing
		steps = container.New(&keyboardSwitch{kb: f.h.Keyboard()}, rtl.NewSteps(f.lang(), titles, current), compact)
	}
	if sub != nil {
		steps = container.NewVBox(steps, sub)
	}
	top := container.NewBorder(nil, nil, start, end, steps)
	f.scroll = container.NewVScroll(clearOfScrollBar(body))
	return container.NewBorder(top, nil, nil, nil, f.scroll)
}

// keyboardSwitch shows its first object normally and its second, a compact
// version, while a keyboard is up. The shell lays the screen out again whenever
// the keyboard changes.
type keyboardSwitch struct{ kb *keyboard.Keyboard }

func (k *keyboardSwitch) pick(objs []fyne.CanvasObject) fyne.CanvasObject {
	if k.kb.Visible() {
		return objs[1]
	}
	return objs[0]
}

func (k *keyboardSwitch) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	shown := k.pick(objs)
	for _, o := range objs {
		if o == shown {
			o.Show()
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
		} else {
			o.Hide()
		}
	}
}

func (k *keyboardSwitch) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return k.pick(objs).MinSize()
}

func (f *Flow) heading(s string) *rtl.Label {
	l := rtl.NewHeading(f.lang(), s)
	l.Alignment = fyne.TextAlignLeading
	return l
}

func (f *Flow) label(s string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), s)
	l.Wrap = true
	return l
}

// errorLabel shows the error attached to field, in the screen's language.
func (f *Flow) errorLabel(field register.Field) fyne.CanvasObject {
	fe, ok := f.w.ErrorFor(field)
	if !ok {
		return container.NewStack()
	}
	l := f.label("⚠ " + f.tx(fe.Text))
	l.ColorName = fynetheme.ColorNameError
	l.Bold = true
	return l
}

func (f *Flow) waitScreen() fyne.CanvasObject {
	act := rtl.NewHeading(f.lang(), f.t("register.wait"))
	act.Alignment = fyne.TextAlignCenter
	return container.NewCenter(act)
}

func (f *Flow) refusedScreen(re *register.RefusedError) fyne.CanvasObject {
	title := rtl.NewHeading(f.lang(), f.t("register.refused"))
	msg := f.label(re.Message(string(f.lang())))
	home := rtl.NewPrimary(f.lang(), f.t("nav.home"), func() { f.h.Home() })
	f.buttons["home"] = home
	icon := canvas.NewImageFromResource(fynetheme.NewErrorThemedResource(fynetheme.WarningIcon()))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(96))
	return container.NewPadded(container.NewBorder(container.NewVBox(icon, title),
		container.NewCenter(home), nil, nil, container.NewVBox(msg)))
}

// ltr marks s (digits, a phone number, an email, a reference) as left-to-right
// text: in an Arabic paragraph the bidi algorithm would otherwise reorder its
// number groups ("050 000 0123" shown as "0123 000 050").
func ltr(s string) string { return "\u200e" + s + "\u200e" }

// reveal scrolls the step as little as needed to show the named field whole, with
// its label and its error line: with the letter keyboard up only a field or two
// fit, and the one being typed in must be one of them.
func (f *Flow) reveal(name register.Field) {
	var o fyne.CanvasObject = f.rows[name]
	if o == nil {
		if e, ok := f.fields[name]; ok {
			o = e
		}
	}
	if f.scroll == nil || o == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	bottom := top + o.Size().Height
	view := f.scroll.Size().Height
	off := f.scroll.Offset.Y
	switch {
	case top < off || bottom-top > view:
		off = top
	case bottom > off+view:
		off = bottom - view
	default:
		return
	}
	f.scroll.ScrollToOffset(fyne.NewPos(0, max(0, off)))
}
