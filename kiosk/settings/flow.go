package settings

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// Values are the settings staff can change. Their names in the configuration
// file are default_language, idle_timeout, mode and paper_width_dots.
type Values struct {
	Language    i18n.Lang
	IdleTimeout time.Duration
	Mode        string // "kiosk" or "atm"
	PaperWidth  int    // printable dots: 384, 512 or 576
}

// The choices offered. The idle times are totals from the last touch to the
// end of the session, the "are you still there?" warning included.
var (
	IdleTimes   = []time.Duration{60 * time.Second, 90 * time.Second, 2 * time.Minute, 3 * time.Minute}
	Modes       = []string{"kiosk", "atm"}
	PaperWidths = []int{384, 512, 576}
)

// Options configure the tool. Load and Save are required.
type Options struct {
	// Load returns the settings in the configuration file now.
	Load func() (Values, error)
	// Save checks and writes v; an error says which field it refuses, and the
	// file is then unchanged.
	Save func(v Values) error
	// Apply, if set, puts v in force in the running kiosk (shell.SetDefaults).
	Apply func(v Values)
	// Audit, if set, is told each save with its result (on the Fyne goroutine).
	Audit func(staff.Action, staff.Result, string)
}

// Flow is the tool as a shell flow: a button on the staff screen.
type Flow struct {
	opts       Options
	h          shell.Host
	saved, cur Values
	loadErr    error
	note       string
	failed     bool
}

// New returns the tool.
func New(o Options) *Flow { return &Flow{opts: o} }

// ID names the flow.
func (f *Flow) ID() string { return "settings" }

// TitleKey is the button's caption.
func (f *Flow) TitleKey() string { return "settings.title" }

// Icon is the button's icon.
func (f *Flow) Icon() fyne.Resource { return fynetheme.SettingsIcon() }

// Start reads the file and shows its settings.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	f.saved, f.loadErr = f.opts.Load()
	f.cur = f.saved
	return f.screen()
}

// Rebuild shows the same choices in h's language.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.screen()
}

// Wipe forgets unsaved choices.
func (f *Flow) Wipe() {
	f.saved, f.cur, f.loadErr, f.note, f.failed = Values{}, Values{}, nil, "", false
}

// changes lists the changed settings as configuration field=value, for the
// audit trail.
func changes(old, v Values) string {
	var out []string
	if v.Language != old.Language {
		out = append(out, "default_language="+string(v.Language))
	}
	if v.IdleTimeout != old.IdleTimeout {
		out = append(out, "idle_timeout="+v.IdleTimeout.String())
	}
	if v.Mode != old.Mode {
		out = append(out, "mode="+v.Mode)
	}
	if v.PaperWidth != old.PaperWidth {
		out = append(out, fmt.Sprint("paper_width_dots=", v.PaperWidth))
	}
	return strings.Join(out, ",")
}

func (f *Flow) save() {
	f.h.Touch()
	l := f.h.Lang()
	what := changes(f.saved, f.cur)
	if what == "" {
		f.note, f.failed = i18n.T(l, "settings.unchanged"), false
		f.h.Show(f.screen())
		return
	}
	if err := f.opts.Save(f.cur); err != nil {
		f.note, f.failed = i18n.Tf(l, "settings.refused", err.Error()), true
		f.audit(staff.ResultFailed, what)
		f.h.Show(f.screen())
		return
	}
	restart := f.cur.Mode != f.saved.Mode || f.cur.PaperWidth != f.saved.PaperWidth
	f.saved = f.cur
	if f.opts.Apply != nil {
		f.opts.Apply(f.cur)
	}
	f.note, f.failed = i18n.T(l, "settings.saved"), false
	if restart {
		f.note = i18n.T(l, "settings.saved.restart")
	}
	f.audit(staff.ResultOK, what)
	f.h.Show(f.screen())
}

func (f *Flow) audit(r staff.Result, detail string) {
	if f.opts.Audit != nil {
		f.opts.Audit(staff.ActionSettings, r, detail)
	}
}

// choice is one setting's row of buttons, the current value highlighted.
func choice[T comparable](f *Flow, key string, options []T, cur *T, caption func(T) string) fyne.CanvasObject {
	l := f.h.Lang()
	var buttons []fyne.CanvasObject
	for _, o := range options {
		b := rtl.NewButton(l, caption(o), func() {
			*cur = o
			f.note = ""
			f.h.Touch()
			f.h.Show(f.screen())
		})
		if o == *cur {
			b.Importance, b.Icon = rtl.Primary, fynetheme.ConfirmIcon()
		}
		buttons = append(buttons, b)
	}
	label := rtl.NewLabel(l, i18n.T(l, key))
	label.Bold = true
	return container.NewVBox(label, rtl.HBox(l, buttons...))
}

func (f *Flow) screen() fyne.CanvasObject {
	l := f.h.Lang()
	box := container.NewVBox(rtl.NewHeading(l, i18n.T(l, "settings.title")))
	back := rtl.NewButton(l, i18n.T(l, "nav.back"), f.h.Home)
	back.Icon = rtl.BackIcon(l)
	if f.loadErr != nil {
		m := rtl.NewLabel(l, i18n.Tf(l, "settings.unreadable", f.loadErr.Error()))
		m.ColorName, m.Wrap = fynetheme.ColorNameError, true
		box.Add(m)
		return container.NewBorder(nil, rtl.NavRow(l, back, nil), nil, nil, box)
	}
	box.Add(choice(f, "settings.language", i18n.Langs, &f.cur.Language, func(v i18n.Lang) string {
		return i18n.T(v, "settings.language.name") // each language named in itself
	}))
	idles := IdleTimes
	if !slices.Contains(idles, f.cur.IdleTimeout) {
		idles = append(slices.Clone(idles), f.cur.IdleTimeout) // a value set in the file by hand
		slices.Sort(idles)
	}
	box.Add(choice(f, "settings.idle", idles, &f.cur.IdleTimeout, func(d time.Duration) string {
		return i18n.Tf(l, "settings.idle.seconds", int(d.Seconds()))
	}))
	box.Add(choice(f, "settings.mode", Modes, &f.cur.Mode, func(m string) string { return i18n.T(l, "settings.mode."+m) }))
	box.Add(choice(f, "settings.paper", PaperWidths, &f.cur.PaperWidth, func(w int) string {
		return i18n.T(l, fmt.Sprintf("settings.paper.%d", w))
	}))
	if f.note != "" {
		m := rtl.NewLabel(l, f.note)
		m.Wrap = true
		m.ColorName = fynetheme.ColorNameSuccess
		if f.failed {
			m.ColorName = fynetheme.ColorNameError
		}
		box.Add(m)
	}
	save := rtl.NewPrimary(l, i18n.T(l, "settings.save"), f.save)
	save.Icon = fynetheme.DocumentSaveIcon()
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), box))
	return container.NewBorder(nil, rtl.NavRow(l, back, save), nil, nil, scroll)
}
