package diag

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Options configure the tool. Zero values are documented per field.
type Options struct {
	// Ping asks the central service for an answer (sync/client.Client.Ping);
	// nil means the check is not offered.
	Ping func(context.Context) error
	// Stats counts the outbox's records. Required.
	Stats func() (outbox.Stats, error)
	// Kick wakes the sync engine (engine.Engine.Kick); nil means "send now" is
	// not offered.
	Kick func()
	// Audit, if set, is told each check and each "send now" with its result, on
	// the Fyne goroutine (shell.AuditStaff).
	Audit func(staff.Action, staff.Result, string)
	// Every is how often "send now" reads the outbox; zero means 500 ms.
	Every time.Duration
	// Watch is how long "send now" watches before it says what is left; zero
	// means one minute.
	Watch time.Duration
	// Timeout bounds the connection check; zero means 10 s.
	Timeout time.Duration

	// Devices, if set, lists the devices with a test for each (the device
	// manager).
	Devices Devices
	// TestTimeout bounds a device test: the wait for a document, a card, a
	// scan or a finger, or a print; zero means 30 s.
	TestTimeout time.Duration
	// KioskID and PaperWidth are printed on the test slip (PaperWidth in dots).
	KioskID    string
	PaperWidth int
	// Frozen, if set, says whether the kiosk takes new requests, and if not
	// why (outbox.Store.Frozen: a *outbox.FreezeError).
	Frozen func() error
	// Sync, if set, is the sync engine's state: its last delivery and last
	// failure (engine.Engine.Status).
	Sync func() engine.Status
	// Now tells the time of the test slip; nil means time.Now.
	Now func() time.Time
}

// Flow is the tool as a shell flow: a button on the staff screen.
type Flow struct {
	opts    Options
	h       shell.Host
	session int // bumped by Start and Wipe: a result for an ended session is dropped

	ping       string // the connection check's result, in words
	pingFailed bool
	busy       bool
	sent, of   int // "send now" progress
	note       string
	noteFailed bool
	bar        *rtl.ProgressBar
	count      *rtl.Label

	testing    string             // the device being tested, or ""
	waiting    string             // what its test waits for, in words
	cancelTest context.CancelFunc // ends the test in progress
	results    map[string]outcome // each device's last test
}

// New returns the tool.
func New(o Options) *Flow {
	if o.Every == 0 {
		o.Every = 500 * time.Millisecond
	}
	if o.Watch == 0 {
		o.Watch = time.Minute
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.TestTimeout == 0 {
		o.TestTimeout = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Flow{opts: o, results: map[string]outcome{}}
}

// ID names the flow.
func (f *Flow) ID() string { return "diag" }

// TitleKey is the button's caption.
func (f *Flow) TitleKey() string { return "diag.title" }

// Icon is the button's icon.
func (f *Flow) Icon() fyne.Resource { return fynetheme.ComputerIcon() }

// Start shows the outbox as it is now.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	shell.Speak(h, speech.Say("speech.diag"))
	return f.screen()
}

// Rebuild shows the same state in h's language.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	return f.screen()
}

// Wipe forgets the results shown; a running check ends unseen, a device test
// is stopped.
func (f *Flow) Wipe() {
	f.session++
	if f.cancelTest != nil {
		f.cancelTest()
	}
	f.testing, f.waiting, f.cancelTest, f.results = "", "", nil, map[string]outcome{}
	f.ping, f.pingFailed, f.busy, f.sent, f.of, f.note, f.noteFailed = "", false, false, 0, 0, "", false
}

func (f *Flow) audit(a staff.Action, failed bool, detail string) {
	if f.opts.Audit == nil {
		return
	}
	r := staff.ResultOK
	if failed {
		r = staff.ResultFailed
	}
	f.opts.Audit(a, r, detail)
}

// checkConnection pings central off the Fyne goroutine and shows how long the
// answer took, or why there was none.
func (f *Flow) checkConnection() {
	f.h.Touch()
	session, l := f.session, f.h.Lang()
	f.busy = true
	f.h.Show(f.screen())
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout)
		defer cancel()
		start := time.Now()
		err := f.opts.Ping(ctx)
		took := time.Since(start)
		fyne.Do(func() {
			if f.session != session {
				return
			}
			f.busy = false
			switch {
			case err == nil:
				ms := int(took.Milliseconds())
				f.ping, f.pingFailed = i18n.Tf(l, "diag.ping.ok", ms), false
				f.audit(staff.ActionPing, false, fmt.Sprint(ms))
				shell.Speak(f.h, speech.Say("speech.diag.ping.ok"))
			case errors.Is(err, client.ErrNotEnrolled):
				f.ping, f.pingFailed = i18n.T(l, "diag.ping.unenrolled"), true
				f.audit(staff.ActionPing, true, "not_enrolled")
				shell.Speak(f.h, speech.Say("speech.diag.ping.unenrolled"))
			default:
				code := pingCode(err)
				f.ping, f.pingFailed = i18n.Tf(l, "diag.ping.failed", shell.SyncErrorText(l, code)), true
				f.audit(staff.ActionPing, true, code)
				shell.Speak(f.h, speech.Say("speech.diag.ping.failed"))
			}
			f.h.Show(f.screen())
		})
	}()
}

// pingCode classifies a failed connection check in the sync engine's words
// (engine.Codes), with the two faults only a check meets: a certificate that is
// not trusted, or that names another address. The screen says the code's text;
// the audit trail keeps the code.
func pingCode(err error) string {
	var he *client.HTTPError
	switch {
	case errors.Is(err, client.ErrWrongHost):
		return "wrong_host"
	case errors.Is(err, client.ErrUntrusted):
		return "untrusted"
	case errors.Is(err, client.ErrRevoked):
		return engine.CodeRevoked
	case errors.Is(err, client.ErrUnauthorized):
		return engine.CodeUnauthorized
	case errors.Is(err, client.ErrRateLimited):
		return engine.CodeRateLimited
	case errors.As(err, &he) && errors.Is(err, client.ErrOffline):
		return engine.CodeServer // an answer: 5xx or 408
	case errors.As(err, &he):
		return engine.CodeRejected
	case errors.Is(err, context.DeadlineExceeded):
		return engine.CodeTimeout
	}
	return engine.CodeTransport
}

// waiting is what "send now" waits for: records queued or being sent. Records
// that need attention are staff's to send again, on the staff screen.
func waiting(st outbox.Stats) int { return st.Queued + st.InFlight }

// sendNow wakes the engine and watches the outbox empty, the bar showing how
// many of the records waiting at the start have left.
func (f *Flow) sendNow() {
	f.h.Touch()
	l := f.h.Lang()
	st, err := f.opts.Stats()
	if err != nil {
		f.note, f.noteFailed = i18n.T(l, "diag.error"), true
		shell.Speak(f.h, speech.Say("speech.diag.error"))
		f.h.Show(f.screen())
		return
	}
	if waiting(st) == 0 {
		f.note, f.noteFailed = i18n.T(l, "diag.sync.nothing"), false
		shell.Speak(f.h, speech.Say("speech.diag.sync.nothing"))
		f.audit(staff.ActionSyncNow, false, "0/0")
		f.h.Show(f.screen())
		return
	}
	session := f.session
	f.busy, f.sent, f.of, f.note, f.noteFailed = true, 0, waiting(st), "", false
	shell.Speak(f.h, speech.Say("speech.diag.sync.sending"))
	f.h.Show(f.screen())
	f.opts.Kick()
	of := f.of // Wipe may clear f.of while this watches
	go func() {
		deadline := time.Now().Add(f.opts.Watch)
		for {
			time.Sleep(f.opts.Every)
			st, err := f.opts.Stats()
			// Records made meanwhile (none on a staff screen, but an audit entry
			// is one) do not push the count below zero.
			sent := 0
			if err == nil {
				sent = min(max(of-waiting(st), 0), of)
			}
			end := err != nil || sent == of || waiting(st) == 0 || time.Now().After(deadline)
			var ok bool
			fyne.DoAndWait(func() { ok = f.watched(session, sent, end, err, l) })
			if !ok {
				return
			}
		}
	}()
}

// watched shows one reading of "send now" on the Fyne goroutine and reports
// whether to go on watching.
func (f *Flow) watched(session, sent int, end bool, err error, l i18n.Lang) bool {
	if f.session != session {
		return false
	}
	f.sent = sent
	f.h.Touch() // watching is not walking away
	if !end {
		f.showProgress()
		return true
	}
	f.busy = false
	switch {
	case err != nil:
		f.note, f.noteFailed = i18n.T(l, "diag.error"), true
		shell.Speak(f.h, speech.Say("speech.diag.error"))
	case sent == f.of:
		f.note, f.noteFailed = i18n.Tf(l, "diag.sync.done", f.of), false
		shell.Speak(f.h, speech.Say("speech.diag.sync.done"))
	default:
		f.note, f.noteFailed = i18n.Tf(l, "diag.sync.partly", sent, f.of), true
		shell.Speak(f.h, speech.Say("speech.diag.sync.partly"))
	}
	f.audit(staff.ActionSyncNow, sent < f.of, fmt.Sprintf("%d/%d", sent, f.of))
	f.h.Show(f.screen())
	return false
}

func (f *Flow) showProgress() {
	if f.bar == nil {
		return
	}
	if f.of > 0 {
		f.bar.SetValue(float64(f.sent) / float64(f.of))
		f.count.SetText(i18n.Tf(f.h.Lang(), "diag.sync.progress", f.sent, f.of))
	} else {
		f.bar.SetValue(0)
		f.count.SetText("")
	}
}

// age says how long ago in whole minutes, hours (under two days) or days.
func age(l i18n.Lang, d time.Duration) string {
	switch {
	case d < time.Hour:
		return i18n.Tf(l, "diag.age.minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return i18n.Tf(l, "diag.age.hours", int(d.Hours()))
	}
	return i18n.Tf(l, "diag.age.days", int(d.Hours()/24))
}

// freezeText says whether the kiosk takes new requests, and if not why, in l.
func freezeText(l i18n.Lang, err error) (text string, frozen bool) {
	if err == nil {
		return i18n.T(l, "diag.freeze.none"), false
	}
	reason := "degraded"
	var fe *outbox.FreezeError
	if errors.As(err, &fe) {
		reason = string(fe.Reason)
	}
	key := "diag.freeze." + reason
	if !i18n.Default().Has(l, key) {
		key = "diag.freeze.degraded"
	}
	return i18n.T(l, key), true
}

func (f *Flow) screen() fyne.CanvasObject {
	l := f.h.Lang()
	section := func(key string) *rtl.Label {
		h := rtl.NewLabel(l, i18n.T(l, key))
		h.Bold, h.SizeName, h.ColorName = true, fynetheme.SizeNameSubHeadingText, fynetheme.ColorNamePrimary
		return h
	}
	result := func(text string, failed bool) *rtl.Label {
		m := rtl.NewLabel(l, text)
		m.ColorName = fynetheme.ColorNameSuccess
		if failed {
			m.ColorName = fynetheme.ColorNameError
		}
		return m
	}
	wrapped := func(text string) *rtl.Label {
		m := rtl.NewLabel(l, text)
		m.Wrap = true
		return m
	}
	box := container.NewVBox()
	busy := f.busy || f.testing != ""

	if f.opts.Ping != nil {
		box.Add(section("diag.central"))
		check := rtl.NewButton(l, i18n.T(l, "diag.ping"), f.checkConnection)
		check.Icon = fynetheme.ViewRefreshIcon()
		if busy {
			check.Disable()
		}
		box.Add(rtl.NavRow(l, check, nil))
		if f.ping != "" {
			r := result(f.ping, f.pingFailed)
			r.Wrap = true
			box.Add(r)
		}
		box.Add(widget.NewSeparator())
	}

	if f.opts.Sync != nil {
		box.Add(section("diag.lastsync"))
		st := f.opts.Sync()
		if st.LastSuccess.IsZero() {
			box.Add(wrapped(i18n.T(l, "diag.lastsync.never")))
		} else {
			box.Add(wrapped(i18n.Tf(l, "diag.lastsync.ok", st.LastSuccess.Format(time.DateTime))))
		}
		if st.LastError != "" && st.LastErrorAt.After(st.LastSuccess) {
			// Said by its code; the engine's own words (a Go error chain) are
			// in the log.
			r := result(i18n.Tf(l, "diag.lastsync.failed", st.LastErrorAt.Format(time.DateTime), shell.SyncErrorText(l, st.LastErrorCode)), true)
			r.Wrap = true
			box.Add(r)
		}
		box.Add(widget.NewSeparator())
	}

	if f.opts.Frozen != nil {
		box.Add(section("diag.freeze"))
		text, frozen := freezeText(l, f.opts.Frozen())
		r := result(text, frozen)
		r.Wrap = true
		box.Add(r)
		box.Add(widget.NewSeparator())
	}

	box.Add(section("diag.outbox"))
	if st, err := f.opts.Stats(); err != nil {
		box.Add(result(i18n.T(l, "diag.error"), true))
	} else {
		line := func(key string, n int) { box.Add(rtl.NewLabel(l, i18n.Tf(l, key, n))) }
		// Residents' requests apart from the staff audit entries, which every
		// staff action makes (this screen's checks too).
		audit := st.Kinds[wire.KindStaffAudit]
		line("diag.requests.waiting", max(st.Queued-audit.Queued, 0))
		line("diag.requests.inflight", max(st.InFlight-audit.InFlight, 0))
		line("diag.audit.waiting", audit.Waiting())
		line("diag.attention", st.NeedsAttention)
		line("diag.delivered", st.Delivered)
		if st.Quarantined > 0 {
			line("diag.quarantined", st.Quarantined)
		}
		if st.Oldest.IsZero() {
			box.Add(rtl.NewLabel(l, i18n.T(l, "diag.oldest.none")))
		} else {
			box.Add(rtl.NewLabel(l, i18n.Tf(l, "diag.oldest", age(l, st.OldestAge))))
		}
		if st.NeedsAttention > 0 {
			box.Add(wrapped(i18n.T(l, "diag.attention.where")))
		}
	}
	if f.opts.Kick != nil {
		send := rtl.NewPrimary(l, i18n.T(l, "diag.sync"), f.sendNow)
		send.Icon = fynetheme.UploadIcon()
		if busy {
			send.Disable()
		}
		box.Add(rtl.NavRow(l, send, nil))
		f.bar = rtl.NewProgressBar(l)
		f.count = rtl.NewLabel(l, "")
		f.showProgress()
		// The count sits at the bar's reading end, its width fixed so the bar does
		// not jump as digits grow.
		box.Add(rtl.FormRow(l, container.NewGridWrap(fyne.NewSize(200, f.count.MinSize().Height), f.count), f.bar))
		if f.note != "" {
			n := result(f.note, f.noteFailed)
			n.Wrap = true
			box.Add(n)
		}
	}

	body := fyne.CanvasObject(box)
	if f.opts.Devices != nil {
		// Two columns: the connection and the queue, and the devices.
		devs := container.NewVBox(f.devicesBox(l, section, result)...)
		body = rtl.Row(l, box, devs)
	}

	back := rtl.NewButton(l, i18n.T(l, "nav.back"), f.h.Home)
	back.Icon = rtl.BackIcon(l)
	if f.busy {
		back.Disable() // a check in progress is waited for; it ends within Timeout or Watch
	}
	// Fyne's scroll bar is always on the right: keep Arabic text out from under it.
	bar := fyne.CurrentApp().Settings().Theme().Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, bar+8), body))
	title := rtl.NewHeading(l, i18n.T(l, "diag.title"))
	return container.NewBorder(title, rtl.NavRow(l, back, nil), nil, nil, scroll)
}
