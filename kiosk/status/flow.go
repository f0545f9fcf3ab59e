package status

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// Options wire the flow to the kiosk.
type Options struct {
	// Central answers status look-ups; nil (kiosk not enrolled) answers from the
	// outbox alone, as when offline.
	Central Central
	// Outbox is this kiosk's queue; nil knows nothing.
	Outbox Outbox
	// Location is the zone times are shown in; nil means time.Local.
	Location *time.Location
	// Go runs a look-up off Fyne's goroutine; nil means a new goroutine. Tests pass
	// a synchronous one.
	Go func(func())
	// OnScreen, if set, is called on Fyne's goroutine after each screen is shown
	// with its name ("entry", "looking", "answer"): tests and the benchmark wait on it.
	OnScreen func(screen string)
}

// Flow is the Request status flow (shell.Flow). Its methods run on Fyne's goroutine.
type Flow struct {
	opts Options
	h    shell.Host

	screen  string // "entry", "looking" or "answer"
	typed   string // the text in the reference field
	errCode string // the input error shown next to the field, "" for none
	answer  *Answer
	outErr  bool // the outbox could not be read
	// gen counts sessions and look-ups: an answer that arrives after the person
	// left (or asked again) belongs to an older gen and is dropped.
	gen int

	field   *keyboard.Field
	buttons map[string]*rtl.Button
}

// New returns the flow.
func New(o Options) *Flow { return &Flow{opts: o, buttons: map[string]*rtl.Button{}} }

// ID implements shell.Flow.
func (f *Flow) ID() string { return "status" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "service.status" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.SearchIcon() }

// Service implements shell.Servicer: the tile shows while central offers status
// look-ups. Offline the flow still answers from the outbox.
func (f *Flow) Service() string { return wire.ServiceStatus }

// Start implements shell.Flow.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	return f.build("entry")
}

// Rebuild implements shell.Rebuilder: the same screen in h.Lang().
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.build(f.screen)
}

// Wipe implements shell.Wiper: the reference and the answer are forgotten, and a
// look-up still running is ignored when it returns.
func (f *Flow) Wipe() {
	f.gen++
	f.screen, f.typed, f.errCode, f.answer, f.outErr = "entry", "", "", nil, false
	f.field = nil
	clear(f.buttons)
}

// Button returns the button named name on the current screen ("lookup", "home",
// "again", "done"), for tests.
func (f *Flow) Button(name string) *rtl.Button { return f.buttons[name] }

// Field returns the reference field of the entry screen, for tests.
func (f *Flow) Field() *keyboard.Field { return f.field }

// Answer returns the answer shown, nil before one.
func (f *Flow) Answer() *Answer { return f.answer }

// ErrorCode returns the input error shown next to the field, "" for none.
func (f *Flow) ErrorCode() string { return f.errCode }

// Scanned takes a code read by the barcode scanner while the flow is showing.
func (f *Flow) Scanned(data []byte) {
	if f.h == nil || f.screen == "looking" {
		return
	}
	r, err := ParseScan(data)
	if err != nil {
		f.refuse(err)
		return
	}
	f.lookup(r)
}

// submit checks the typed reference and looks it up.
func (f *Flow) submit() {
	r, err := ParseTyped(f.typed)
	if err != nil {
		f.refuse(err)
		return
	}
	f.lookup(r)
}

// refuse shows why the input is not a reference, next to the field; nothing is sent.
func (f *Flow) refuse(err error) {
	var ie *InputError
	if !errors.As(err, &ie) {
		ie = &InputError{Code: ErrCodeNotOurs}
	}
	f.errCode, f.answer = ie.Code, nil
	f.show("entry")
}

func (f *Flow) lookup(r string) {
	f.gen++
	gen := f.gen
	f.errCode, f.answer, f.outErr = "", nil, false
	f.show("looking")
	run := f.opts.Go
	if run == nil {
		run = func(fn func()) { go fn() }
	}
	run(func() {
		a, err := Lookup(context.Background(), f.opts.Central, f.opts.Outbox, r)
		fyne.Do(func() {
			if gen != f.gen {
				return
			}
			if err != nil {
				f.outErr = true
			} else {
				f.answer = &a
			}
			f.show("answer")
		})
	})
}

func (f *Flow) show(screen string) {
	obj := f.build(screen)
	f.h.Show(obj)
	// A wrapping label learns how many lines it needs only when first laid out;
	// laying the screen out once more places what follows it below its last line.
	obj.Refresh()
	if f.opts.OnScreen != nil {
		f.opts.OnScreen(screen)
	}
}

func (f *Flow) lang() i18n.Lang { return f.h.Lang() }

func (f *Flow) t(key string) string { return i18n.T(f.lang(), key) }

func (f *Flow) label(text string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), text)
	l.Wrap = true
	return l
}

func (f *Flow) build(screen string) fyne.CanvasObject {
	clear(f.buttons)
	f.field = nil
	f.screen = screen
	defer f.speak()
	switch screen {
	case "looking":
		l := rtl.NewHeading(f.lang(), f.t("reqstatus.looking"))
		l.Alignment = fyne.TextAlignCenter
		return container.NewCenter(l)
	case "answer":
		return f.answerScreen()
	}
	return f.entryScreen()
}

func (f *Flow) entryScreen() fyne.CanvasObject {
	title := rtl.NewHeading(f.lang(), f.t("service.status"))
	prompt := f.label(f.t("reqstatus.prompt"))
	e := f.h.Keyboard().NewField(keyboard.Latin)
	e.SetPlaceHolder("7K3Q9XF2WK")
	e.SetText(f.typed)
	errBox := container.NewStack()
	e.OnChanged = func(s string) {
		f.typed = s
		if f.errCode != "" {
			// The message stays until the person changes what they typed; the
			// screen is not rebuilt, so the field keeps the keyboard.
			f.errCode = ""
			errBox.Objects = nil
			errBox.Refresh()
		}
	}
	e.OnSubmitted = func(string) { f.submit() }
	e.OnFocused = func() { shell.Echo(f.h, speech.Say("speech.status.field")) }
	f.field = e
	name := rtl.NewLabel(f.lang(), f.t("reqstatus.field"))
	name.Bold = true
	row := rtl.FormRow(f.lang(), container.NewPadded(name), e)
	if f.errCode != "" {
		msg := f.label("⚠ " + f.t("reqstatus.err."+f.errCode))
		msg.ColorName, msg.Bold = fynetheme.ColorNameError, true
		errBox.Objects = []fyne.CanvasObject{msg}
	}
	rows := []fyne.CanvasObject{title, prompt, row, errBox}
	home := rtl.NewButton(f.lang(), f.t("nav.home"), func() { f.h.Home() })
	home.Icon = rtl.BackIcon(f.lang())
	look := rtl.NewPrimary(f.lang(), f.t("reqstatus.lookup"), f.submit)
	look.Icon = fynetheme.SearchIcon()
	f.buttons["home"], f.buttons["lookup"] = home, look
	return container.NewPadded(container.NewBorder(nil, rtl.NavRow(f.lang(), home, look), nil, nil,
		container.NewVScroll(column(rows...))))
}

func (f *Flow) answerScreen() fyne.CanvasObject {
	title := rtl.NewHeading(f.lang(), f.t("service.status"))
	var rows []fyne.CanvasObject
	if f.outErr || f.answer == nil {
		msg := f.label(f.t("reqstatus.err.outbox"))
		msg.ColorName = fynetheme.ColorNameError
		rows = []fyne.CanvasObject{title, msg}
	} else {
		d := Describe(*f.answer, f.lang(), f.opts.Location)
		ref := rtl.NewHeading(f.lang(), d.Ref)
		rows = []fyne.CanvasObject{title, ref}
		if d.Kind != "" {
			k := f.label(d.Kind)
			k.Bold = true
			rows = append(rows, k)
		}
		state := rtl.NewHeading(f.lang(), d.State)
		switch d.Tone {
		case Good:
			state.ColorName = fynetheme.ColorNameSuccess
		case Bad:
			state.ColorName = fynetheme.ColorNameError
		}
		rows = append(rows, state, f.label(d.Detail))
		for _, t := range d.Times {
			rows = append(rows, f.label(t))
		}
		if d.Note != "" {
			n := f.label(d.Note)
			n.Bold = true
			rows = append(rows, n)
		}
	}
	again := rtl.NewButton(f.lang(), f.t("reqstatus.again"), func() {
		f.typed, f.errCode, f.answer = "", "", nil
		f.show("entry")
	})
	again.Icon = fynetheme.SearchIcon()
	done := rtl.NewPrimary(f.lang(), f.t("nav.done"), func() { f.h.Home() })
	done.Icon = fynetheme.ConfirmIcon()
	f.buttons["again"], f.buttons["done"] = again, done
	return container.NewPadded(container.NewBorder(nil, rtl.NavRow(f.lang(), again, done), nil, nil,
		container.NewVScroll(column(append(rows, layout.NewSpacer())...))))
}

// column stacks objs like a VBox laid out twice: the first pass gives each
// wrapping label its width, and so its number of lines; the second places what
// follows below its last line. It covers a screen the shell shows itself (a
// language switch), which show's second layout does not reach.
func column(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(twoPass{layout.NewVBoxLayout()}, objs...)
}

type twoPass struct{ vbox fyne.Layout }

func (l twoPass) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.vbox.Layout(objs, size)
	l.vbox.Layout(objs, size)
}

func (l twoPass) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.vbox.MinSize(objs) }
