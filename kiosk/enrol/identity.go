package enrol

import (
	"context"
	"errors"
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
)

// IdentityOptions configure the staff tool.
type IdentityOptions struct {
	// Funcs re-enrol (the same steps as the first enrolment).
	Funcs
	// Info is the identity in use now (client.Client.Info). Required.
	Info func() (client.Info, error)
	// Stats counts the outbox's records, to say how many would be refused after
	// a re-enrolment; nil means the count is not shown.
	Stats func() (outbox.Stats, error)
	// Reenrolled is called on the Fyne goroutine when staff finish a successful
	// re-enrolment, with the new kiosk ID: cmd/kiosk restarts the kiosk's
	// services (the shell with them) under the new identity and audits it
	// there. Required.
	Reenrolled func(kioskID string)
	// Audit, if set, is told each re-enrolment step that failed, on the Fyne
	// goroutine (shell.AuditStaff). The success is the caller's to audit, under
	// the new identity (see Reenrolled).
	Audit func(staff.Action, staff.Result, string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Ping asks the central service whether it takes this kiosk
	// (client.Client.Ping), when the tool opens; nil means it is not asked.
	Ping func(context.Context) error
}

// The tool's screens besides the steps.
const (
	viewInfo = iota
	viewWarn
	viewSteps
)

// IdentityTool is the staff screen's "Kiosk identity" tool (a shell.Flow).
type IdentityTool struct {
	o    IdentityOptions
	h    shell.Host
	view int
	s    *steps
	// standing is the i18n key of what central said of this kiosk when the
	// tool opened ("" while asking); session drops a late answer.
	standing string
	session  int
}

// NewIdentityTool returns the tool.
func NewIdentityTool(o IdentityOptions) *IdentityTool {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &IdentityTool{o: o}
}

// ID names the flow.
func (t *IdentityTool) ID() string { return "identity" }

// TitleKey is the button's caption.
func (t *IdentityTool) TitleKey() string { return "enrol.identity.title" }

// Icon is the button's icon.
func (t *IdentityTool) Icon() fyne.Resource { return fynetheme.AccountIcon() }

// Start shows the identity in use.
func (t *IdentityTool) Start(h shell.Host) fyne.CanvasObject {
	t.Wipe()
	t.h = h
	if t.o.Ping != nil {
		session := t.session
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			key := Standing(t.o.Ping(ctx))
			fyne.Do(func() {
				if t.session != session {
					return
				}
				t.standing = key
				if t.view == viewInfo {
					t.h.Show(t.screen())
					// The answer cuts the screen's prompt short: it comes
					// first, then the prompt again.
					shell.Speak(t.h, speech.Say(speech.KeyPrefix+key, "speech.enrol.identity"))
				}
			})
		}()
	}
	t.speakView()
	return t.screen()
}

// speakView says what the identity or the re-enrolment warning screen is for
// and what to touch (the steps say themselves).
func (t *IdentityTool) speakView() {
	switch t.view {
	case viewInfo:
		if _, err := t.o.Info(); err != nil {
			shell.Speak(t.h, speech.Say("speech.enrol.identity.unreadable"))
			return
		}
		shell.Speak(t.h, speech.Say("speech.enrol.identity"))
	case viewWarn:
		u := speech.Say("speech.enrol.reenrol")
		if t.o.Stats != nil {
			st, err := t.o.Stats()
			switch {
			case err != nil:
				u = u.Then("speech.enrol.reenrol.count_unknown")
			case waiting(st) > 0:
				u = u.Then("speech.enrol.reenrol.waiting")
			default:
				u = u.Then("speech.enrol.reenrol.none_waiting")
			}
		}
		shell.Speak(t.h, u.Then("speech.enrol.reenrol.go"))
	}
}

// Standing is the i18n key that says what a ping's answer means for the
// kiosk's identity: accepted, revoked (re-enrol), not known to central
// (re-enrol), or central not reached.
func Standing(err error) string {
	switch {
	case err == nil:
		return "enrol.identity.accepted"
	case errors.Is(err, client.ErrRevoked):
		return "enrol.identity.revoked"
	case errors.Is(err, client.ErrUnauthorized), errors.Is(err, client.ErrUntrusted):
		return "enrol.identity.refused"
	}
	return "enrol.identity.unreached"
}

// Rebuild shows the same screen in h's language, keeping what was typed.
func (t *IdentityTool) Rebuild(h shell.Host) fyne.CanvasObject {
	t.h = h
	return t.screen()
}

// Wipe forgets the re-enrolment in progress: the code typed above all. A
// re-enrolment that succeeded but was not finished (staff walked away from the
// done step) is finished here: the identity on disk is already the new one,
// and the kiosk must not go on under the old.
func (t *IdentityTool) Wipe() {
	t.view, t.standing = viewInfo, ""
	t.session++
	done := ""
	if t.s != nil {
		if t.s.step == stepDone {
			done = t.s.kioskID
		}
		t.s.wipe("")
	}
	t.s = nil
	if done != "" {
		t.o.Reenrolled(done)
	}
}

// Step names the re-enrolment step shown, "" outside the steps.
func (t *IdentityTool) Step() string {
	if t.view != viewSteps || t.s == nil {
		return ""
	}
	return stepNames[t.s.step]
}

func (t *IdentityTool) screen() fyne.CanvasObject {
	switch t.view {
	case viewWarn:
		return t.warnScreen()
	case viewSteps:
		return t.s.screen()
	}
	return t.infoScreen()
}

func (t *IdentityTool) goTo(view int) {
	t.h.Touch()
	t.view = view
	t.h.Show(t.screen())
	t.speakView()
}

// date writes a time as digits, the same in both languages.
func date(tm time.Time) string { return tm.Local().Format("2006-01-02 15:04") }

func (t *IdentityTool) infoScreen() fyne.CanvasObject {
	l := t.h.Lang()
	box := container.New(reflow{}, rtl.NewHeading(l, i18n.T(l, "enrol.identity.title")))
	info, err := t.o.Info()
	if err != nil {
		m := rtl.NewLabel(l, i18n.T(l, "enrol.identity.unreadable"))
		m.Wrap, m.ColorName = true, fynetheme.ColorNameError
		box.Add(m)
	} else {
		line := func(key string, args ...any) { box.Add(para(l, i18n.Tf(l, key, args...))) }
		line("enrol.identity.kiosk", info.KioskID)
		line("enrol.identity.central", info.CentralURL)
		line("enrol.identity.serial", info.Serial)
		line("enrol.identity.valid", date(info.NotBefore), date(info.NotAfter))
		now := t.o.Now()
		switch {
		case now.After(info.NotAfter):
			m := para(l, i18n.T(l, "enrol.identity.expired"))
			m.ColorName = fynetheme.ColorNameError
			box.Add(m)
		case now.After(info.RenewFrom):
			line("enrol.identity.renew_due")
		default:
			line("enrol.identity.renew_at", date(info.RenewFrom))
		}
		if t.standing != "" {
			m := para(l, i18n.T(l, t.standing))
			m.Bold, m.ColorName = true, fynetheme.ColorNameSuccess
			if t.standing != "enrol.identity.accepted" {
				m.ColorName = fynetheme.ColorNameError
			}
			box.Add(m)
		}
		box.Add(rtl.NewLabel(l, i18n.T(l, "enrol.identity.ca")))
		box.Add(fingerprint(l, info.CAFingerprint))
	}
	back := rtl.NewButton(l, i18n.T(l, "nav.back"), t.h.Home)
	back.Icon = rtl.BackIcon(l)
	re := rtl.NewButton(l, i18n.T(l, "enrol.reenrol.button"), func() { t.goTo(viewWarn) })
	re.Icon = fynetheme.ViewRefreshIcon()
	return page(l, box, back, re)
}

// waiting counts the records not yet delivered: after re-enrolment central
// refuses them (their kiosk ID is the old one).
func waiting(st outbox.Stats) int { return st.Queued + st.InFlight + st.NeedsAttention }

func (t *IdentityTool) warnScreen() fyne.CanvasObject {
	l := t.h.Lang()
	box := container.New(reflow{}, rtl.NewHeading(l, i18n.T(l, "enrol.reenrol.title")))
	box.Add(para(l, i18n.T(l, "enrol.reenrol.what")))
	if t.o.Stats != nil {
		st, err := t.o.Stats()
		var m *rtl.Label
		switch {
		case err != nil:
			m = para(l, i18n.T(l, "enrol.reenrol.count_unknown"))
			m.ColorName = fynetheme.ColorNameError
		case waiting(st) > 0:
			m = para(l, i18n.Tf(l, "enrol.reenrol.waiting", waiting(st)))
			m.ColorName, m.Bold = fynetheme.ColorNameError, true
		default:
			m = para(l, i18n.T(l, "enrol.reenrol.none_waiting"))
		}
		box.Add(m)
	}
	back := rtl.NewButton(l, i18n.T(l, "nav.back"), func() { t.goTo(viewInfo) })
	back.Icon = rtl.BackIcon(l)
	next := rtl.NewPrimary(l, i18n.T(l, "enrol.reenrol.start"), t.startSteps)
	next.Icon, next.IconEnd = rtl.NextIcon(l), true
	return page(l, box, back, next)
}

func (t *IdentityTool) startSteps() {
	url := ""
	if info, err := t.o.Info(); err == nil {
		url = info.CentralURL
	}
	s := newSteps(t.o.Funcs, url)
	s.lang = t.h.Lang
	s.kb = t.h.Keyboard()
	s.show = t.h.Show
	s.canvas = t.h.Window().Canvas()
	s.touch = t.h.Touch
	s.title, s.doneNext, s.doneGo = "enrol.reenrol.title", "enrol.reenrol.done_next", "enrol.reenrol.done_go"
	s.reenrol = true
	s.say = func(u speech.Utterance) { shell.Speak(t.h, u) }
	s.cancel = func() { s.wipe(""); t.goTo(viewInfo) }
	s.finish = func(id string) {
		s.wipe("")
		t.view, t.s = viewInfo, nil
		t.o.Reenrolled(id)
	}
	s.result = func(what string, err error) {
		if err == nil || t.o.Audit == nil {
			return
		}
		_, key := Problem(err)
		t.o.Audit(staff.ActionReenrol, staff.ResultFailed, what+":"+strings.TrimPrefix(key, "enrol.err."))
	}
	t.s = s
	t.h.Touch()
	t.view = viewSteps
	s.redraw()
}

// page puts a screen's content in a scroll above its navigation row.
func page(l i18n.Lang, box *fyne.Container, back, next fyne.CanvasObject) fyne.CanvasObject {
	// Fyne's scroll bar is always on the right: keep Arabic text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), box))
	return container.NewBorder(nil, rtl.NavRow(l, back, next), nil, nil, scroll)
}
