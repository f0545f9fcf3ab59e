package shell

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// cornerTapped counts taps in the hidden top-left corner; five within three
// seconds open the staff PIN screen.
func (s *Shell) cornerTapped() {
	now := s.opts.Now()
	kept := s.cornerTaps[:0]
	for _, t := range s.cornerTaps {
		if now.Sub(t) < gestureWindow {
			kept = append(kept, t)
		}
	}
	s.cornerTaps = append(kept, now)
	if len(s.cornerTaps) >= gestureTaps && !s.opts.StaffPIN.IsZero() {
		s.cornerTaps = nil
		s.endFlow()
		s.goStaffPIN()
	}
}

func (s *Shell) goStaffPIN() {
	s.timer.Start()
	s.Touch()
	kb := keyboard.New(s.w.Canvas(), s.lang, keyboard.Numeric)
	kb.OnKey = s.Touch
	// Masked with no "show" eye: this is a public screen.
	field := kb.NewSecretField(keyboard.Numeric)
	kb.SetTarget(field)
	msg := rtl.NewLabel(s.lang, "")
	msg.ColorName = fynetheme.ColorNameError
	submit := func() {
		now := s.opts.Now()
		if now.Before(s.lockedUntil) {
			msg.SetText(i18n.Tf(s.lang, "staff.pin.locked", int(s.lockedUntil.Sub(now).Seconds()+0.5)))
			return
		}
		if s.opts.StaffPIN.Verify(field.Text) {
			s.pinFails = 0
			s.goStaff()
			return
		}
		field.SetText("")
		s.pinFails++
		if s.pinFails >= pinTries {
			s.pinFails = 0
			s.lockedUntil = now.Add(pinLockout)
		}
		msg.SetText(i18n.T(s.lang, "staff.pin.wrong"))
	}
	field.OnSubmitted = func(string) { submit() }
	ok := rtl.NewPrimary(s.lang, i18n.T(s.lang, "nav.next"), submit)
	ok.Icon, ok.IconEnd = rtl.NextIcon(s.lang), true
	cancel := rtl.NewButton(s.lang, i18n.T(s.lang, "nav.cancel"), s.Wipe)
	title := rtl.NewHeading(s.lang, i18n.T(s.lang, "staff.pin"))
	body := container.NewCenter(container.NewVBox(
		title,
		container.NewGridWrap(fyne.NewSize(420, field.MinSize().Height), field),
		msg,
		container.NewGridWrap(fyne.NewSize(420, kb.MinSize().Height), kb),
		rtl.NavRow(s.lang, cancel, ok),
	))
	s.setScreen(ScreenStaffPIN, s.frame(ScreenStaffPIN, body))
	s.w.Canvas().Focus(field)
}

// goStaff shows the staff screen: kiosk identity, sync state, outbox counts with
// the records that need attention (and requeue), device health.
func (s *Shell) goStaff() {
	s.Touch()
	l := s.lang
	snap := s.status
	section := func(key string) fyne.CanvasObject {
		h := rtl.NewLabel(l, i18n.T(l, key))
		h.Bold, h.SizeName, h.ColorName = true, fynetheme.SizeNameSubHeadingText, fynetheme.ColorNamePrimary
		return h
	}
	line := func(text string) fyne.CanvasObject { return rtl.NewLabel(l, text) }

	kiosk := container.NewVBox(section("staff.kiosk"),
		line(i18n.Tf(l, "staff.kiosk.id", s.opts.KioskID)), line(i18n.Tf(l, "staff.kiosk.mode", s.opts.Mode)),
		line(i18n.Tf(l, "staff.kiosk.version", s.opts.Version)))

	syncBox := container.NewVBox(section("staff.sync"))
	if snap.haveSync {
		key := "status.offline"
		if snap.sync.Online {
			key = "status.online"
		}
		last := i18n.T(l, "staff.sync.never")
		if !snap.sync.LastSuccess.IsZero() {
			last = snap.sync.LastSuccess.Format(time.DateTime)
		}
		syncBox.Add(line(i18n.T(l, key)))
		syncBox.Add(line(i18n.Tf(l, "staff.sync.last", last)))
		if snap.sync.LastError != "" {
			syncBox.Add(line(i18n.Tf(l, "staff.sync.error", snap.sync.LastError)))
		}
	} else {
		syncBox.Add(line("—"))
	}

	out := container.NewVBox(section("staff.outbox"))
	if snap.haveQueue && !snap.queueErr {
		out.Add(line(i18n.Tf(l, "staff.outbox.pending", snap.queue.Pending)))
		out.Add(line(i18n.Tf(l, "staff.outbox.sent", snap.queue.Delivered)))
		out.Add(line(i18n.Tf(l, "staff.outbox.attention", snap.queue.NeedsAttention)))
		if snap.queue.Quarantined > 0 {
			out.Add(line(i18n.Tf(l, "staff.outbox.quarantined", snap.queue.Quarantined)))
		}
		for _, a := range snap.attention {
			id := a.ID
			btn := rtl.NewButton(l, i18n.T(l, "staff.requeue"), func() { s.requeue(id) })
			// Two short lines: a record ID is 36 characters, and one long line
			// would widen the whole screen past the window.
			out.Add(line(a.ID + " · " + a.Kind))
			out.Add(line(reasonText(l, a.Reason)))
			out.Add(rtl.NavRow(l, btn, nil)) // at the reading start, like the text above it
		}
		if len(snap.attention) > 1 {
			ids := make([]string, len(snap.attention))
			for i, a := range snap.attention {
				ids[i] = a.ID
			}
			out.Add(rtl.NewButton(l, i18n.T(l, "staff.requeue.all"), func() { s.requeue(ids...) }))
		}
	} else {
		out.Add(line("—"))
	}
	if s.staffNote != "" {
		note := rtl.NewLabel(l, s.staffNote)
		note.ColorName = fynetheme.ColorNamePrimary
		out.Add(note)
	}

	devs := container.NewVBox(section("staff.devices"))
	for _, d := range snap.devices {
		state := i18n.T(l, "staff.device.ok")
		if !d.OK {
			state = i18n.T(l, "staff.device.fault")
			if d.Detail != "" {
				state += " (" + d.Detail + ")"
			}
		}
		devs.Add(line(d.Name + ": " + state))
	}
	if len(snap.devices) == 0 {
		devs.Add(line("—"))
	}

	for _, f := range s.opts.StaffFlows {
		kiosk.Add(rtl.NavRow(l, rtl.NewButton(l, i18n.T(l, f.TitleKey()), func() { s.startFlow(f) }), nil))
	}

	title := rtl.NewHeading(l, i18n.T(l, "staff.title"))
	exit := rtl.NewButton(l, i18n.T(l, "staff.exit"), s.Wipe)
	exit.Importance = rtl.Danger
	cols := rtl.Row(l, container.NewVBox(kiosk, widget.NewSeparator(), syncBox, widget.NewSeparator(), devs), out)
	// Fyne's scroll bar is always on the right: keep text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), cols))
	body := container.NewBorder(title, rtl.NavRow(l, exit, nil), nil, nil, scroll)
	s.setScreen(ScreenStaff, s.frame(ScreenStaff, body))
}

// reasonText explains a parking code the sync engine gives a record central could
// not take (see sync/engine: the answer's code, http_<status>, timeout or
// transport), keeping the code itself for support; other codes (the central
// service's rejection codes) are shown as they are.
func reasonText(l i18n.Lang, code string) string {
	if status, ok := strings.CutPrefix(code, "http_"); ok {
		return i18n.Tf(l, "staff.reason.http", status)
	}
	if key := "staff.reason." + code; i18n.Default().Has(l, key) {
		return i18n.T(l, key) + " (" + code + ")"
	}
	return code
}

// requeue sends records that need attention again and says how many went back
// into the queue: a record that could not be requeued (gone, or no longer parked)
// is not counted.
func (s *Shell) requeue(ids ...string) {
	if s.opts.Queue == nil {
		return
	}
	n := 0
	for _, id := range ids {
		if err := s.opts.Queue.Requeue(id); err != nil {
			fyne.LogError("shell: requeue "+id, err)
			continue
		}
		n++
	}
	s.staffNote = i18n.Tf(s.lang, "staff.requeued", n)
	s.collectAndApply()
	if s.screen == ScreenStaff {
		s.goStaff()
	}
}
