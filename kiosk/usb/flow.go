package usb

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// Outbox is what the screen needs from the kiosk's queue (*outbox.Store).
type Outbox interface {
	transfer.Pending
	transfer.Settler
}

// Options wire the flow.
type Options struct {
	// Outbox is the kiosk's queue. Required.
	Outbox Outbox
	// Identity loads the kiosk's signing identity (transfer.LoadIdentity on its
	// identity directory); called on each action, so a kiosk enrolled after start
	// can export. Required.
	Identity func() (*transfer.Identity, error)
	// Mounts lists mounted file systems where a stick may be; nil means
	// transfer.Mounts.
	Mounts func() ([]transfer.Mount, error)
	// Path, when not empty, is offered as a stick before the mounted ones: a fixed
	// place set in the kiosk's configuration (and the tests' directory).
	Path string
	// Now is the clock for bundle names; nil means time.Now.
	Now func() time.Time
	// Audit, if set, is told each export and import with its result (on the
	// Fyne goroutine): the staff audit trail (shell.AuditStaff).
	Audit func(staff.Action, staff.Result, string)
}

// Flow is the USB transfer screen as a shell flow: a tile on the staff screen.
type Flow struct {
	opts    Options
	h       shell.Host
	session int // bumped by Start and Wipe: a result for an ended session is dropped

	sticks   []string // paths offered, in order
	readOnly map[string]bool
	chosen   string
	busy     bool
	done     int
	total    int
	message  string
	failed   bool

	bar   *rtl.ProgressBar
	count *rtl.Label
}

// New returns the USB transfer flow.
func New(o Options) *Flow {
	if o.Mounts == nil {
		o.Mounts = transfer.Mounts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Flow{opts: o}
}

// ID names the flow in logs and tests.
func (f *Flow) ID() string { return "usb" }

// TitleKey is the tile's caption.
func (f *Flow) TitleKey() string { return "transfer.title" }

// Icon is the tile's icon.
func (f *Flow) Icon() fyne.Resource { return fynetheme.StorageIcon() }

// Start looks for sticks and shows the screen.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	f.session++
	f.scan()
	shell.Speak(h, speech.Say("speech.usb"))
	return f.screen()
}

// Rebuild shows the same state in h's language.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.screen()
}

// Wipe forgets the screen's state; a running export finishes unseen.
func (f *Flow) Wipe() {
	f.session++
	f.sticks, f.readOnly, f.chosen = nil, nil, ""
	f.busy, f.done, f.total, f.message, f.failed = false, 0, 0, "", false
}

// scan lists the places a stick may be, keeping the choice if it is still there.
func (f *Flow) scan() {
	f.sticks, f.readOnly = nil, map[string]bool{}
	if f.opts.Path != "" {
		f.sticks = append(f.sticks, f.opts.Path)
	}
	mounts, err := f.opts.Mounts()
	if err != nil {
		fyne.LogError("usb: list mounts", err)
	}
	for _, m := range mounts {
		if m.Path == f.opts.Path {
			continue
		}
		f.sticks = append(f.sticks, m.Path)
		f.readOnly[m.Path] = m.ReadOnly
	}
	found := false
	for _, s := range f.sticks {
		found = found || s == f.chosen
	}
	if !found {
		f.chosen = ""
		if len(f.sticks) == 1 {
			f.chosen = f.sticks[0]
		}
	}
}

func (f *Flow) screen() fyne.CanvasObject {
	l := f.h.Lang()
	// Two lines broken in the text, not wrapped: a wrapping label measures its
	// height only once laid out, and the rows below would cover its second line.
	intro := rtl.NewLabel(l, i18n.T(l, "transfer.intro"))
	box := container.NewVBox(rtl.NewHeading(l, i18n.T(l, "transfer.title")), intro)
	if len(f.sticks) == 0 {
		box.Add(rtl.NewLabel(l, i18n.T(l, "transfer.none")))
	}
	for _, s := range f.sticks {
		// A path reads left to right in either language.
		b := rtl.NewButton(i18n.EN, s, func() { f.choose(s) })
		if s == f.chosen {
			b.Importance = rtl.Primary
			b.Icon = fynetheme.ConfirmIcon()
		}
		if f.busy {
			b.Disable()
		}
		row := []fyne.CanvasObject{b}
		if f.readOnly[s] {
			ro := rtl.NewLabel(l, i18n.T(l, "transfer.readonly"))
			ro.ColorName = fynetheme.ColorNameError
			row = append(row, ro)
		}
		box.Add(rtl.HBox(l, row...))
	}
	refresh := rtl.NewButton(l, i18n.T(l, "transfer.refresh"), f.refresh)
	refresh.Icon = fynetheme.ViewRefreshIcon()
	if f.busy {
		refresh.Disable()
	}
	export := rtl.NewPrimary(l, i18n.T(l, "transfer.export"), f.export)
	export.Icon = fynetheme.UploadIcon()
	receipt := rtl.NewButton(l, i18n.T(l, "transfer.import"), f.importReceipts)
	receipt.Icon = fynetheme.DownloadIcon()
	if f.chosen == "" || f.busy {
		export.Disable()
		receipt.Disable()
	}
	box.Add(rtl.Row(l, export, receipt, refresh))

	f.bar = rtl.NewProgressBar(l)
	f.count = rtl.NewLabel(l, "")
	f.showProgress()
	// The count sits at the bar's reading end, its width fixed so the bar does not
	// jump as digits grow.
	box.Add(rtl.FormRow(l, container.NewGridWrap(fyne.NewSize(160, f.count.MinSize().Height), f.count), f.bar))
	if f.message != "" {
		m := rtl.NewLabel(l, f.message)
		m.Wrap = true
		m.ColorName = fynetheme.ColorNameSuccess
		if f.busy {
			m.ColorName = fynetheme.ColorNameForeground
		}
		if f.failed {
			m.ColorName = fynetheme.ColorNameError
		}
		box.Add(m)
	}
	back := rtl.NewButton(l, i18n.T(l, "transfer.back"), f.h.Home)
	back.Icon = rtl.BackIcon(l)
	if f.busy {
		back.Disable() // an export in progress is waited for, not left unseen
	}
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), box))
	return container.NewBorder(nil, rtl.NavRow(l, back, nil), nil, nil, scroll)
}

func (f *Flow) showProgress() {
	if f.total > 0 {
		f.bar.SetValue(float64(f.done) / float64(f.total))
		f.count.Text = i18n.Tf(f.h.Lang(), "transfer.progress", f.done, f.total)
	} else {
		f.bar.SetValue(0)
		f.count.Text = ""
	}
	f.count.Refresh()
}

func (f *Flow) choose(s string) {
	f.h.Touch()
	f.chosen, f.message = s, ""
	f.h.Show(f.screen())
}

func (f *Flow) refresh() {
	f.h.Touch()
	f.scan()
	f.message = ""
	f.h.Show(f.screen())
}

// run does work off the Fyne goroutine; progress and the result come back on it.
// note is shown while it works.
func (f *Flow) run(note string, work func(progress func(done, total int)) (msg string, failed bool)) {
	f.h.Touch()
	f.busy, f.done, f.total, f.message, f.failed = true, 0, 0, note, false
	f.h.Show(f.screen())
	session := f.session
	go func() {
		shown := -1
		progress := func(done, total int) {
			// At most a hundred screen updates, however many records.
			if pct := done * 100 / max(total, 1); pct != shown || done == total {
				shown = pct
				fyne.Do(func() {
					if f.session == session {
						f.done, f.total = done, total
						f.h.Touch() // a long export is not the person walking away
						f.showProgress()
					}
				})
			}
		}
		msg, failed := work(progress)
		fyne.Do(func() {
			if f.session != session {
				return
			}
			f.busy, f.message, f.failed = false, msg, failed
			if failed {
				shell.Speak(f.h, speech.Say("speech.usb.failed"))
			} else {
				shell.Speak(f.h, speech.Say("speech.usb.done"))
			}
			f.h.Show(f.screen())
		})
	}()
}

// audit reports a finished export or import to Options.Audit, from any goroutine.
func (f *Flow) audit(a staff.Action, failed bool, detail string) {
	if f.opts.Audit == nil {
		return
	}
	r := staff.ResultOK
	if failed {
		r = staff.ResultFailed
	}
	fyne.Do(func() { f.opts.Audit(a, r, detail) })
}

func (f *Flow) export() {
	stick, l := f.chosen, f.h.Lang()
	// The bar reaches its end before the data is flushed to the stick, which on a
	// slow stick takes a while: the note says to wait for the result.
	shell.Speak(f.h, speech.Say("speech.usb.writing"))
	f.run(i18n.T(l, "transfer.writing"), func(progress func(done, total int)) (string, bool) {
		id, err := f.opts.Identity()
		if err != nil {
			f.audit(staff.ActionUSBExport, true, "")
			return errorText(l, err), true
		}
		ex, err := transfer.Export(f.opts.Outbox, id, stick, transfer.ExportOptions{Now: f.opts.Now, Progress: progress})
		if err != nil {
			f.audit(staff.ActionUSBExport, true, "")
			return errorText(l, err), true
		}
		f.audit(staff.ActionUSBExport, false, strconv.Itoa(ex.Records))
		return exportedText(l, ex), false
	})
}

// exportedText says what went onto the stick: the residents' requests and the
// staff audit entries, each counted and named for what it is.
func exportedText(l i18n.Lang, ex transfer.Exported) string {
	audit := ex.Kinds[wire.KindStaffAudit]
	requests := ex.Records - audit
	name := filepath.Base(ex.Path)
	switch {
	case audit == 0:
		return i18n.Tf(l, "transfer.exported", requests, name)
	case requests == 0:
		return i18n.Tf(l, "transfer.exported.audit", audit, name)
	}
	return i18n.Tf(l, "transfer.exported.both", requests, audit, name)
}

func (f *Flow) importReceipts() {
	stick, l := f.chosen, f.h.Lang()
	shell.Speak(f.h, speech.Say("speech.usb.importing"))
	f.run("", func(progress func(done, total int)) (msg string, failed bool) {
		imported := 0
		defer func() { f.audit(staff.ActionUSBImport, failed, strconv.Itoa(imported)) }()
		id, err := f.opts.Identity()
		if err != nil {
			return errorText(l, err), true
		}
		files, err := transfer.Files(stick, transfer.ReceiptExt)
		if err != nil {
			return errorText(l, err), true
		}
		var sum transfer.Imported
		var lines []string
		other, replayed := 0, 0
		for i, path := range files {
			progress(i, len(files))
			data, err := transfer.ReadFile(path)
			if err == nil {
				var got transfer.Imported
				got, err = transfer.ImportReceipt(f.opts.Outbox, id, data)
				sum.Delivered, sum.Refused, sum.Settled = sum.Delivered+got.Delivered, sum.Refused+got.Refused, sum.Settled+got.Settled
				sum.DeliveredAudit += got.DeliveredAudit
			}
			switch {
			case err == nil:
				imported++
			case errors.Is(err, transfer.ErrOtherKiosk):
				other++ // a stick may carry several kiosks' receipts
			case errors.Is(err, transfer.ErrReplayed):
				replayed++
			default:
				lines = append(lines, filepath.Base(path)+": "+errorText(l, err))
			}
		}
		progress(len(files), len(files))
		// Red when something could not be read or trusted, or nothing here was for
		// this kiosk; receipts already imported are not a fault.
		failed = len(lines) > 0
		switch {
		case imported > 0:
			text := i18n.Tf(l, "transfer.imported", imported, sum.Delivered-sum.DeliveredAudit, sum.Refused)
			if sum.DeliveredAudit > 0 {
				text += " " + i18n.Tf(l, "transfer.imported.audit", sum.DeliveredAudit)
			}
			lines = append([]string{text}, lines...)
		case replayed > 0:
			lines = append([]string{i18n.T(l, "transfer.receipt.replayed")}, lines...)
		case len(lines) == 0:
			key := "transfer.no_receipt"
			if other > 0 {
				key = "transfer.receipt.other"
			}
			return i18n.T(l, key), true
		}
		return strings.Join(lines, "\n"), failed
	})
}

// errorText says in the staff's language what went wrong and what to do.
func errorText(l i18n.Lang, err error) string {
	fyne.LogError("usb", err) // file names and counts only: no personal data
	for _, c := range []struct {
		err error
		key string
	}{
		{transfer.ErrNothing, "transfer.nothing"},
		{transfer.ErrStickFull, "transfer.err.full"},
		{transfer.ErrStickReadOnly, "transfer.err.readonly"},
		{transfer.ErrStickGone, "transfer.err.gone"},
		{transfer.ErrExists, "transfer.err.exists"},
		{client.ErrNotEnrolled, "transfer.err.enrol"},
		{outbox.ErrDegraded, "transfer.err.outbox"},
		{transfer.ErrOtherKiosk, "transfer.receipt.other"},
		{transfer.ErrReplayed, "transfer.receipt.replayed"},
		{transfer.ErrSignature, "transfer.receipt.forged"},
		{transfer.ErrTruncated, "transfer.receipt.truncated"},
		{transfer.ErrFormat, "transfer.receipt.format"},
		{transfer.ErrTooLarge, "transfer.receipt.format"},
	} {
		if errors.Is(err, c.err) {
			return i18n.T(l, c.key)
		}
	}
	return i18n.T(l, "transfer.err.other")
}
