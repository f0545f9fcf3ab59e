package verify

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// Events is where scans come from: devices/manager.Manager.
type Events interface {
	Subscribe(buf int) (<-chan manager.Event, func())
}

// Options wire the flow.
type Options struct {
	// Events delivers BarcodeRead events; nil means no scanner (the screen still
	// shows, and says what to do).
	Events Events
	// Keys gives the trusted issuer keys; nil means none (every scan says so).
	Keys Keys
	// Now tells time for verification; nil means time.Now.
	Now func() time.Time
	// Audit, if set, is told each check with its verdict (on the Fyne
	// goroutine): the staff audit trail (shell.AuditStaff). The holder's data
	// never goes there.
	Audit func(staff.Action, staff.Result, string)
}

// Flow is verify mode as a shell flow: the staff screen's "verify" tile.
type Flow struct {
	opts    Options
	h       shell.Host
	session int // bumped by Start and Wipe: a scan of an ended session is dropped
	unsub   func()
	last    *Outcome
}

// New returns the verify flow.
func New(o Options) *Flow {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Flow{opts: o}
}

// ID names the flow in logs and tests.
func (f *Flow) ID() string { return "verify" }

// TitleKey is the tile's caption.
func (f *Flow) TitleKey() string { return "verify.title" }

// Icon is the tile's icon.
func (f *Flow) Icon() fyne.Resource { return fynetheme.SearchIcon() }

// Start listens to the scanner and shows the scan prompt.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	f.session++
	if f.opts.Events != nil {
		ch, unsub := f.opts.Events.Subscribe(16)
		f.unsub = unsub
		go f.listen(ch, f.session)
	}
	return f.screen()
}

// listen verifies each scan off the Fyne goroutine and shows it on it.
func (f *Flow) listen(ch <-chan manager.Event, session int) {
	for e := range ch {
		if e.Type != manager.BarcodeRead {
			continue
		}
		var o Outcome
		if e.Err != nil || e.Barcode == nil {
			o = Outcome{Misread: true}
		} else {
			o = Check(e.Barcode.Data, f.opts.Keys, f.opts.Now())
		}
		fyne.Do(func() {
			if f.session != session {
				return
			}
			f.last = &o
			if f.opts.Audit != nil {
				r, verdict := auditResult(o)
				f.opts.Audit(staff.ActionVerify, r, verdict)
			}
			f.h.Touch()
			f.h.Show(f.screen())
		})
	}
}

// auditResult is the audit trail's result and detail for o: the verdict only.
func auditResult(o Outcome) (staff.Result, string) {
	switch {
	case o.Misread:
		return staff.ResultFailed, "misread"
	case o.NoTrust != nil:
		return staff.ResultFailed, "no_trust"
	}
	switch o.Result.Verdict {
	case digitalid.Valid:
		return staff.ResultOK, "valid"
	case digitalid.Expired:
		return staff.ResultFailed, "expired"
	case digitalid.NotYetValid:
		return staff.ResultFailed, "not_yet_valid"
	case digitalid.UnknownKey:
		return staff.ResultFailed, "unknown_key"
	case digitalid.Forged:
		return staff.ResultFailed, "forged"
	}
	return staff.ResultFailed, "not_digital_id"
}

// Rebuild shows the same outcome in h's language.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.screen()
}

// Wipe stops listening and forgets the last holder shown.
func (f *Flow) Wipe() {
	f.session++
	if f.unsub != nil {
		f.unsub()
		f.unsub = nil
	}
	f.last = nil
}

func (f *Flow) screen() fyne.CanvasObject {
	l := f.h.Lang()
	shell.Speak(f.h, Spoken(f.last))
	box := container.NewVBox(rtl.NewHeading(l, i18n.T(l, "verify.title")),
		rtl.NewLabel(l, i18n.T(l, "verify.prompt")), rtl.NewLabel(l, i18n.T(l, "verify.offline")), widget.NewSeparator())
	if f.last != nil {
		headline, good, details := Describe(l, *f.last)
		v := rtl.NewLabel(l, headline)
		v.Bold, v.SizeName, v.ColorName = true, fynetheme.SizeNameSubHeadingText, fynetheme.ColorNameError
		if good {
			v.ColorName = fynetheme.ColorNameSuccess
		}
		box.Add(v)
		for _, d := range details {
			box.Add(rtl.NewLabel(l, d))
		}
	}
	back := rtl.NewButton(l, i18n.T(l, "verify.back"), f.h.Home)
	// Fyne's scroll bar is always on the right: keep Arabic text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), box))
	return container.NewBorder(nil, rtl.NavRow(l, back, nil), nil, nil, scroll)
}
