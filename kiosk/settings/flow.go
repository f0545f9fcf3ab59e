package settings

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/portscan"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/settings/setting"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// Values are the settings staff can change (setting.Values).
type Values = setting.Values

// The choices offered (setting's).
var (
	IdleTimes   = setting.IdleTimes
	Modes       = setting.Modes
	PaperWidths = setting.PaperWidths
	Bauds       = setting.Bauds
)

// Options configure the tool. Load and Save are required.
type Options struct {
	// Load returns the settings in the configuration file now.
	Load func() (Values, error)
	// Save checks and writes v; a refusal is a *setting.FieldError (possibly
	// wrapped) naming the field, and the file is then unchanged.
	Save func(v Values) error
	// Apply, if set, puts v in force in the running kiosk (shell.SetDefaults).
	Apply func(v Values)
	// SetPort, if set, moves the named device to its saved port and baud rate
	// in the running kiosk (devices/manager.Manager.SetPort), called for each
	// device whose port or baud changed, after the save. An error (the device
	// in use) leaves that device on its old port until the next start, and the
	// screen says so. Nil means port changes take effect at the next start.
	SetPort func(name, path string, baud int) error
	// Ports lists the serial ports present (portscan.List); nil means the
	// device section shows the configured ports without a picker.
	Ports func() ([]portscan.Port, error)
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
	noteKey    string // the note's spoken prompt
	failed     bool

	picking  int // the device whose port is being chosen, or -1
	ports    []portscan.Port
	portsErr error
}

// New returns the tool.
func New(o Options) *Flow { return &Flow{opts: o, picking: -1} }

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
	f.cur = f.saved.Clone()
	if f.opts.Ports != nil && f.loadErr == nil {
		f.ports, f.portsErr = f.opts.Ports() // to show which port a by-id name is
	}
	if f.loadErr != nil {
		shell.Speak(h, speech.Say("speech.settings.unreadable"))
	} else {
		shell.Speak(h, speech.Say("speech.settings"))
	}
	return f.screen()
}

// Rebuild shows the same choices in h's language.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.screen()
}

// Wipe forgets unsaved choices.
func (f *Flow) Wipe() {
	f.saved, f.cur, f.loadErr, f.note, f.noteKey, f.failed = Values{}, Values{}, nil, "", "", false
	f.picking, f.ports, f.portsErr = -1, nil, nil
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
	for i, d := range v.Devices {
		if i >= len(old.Devices) {
			break
		}
		if d.Path != old.Devices[i].Path {
			out = append(out, fmt.Sprintf("devices[%d].path=%s", i, d.Path))
		}
		if d.Baud != old.Devices[i].Baud {
			out = append(out, fmt.Sprintf("devices[%d].baud=%d", i, d.Baud))
		}
	}
	return strings.Join(out, ",")
}

// needRestart reports whether a change takes effect only at the next start.
func needRestart(old, v Values) bool {
	return v.Mode != old.Mode || v.PaperWidth != old.PaperWidth || !slices.Equal(v.Devices, old.Devices)
}

// movePorts moves the devices whose port or baud changed to their new ones
// (Options.SetPort) and returns the names, in l, of those it could not move.
func (f *Flow) movePorts(l i18n.Lang, old, v Values) (late []string) {
	for i, d := range v.Devices {
		if i < len(old.Devices) && d.Path == old.Devices[i].Path && d.Baud == old.Devices[i].Baud {
			continue
		}
		if err := f.opts.SetPort(d.Name, d.Path, d.Baud); err != nil {
			fyne.LogError("settings: move "+d.Name, err) // names and paths only
			late = append(late, f.deviceName(l, d))
		}
	}
	return late
}

func (f *Flow) save() {
	f.h.Touch()
	l := f.h.Lang()
	what := changes(f.saved, f.cur)
	if what == "" {
		f.setNote(i18n.T(l, "settings.unchanged"), "speech.settings.unchanged", false)
		f.h.Show(f.screen())
		return
	}
	if err := f.opts.Save(f.cur); err != nil {
		text, key := refusal(l, err)
		f.setNote(text, key, true)
		f.audit(staff.ResultFailed, what)
		f.h.Show(f.screen())
		return
	}
	restart := needRestart(f.saved, f.cur)
	old := f.saved
	f.saved = f.cur.Clone()
	if f.opts.Apply != nil {
		f.opts.Apply(f.cur.Clone())
	}
	switch {
	case f.opts.SetPort == nil && restart:
		f.setNote(i18n.T(l, "settings.saved.restart"), "speech.settings.saved.restart", false)
	case f.opts.SetPort == nil:
		f.setNote(i18n.T(l, "settings.saved"), "speech.settings.saved", false)
	default:
		// The ports move now; the mode and paper width still wait for a start.
		late := f.movePorts(l, old, f.cur)
		later := f.cur.Mode != old.Mode || f.cur.PaperWidth != old.PaperWidth
		var note string
		switch {
		case len(late) > 0:
			note = i18n.Tf(l, "settings.saved.port_later", strings.Join(late, i18n.T(l, "settings.list.sep")))
			if later {
				note += " " + i18n.T(l, "settings.saved.mode_later")
			} else {
				note += " " + i18n.T(l, "settings.saved.rest_now")
			}
		case later:
			note = i18n.T(l, "settings.saved.later")
		}
		if note != "" {
			f.setNote(note, "speech.settings.saved.restart", false)
		} else {
			f.setNote(i18n.T(l, "settings.saved"), "speech.settings.saved", false)
		}
	}
	f.audit(staff.ResultOK, what)
	f.h.Show(f.screen())
}

func (f *Flow) setNote(text, key string, failed bool) {
	f.note, f.noteKey, f.failed = text, key, failed
	shell.Speak(f.h, speech.Say(key))
}

// refusal says in l why Save refused, naming the setting, and the spoken
// prompt that says it. The configuration's own English is never shown: it goes
// to the audit trail as the field name.
func refusal(l i18n.Lang, err error) (text, spoken string) {
	var fe *setting.FieldError
	if !errors.As(err, &fe) {
		return i18n.T(l, "settings.err.write"), "speech.settings.err.write"
	}
	device := kindName(l, fe.Device)
	for _, c := range []struct {
		err  error
		code string
	}{
		{setting.ErrNoPort, "no_port"}, {setting.ErrPortTaken, "port_taken"}, {setting.ErrBaud, "baud"},
		{setting.ErrIdleShort, "idle"}, {setting.ErrLanguage, "value"}, {setting.ErrMode, "value"},
		{setting.ErrPaperWidth, "value"},
	} {
		if errors.Is(err, c.err) {
			if fe.Device != "" {
				return i18n.Tf(l, "settings.err."+c.code, device), "speech.settings.err." + c.code
			}
			return i18n.Tf(l, "settings.err."+c.code, fieldName(l, fe.Field)), "speech.settings.err." + c.code
		}
	}
	return i18n.T(l, "settings.err.file"), "speech.settings.err.file"
}

// fieldName names a configuration field as the screen does.
func fieldName(l i18n.Lang, field string) string {
	switch field {
	case "default_language":
		return i18n.T(l, "settings.language")
	case "idle_timeout":
		return i18n.T(l, "settings.idle")
	case "mode":
		return i18n.T(l, "settings.mode")
	case "paper_width_dots":
		return i18n.T(l, "settings.paper")
	}
	return field
}

// kindName names a device as staff know it: its kind's name, in l; a device
// the configuration names otherwise keeps that name beside it.
func kindName(l i18n.Lang, name string) string {
	for _, d := range []string{"printer", "docreader", "cardreader", "scanner", "fingerprint"} {
		if name == d {
			return i18n.T(l, "settings.kind."+d)
		}
	}
	return name
}

func (f *Flow) deviceName(l i18n.Lang, d setting.Device) string {
	if d.Name == d.Kind {
		return kindName(l, d.Kind)
	}
	return kindName(l, d.Kind) + " (" + d.Name + ")"
}

func (f *Flow) audit(r staff.Result, detail string) {
	if f.opts.Audit != nil {
		f.opts.Audit(staff.ActionSettings, r, detail)
	}
}

// choice is one setting's row of buttons, the current value highlighted.
func choice[T comparable](f *Flow, key string, options []T, cur *T, caption func(T) string) fyne.CanvasObject {
	l := f.h.Lang()
	label := rtl.NewLabel(l, i18n.T(l, key))
	label.Bold = true
	return container.NewVBox(label, choices(f, options, cur, caption))
}

func choices[T comparable](f *Flow, options []T, cur *T, caption func(T) string) fyne.CanvasObject {
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
	return rtl.HBox(l, buttons...)
}

// pick opens the port picker for device i, listing the ports present now.
func (f *Flow) pick(i int) {
	f.h.Touch()
	f.picking, f.note = i, ""
	f.ports, f.portsErr = nil, nil
	if f.opts.Ports != nil {
		f.ports, f.portsErr = f.opts.Ports()
	}
	shell.Speak(f.h, speech.Say("speech.settings.port"))
	f.h.Show(f.screen())
}

// picked closes the picker.
func (f *Flow) picked() {
	f.h.Touch()
	f.picking = -1
	shell.Speak(f.h, speech.Say("speech.settings"))
	f.h.Show(f.screen())
}

// portCaption is a port as the picker shows it: the node, and its by-id name
// when it has one.
func portCaption(p portscan.Port) string {
	if p.Name() == "" {
		return ltr(p.Path)
	}
	return ltr(p.Path + " · " + p.Name())
}

// ltr marks a path left-to-right, so that in an Arabic line its leading slash
// stays in front of it.
func ltr(s string) string { return "\u200e" + s + "\u200e" }

// current is the configured path as staff read it: a by-id link shows the node
// it leads to as well.
func (f *Flow) current(path string) string {
	for _, p := range f.ports {
		if p.ByID == path && p.ByID != "" {
			return ltr(p.Name() + " → " + p.Path)
		}
	}
	return ltr(path)
}

func (f *Flow) pickerScreen() fyne.CanvasObject {
	l := f.h.Lang()
	d := &f.cur.Devices[f.picking]
	box := container.NewVBox(rtl.NewHeading(l, i18n.Tf(l, "settings.port.title", f.deviceName(l, *d))))
	label := rtl.NewLabel(l, i18n.T(l, "settings.port.present"))
	label.Bold = true
	box.Add(label)
	switch {
	case f.portsErr != nil:
		m := rtl.NewLabel(l, i18n.T(l, "settings.port.unreadable"))
		m.ColorName, m.Wrap = fynetheme.ColorNameError, true
		box.Add(m)
	case len(f.ports) == 0:
		m := rtl.NewLabel(l, i18n.T(l, "settings.port.none"))
		m.Wrap = true
		box.Add(m)
	}
	present := false
	for _, p := range f.ports {
		// Choosing a port with a by-id name saves the name: it survives
		// plugging the adapter into another socket.
		path := p.Path
		if p.ByID != "" {
			path = p.ByID
		}
		chosen := d.Path == p.Path || (p.ByID != "" && d.Path == p.ByID)
		present = present || chosen
		b := rtl.NewButton(l, portCaption(p), func() {
			d.Path = path
			f.h.Touch()
			f.h.Show(f.screen())
		})
		if chosen {
			b.Importance, b.Icon = rtl.Primary, fynetheme.ConfirmIcon()
		}
		box.Add(rtl.NavRow(l, b, nil))
	}
	if !present && d.Path != "" {
		// The configured port, not among those present: kept as it is, and said.
		b := rtl.NewButton(l, i18n.Tf(l, "settings.port.missing", ltr(d.Path)), nil)
		b.Importance, b.Icon = rtl.Primary, fynetheme.WarningIcon()
		b.Disable()
		box.Add(rtl.NavRow(l, b, nil))
	}
	box.Add(widget.NewSeparator())
	bauds := Bauds
	if !slices.Contains(bauds, d.Baud) {
		bauds = append(slices.Clone(bauds), d.Baud) // a value set in the file by hand
		slices.Sort(bauds)
	}
	box.Add(choice(f, "settings.baud", bauds, &d.Baud, func(b int) string { return fmt.Sprint(b) }))
	look := rtl.NewButton(l, i18n.T(l, "settings.port.rescan"), func() { f.pick(f.picking) })
	look.Icon = fynetheme.ViewRefreshIcon()
	box.Add(rtl.NavRow(l, look, nil))
	done := rtl.NewPrimary(l, i18n.T(l, "settings.port.done"), f.picked)
	done.Icon = fynetheme.ConfirmIcon()
	return f.frame(box, nil, done)
}

// frame puts box in a scroll above the navigation row.
func (f *Flow) frame(box *fyne.Container, back, next fyne.CanvasObject) fyne.CanvasObject {
	l := f.h.Lang()
	// Fyne's scroll bar is always on the right: keep Arabic text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), box))
	return container.NewBorder(nil, rtl.NavRow(l, back, next), nil, nil, scroll)
}

func (f *Flow) screen() fyne.CanvasObject {
	l := f.h.Lang()
	if f.picking >= 0 && f.picking < len(f.cur.Devices) {
		return f.pickerScreen()
	}
	box := container.NewVBox(rtl.NewHeading(l, i18n.T(l, "settings.title")))
	back := rtl.NewButton(l, i18n.T(l, "nav.back"), f.h.Home)
	back.Icon = rtl.BackIcon(l)
	if f.loadErr != nil {
		// The loader's error is the configuration's English: a technician reads
		// it in the log, staff read this.
		m := rtl.NewLabel(l, i18n.T(l, "settings.unreadable"))
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
	if len(f.cur.Devices) > 0 {
		label := rtl.NewLabel(l, i18n.T(l, "settings.devices"))
		label.Bold = true
		box.Add(label)
		for i, d := range f.cur.Devices {
			text := i18n.Tf(l, "settings.device", f.deviceName(l, d), f.current(d.Path), d.Baud)
			row := rtl.NewLabel(l, text)
			row.Wrap = true
			change := rtl.NewButton(l, i18n.T(l, "settings.device.change"), func() { f.pick(i) })
			change.Icon = fynetheme.SettingsIcon()
			if f.opts.Ports == nil {
				change.Disable()
			}
			// The text takes the width, level with the button at its reading end.
			level := container.NewVBox(layout.NewSpacer(), row, layout.NewSpacer())
			if l.RTL() {
				box.Add(container.NewBorder(nil, nil, change, nil, level))
			} else {
				box.Add(container.NewBorder(nil, nil, nil, change, level))
			}
		}
	}
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
	return f.frame(box, back, save)
}
