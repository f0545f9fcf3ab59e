package shell

import (
	"errors"
	"fmt"
	"math"
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
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// StaffGuard signs staff in and records what they do: kiosk/staff.Guard. It
// holds the rules (accounts, lockout, audit); the shell only shows the answers.
type StaffGuard interface {
	// Enabled reports whether anybody can sign in.
	Enabled() bool
	// SignIn returns the account, staff.ErrWrongPIN, or an error matching
	// staff.ErrLocked (a *staff.LockedError says until when).
	SignIn(id, pin string) (staff.Account, error)
	// Audit records a staff action.
	Audit(staffID string, a staff.Action, r staff.Result, detail string)
}

// cornerTapped counts taps in the hidden top-left corner; five within three
// seconds open the staff sign-in screen.
func (s *Shell) cornerTapped() {
	now := s.opts.Now()
	kept := s.cornerTaps[:0]
	for _, t := range s.cornerTaps {
		if now.Sub(t) < gestureWindow {
			kept = append(kept, t)
		}
	}
	s.cornerTaps = append(kept, now)
	if len(s.cornerTaps) >= gestureTaps && s.staffID == "" && s.opts.Staff != nil && s.opts.Staff.Enabled() {
		s.cornerTaps = nil
		s.endFlow()
		s.goStaffPIN()
	}
}

// goStaffPIN shows the staff sign-in: staff ID and PIN on the numeric keypad,
// the PIN masked with no "show" eye (a public screen).
func (s *Shell) goStaffPIN() {
	s.timer.Start()
	s.Touch()
	l := s.lang
	kb := keyboard.New(s.w.Canvas(), l, keyboard.Numeric)
	kb.OnPress, kb.OnKey = s.announceKey, s.keyDone // the PIN's keys: "one character typed"
	id := kb.NewField(keyboard.Numeric)
	pin := kb.NewSecretField(keyboard.Numeric) // masked, no "show" eye: a public screen
	kb.SetTarget(id)
	msg := rtl.NewLabel(l, "")
	msg.ColorName = fynetheme.ColorNameError
	submit := func() {
		s.Touch()
		if id.Text == "" {
			s.w.Canvas().Focus(id)
			return
		}
		if pin.Text == "" {
			// "Sign in" after the ID goes on to the PIN, as a person expects.
			s.w.Canvas().Focus(pin)
			return
		}
		acct, err := s.opts.Staff.SignIn(id.Text, pin.Text)
		pin.SetText("")
		if err == nil {
			s.staffID, s.staffName = acct.ID, acct.Name
			s.timer.SetDurations(idleQuiet(s.opts.StaffIdle, s.opts.IdleWarning), s.opts.IdleWarning)
			s.showStaff()
			return
		}
		text, spoken := signInError(l, err, s.opts.Now())
		msg.SetText(text)
		s.Speak(speech.Say(spoken))
		s.w.Canvas().Focus(pin)
	}
	id.OnSubmitted = func(string) { s.w.Canvas().Focus(pin) }
	pin.OnSubmitted = func(string) { submit() }
	ok := rtl.NewPrimary(l, i18n.T(l, "staff.signin.enter"), submit)
	ok.Icon, ok.IconEnd = rtl.NextIcon(l), true
	cancel := rtl.NewButton(l, i18n.T(l, "nav.cancel"), s.Wipe)
	title := rtl.NewHeading(l, i18n.T(l, "staff.signin.title"))
	label := func(key string) fyne.CanvasObject { return rtl.NewLabel(l, i18n.T(l, key)) }
	const w = 380
	fields := container.NewVBox(
		label("staff.signin.id"), container.NewGridWrap(fyne.NewSize(w, id.MinSize().Height), id),
		label("staff.signin.pin"), container.NewGridWrap(fyne.NewSize(w, pin.MinSize().Height), pin),
	)
	pad := container.NewGridWrap(fyne.NewSize(w, kb.MinSize().Height), kb)
	body := container.NewCenter(container.NewVBox(
		title,
		rtl.HBox(l, fields, container.NewGridWrap(fyne.NewSize(48, 1)), pad),
		msg, // under both columns: a lock's message is long in Arabic
		rtl.NavRow(l, cancel, ok),
	))
	s.setScreen(ScreenStaffPIN, s.frame(ScreenStaffPIN, body))
	s.w.Canvas().Focus(id)
	s.Speak(speech.Say("speech.staff_signin"))
}

// signInError says why a sign-in failed, in l (a lock names the time left), and
// the spoken prompt that says it.
func signInError(l i18n.Lang, err error, now time.Time) (text, spoken string) {
	var le *staff.LockedError
	if errors.As(err, &le) {
		left := le.Until.Sub(now)
		if left < 2*time.Minute {
			return i18n.Tf(l, "staff.signin.locked.seconds", int(math.Ceil(left.Seconds()))), "speech.staff_signin.locked"
		}
		return i18n.Tf(l, "staff.signin.locked.minutes", int(math.Ceil(left.Minutes()))), "speech.staff_signin.locked"
	}
	return i18n.T(l, "staff.signin.wrong"), "speech.staff_signin.wrong"
}

// showStaff shows the staff screen and audits the view: after sign-in, and on
// the way back from a staff tool.
func (s *Shell) showStaff() {
	s.staffNote = ""
	s.audit(staff.ActionView, staff.ResultOK, "")
	s.goStaff()
}

// AuditStaff records an action of the staff member signed in, for staff tools
// that report what they did (USB transfer, verify); outside a staff session it
// records nothing. Call it on the Fyne goroutine.
func (s *Shell) AuditStaff(a staff.Action, r staff.Result, detail string) { s.audit(a, r, detail) }

// audit records an action of the staff member signed in.
func (s *Shell) audit(a staff.Action, r staff.Result, detail string) {
	if s.opts.Staff != nil && s.staffID != "" {
		s.opts.Staff.Audit(s.staffID, a, r, detail)
	}
}

// endStaff ends a staff session, if one is open: audited as why (sign-out or
// timeout), and the residents' idle time back in force.
func (s *Shell) endStaff(why staff.Action) {
	if s.staffID == "" {
		return
	}
	s.audit(why, staff.ResultOK, "")
	s.staffID, s.staffName = "", ""
	s.timer.SetDurations(idleQuiet(s.idleTotal, s.opts.IdleWarning), s.opts.IdleWarning)
}

// idleWipe is the idle timer's end of a session: a staff session ends as a
// timeout, not a sign-out.
func (s *Shell) idleWipe() {
	s.endStaff(staff.ActionTimeout)
	s.Wipe()
}

// startStaffTool opens a staff tool from the staff screen, audited.
func (s *Shell) startStaffTool(f Flow) {
	s.audit(staff.ActionTool, staff.ResultOK, f.ID())
	s.startFlow(f)
}

// staffSection is a heading of the staff screen's columns.
func staffSection(l i18n.Lang, key string) fyne.CanvasObject {
	h := rtl.NewLabel(l, i18n.T(l, key))
	h.Bold, h.SizeName, h.ColorName = true, fynetheme.SizeNameSubHeadingText, fynetheme.ColorNamePrimary
	return h
}

// staffLine is one line of the staff screen. Lines wrap rather than widen
// their column: the two columns share the window equally, so one long line
// (an audio or device state) would push the screen past it.
func staffLine(l i18n.Lang, text string) fyne.CanvasObject {
	lb := rtl.NewLabel(l, text)
	lb.Wrap = true
	return lb
}

// goStaff shows the staff screen: kiosk identity, the staff tools, sync state,
// outbox counts with the records that need attention (and requeue), device
// health. Its status lines (sync, outbox, devices) are
// refilled in place by fillStaff when the status changes; the rest of the
// screen, the staff tools' buttons and the top bar included, is built once, so
// a poll never replaces a button under a finger about to lift.
func (s *Shell) goStaff() {
	s.Touch()
	l := s.lang
	section := func(key string) fyne.CanvasObject { return staffSection(l, key) }
	line := func(text string) fyne.CanvasObject { return staffLine(l, text) }

	kiosk := container.NewVBox(section("staff.kiosk"),
		line(i18n.Tf(l, "staff.signedin", s.staffName, s.staffID)),
		line(i18n.Tf(l, "staff.session.idle", int(s.opts.StaffIdle.Minutes()))),
		line(i18n.Tf(l, "staff.kiosk.id", s.opts.KioskID)), line(i18n.Tf(l, "staff.kiosk.mode", keyed(l, "settings.mode.", s.opts.Mode))),
		line(i18n.Tf(l, "staff.kiosk.version", s.opts.Version)))

	for _, f := range s.opts.StaffFlows {
		kiosk.Add(rtl.NavRow(l, rtl.NewButton(l, i18n.T(l, f.TitleKey()), func() { s.startStaffTool(f) }), nil))
	}

	s.staffSync, s.staffOut, s.staffDevs = container.NewVBox(), container.NewVBox(), container.NewVBox()
	s.fillStaff()
	syncBox, out, devs := s.staffSync, s.staffOut, s.staffDevs
	title := rtl.NewHeading(l, i18n.T(l, "staff.title"))
	exit := rtl.NewButton(l, i18n.T(l, "staff.exit"), s.Wipe)
	exit.Importance = rtl.Danger
	var quit fyne.CanvasObject
	if s.opts.ExitKiosk != nil {
		q := rtl.NewButton(l, i18n.T(l, "staff.exitkiosk"), s.goStaffExit)
		q.Icon = fynetheme.LogoutIcon()
		quit = q
	}
	cols := rtl.Row(l, container.NewVBox(kiosk, widget.NewSeparator(), syncBox, widget.NewSeparator(), devs), out)
	// Fyne's scroll bar is always on the right: keep text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), cols))
	body := container.NewBorder(title, rtl.NavRow(l, exit, quit), nil, nil, scroll)
	s.setScreen(ScreenStaff, s.frame(ScreenStaff, body))
	s.Speak(speech.Say("speech.staff.screen"))
}

// fillStaff fills the staff screen's status lines from the last status read.
func (s *Shell) fillStaff() {
	l := s.lang
	snap := s.status
	section := func(key string) fyne.CanvasObject { return staffSection(l, key) }
	line := func(text string) fyne.CanvasObject { return staffLine(l, text) }

	syncBox := s.staffSync
	syncBox.Objects = []fyne.CanvasObject{section("staff.sync")}
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
			// A code, said in l; the log has the engine's error whole.
			syncBox.Add(line(i18n.Tf(l, "staff.sync.error", SyncErrorText(l, snap.sync.LastError))))
		}
	} else {
		syncBox.Add(line("—"))
	}

	out := s.staffOut
	out.Objects = []fyne.CanvasObject{section("staff.outbox")}
	if snap.haveQueue && !snap.queueErr {
		out.Add(line(i18n.Tf(l, "staff.outbox.pending", snap.queue.Pending)))
		if snap.queue.StaffAudit > 0 {
			out.Add(line(i18n.Tf(l, "staff.outbox.audit", snap.queue.StaffAudit)))
		}
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
			out.Add(line(a.ID + " · " + keyed(l, "reqstatus.kind.", a.Kind)))
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

	devs := s.staffDevs
	devs.Objects = []fyne.CanvasObject{section("staff.devices")}
	for _, d := range snap.devices {
		state := i18n.T(l, "staff.device.ok")
		if !d.OK {
			state = i18n.T(l, "staff.device.fault")
			if d.Detail != "" {
				state += ": " + DeviceDetailText(l, d.Detail) // the code is in the log
			}
		}
		devs.Add(line(deviceName(l, d.Name, d.Kind) + ": " + state))
	}
	if len(snap.devices) == 0 {
		devs.Add(line("—"))
	}
	if snap.haveAudio {
		state := "a11y.speech.staff.ok"
		if !snap.audioOK {
			state = "a11y.speech.staff.none"
		}
		devs.Add(line(i18n.Tf(l, "a11y.speech.staff", i18n.T(l, state))))
	}

	for _, box := range []*fyne.Container{syncBox, out, devs} {
		box.Refresh()
	}
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
	s.Speak(speech.Say("speech.staff.requeued"))
	result := staff.ResultOK
	if n < len(ids) {
		result = staff.ResultFailed
	}
	s.audit(staff.ActionRequeue, result, fmt.Sprintf("%d/%d", n, len(ids)))
	s.collectAndApply()
	if s.screen == ScreenStaff && s.staffOut != nil {
		s.fillStaff() // the note, and the requeued records gone from the list
	}
}

// goStaffExit asks staff to confirm leaving kiosk mode, and says what follows:
// the kiosk closes and stays closed until a technician starts it again.
func (s *Shell) goStaffExit() {
	if s.opts.ExitKiosk == nil || s.staffID == "" {
		return
	}
	s.Touch()
	l := s.lang
	title := rtl.NewHeading(l, i18n.T(l, "staff.exitkiosk.title"))
	what := rtl.NewLabel(l, i18n.T(l, "staff.exitkiosk.what"))
	what.Wrap = true
	cancel := rtl.NewButton(l, i18n.T(l, "nav.cancel"), s.goStaff)
	cancel.Icon = rtl.BackIcon(l)
	confirm := rtl.NewButton(l, i18n.T(l, "staff.exitkiosk.confirm"), s.exitKiosk)
	confirm.Importance, confirm.Icon = rtl.Danger, fynetheme.LogoutIcon()
	body := container.NewBorder(title, rtl.NavRow(l, cancel, confirm), nil, nil, container.NewVBox(what))
	s.setScreen(ScreenStaffExit, s.frame(ScreenStaffExit, body))
	s.Speak(speech.Say("speech.staff.exitkiosk"))
}

// exitKiosk leaves kiosk mode, confirmed: audited first (the trail is on disk
// before the app ends), the staff session closed, then the app asked to end.
func (s *Shell) exitKiosk() {
	if s.opts.ExitKiosk == nil || s.staffID == "" {
		return
	}
	s.audit(staff.ActionExitKiosk, staff.ResultOK, "")
	s.Wipe() // signs out
	s.opts.ExitKiosk()
}
