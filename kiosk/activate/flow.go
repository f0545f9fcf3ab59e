package activate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Step is a screen of the activation.
type Step int

// Steps.
const (
	StepID          Step = iota // who are you
	StepAnswer                  // central's answer ends the activation here, explained
	StepConfirm                 // the masked name: is this you?
	StepOffline                 // central cannot be reached: what happens instead
	StepFinger                  // the fingerprint
	StepAlternative             // the ways that need no fingerprint, reason printable
	StepLocked                  // too many failed matches for this ID
	StepDone                    // queued: reference, QR, what happens next
	StepRefused                 // the kiosk cannot take requests now
)

func (s Step) String() string {
	return [...]string{"id", "answer", "confirm", "offline", "finger", "alternative", "locked", "done", "refused"}[s]
}

// Answers of central's ID lookup that end the activation (Flow.Answer).
const (
	AnswerNotInRegistry = "not_in_registry"
	AnswerNoAccount     = "no_account"
	AnswerActive        = "active"
	AnswerNoFingerprint = "no_fingerprint"
)

// Reasons the fingerprint could not prove the person (Flow.Reason), printed for
// the service centre.
const (
	ReasonNoFingerprint = "no_fingerprint" // none on record
	ReasonExhausted     = "exhausted"      // three tries with each index finger failed
	ReasonDeclined      = "declined"       // the person cannot or will not give one
	ReasonLocked        = "locked"         // too many failed matches
)

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call to central, the outbox or the printer; zero means 20 s.
	Timeout time.Duration
	// FingerTimeout is how long the sensor waits for a finger; zero means 30 s.
	FingerTimeout time.Duration
	// ReceiptWidth is the paper width in dots for the receipt drawn on screen when
	// printing fails; zero means 576.
	ReceiptWidth int
}

// Result is the queued request.
type Result struct {
	Ref string
	// Matched is true when central matched the finger live before it was queued.
	Matched  bool
	Receipt  receipt.Receipt
	PrintErr error
}

// Flow is the activation service as the shell sees it.
type Flow struct {
	proof.Session
	opts Options
	own  proof.Lockout // the lockout when Deps.Lockout is nil; outlives sessions

	step    Step
	form    proof.IDForm
	id      identity.ID
	lookup  wire.IDLookupResponse
	answer  string
	online  bool
	lost    bool // central stopped answering mid-way
	capture *proof.Capture
	reason  string
	left    time.Duration
	result  *Result
	refused error
	// slipPrinted is set once the reason was printed (nil error) or failed.
	slipPrinted *error
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
} = (*Flow)(nil)

// New returns the activation flow.
func New(opts Options) *Flow {
	proof.Defaults(&opts.Go, &opts.Timeout, &opts.Deps.Now, &opts.Deps.Online)
	if opts.ReceiptWidth == 0 {
		opts.ReceiptWidth = 576
	}
	f := &Flow{opts: opts}
	f.Session = proof.Session{Go: opts.Go, Timeout: opts.Timeout, WaitKey: "activate.wait", Redraw: f.show}
	if opts.Deps.Lockout == nil {
		f.opts.Deps.Lockout = &f.own
	}
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "activate" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "activate.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.ConfirmIcon() }

// Start implements shell.Flow.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.H = h
	f.form.Rules = f.opts.Deps.IDRules
	if err := f.opts.Deps.Queue.Frozen(); err != nil {
		f.refused, f.step = err, StepRefused
	}
	obj := f.screen()
	f.announce()
	return obj
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.H = h
	obj := f.screen()
	f.announce() // in the new language
	return obj
}

// Wipe implements shell.Wiper: everything entered and read, the template
// included, is forgotten.
func (f *Flow) Wipe() {
	f.Forget()
	if f.capture != nil {
		f.capture.Stop()
	}
	f.form.Wipe()
	if f.result != nil {
		f.result.Receipt = receipt.Receipt{}
	}
	f.step, f.id, f.lookup, f.answer = StepID, identity.ID{}, wire.IDLookupResponse{}, ""
	f.online, f.lost, f.capture, f.reason, f.left, f.result, f.refused, f.slipPrinted = false, false, nil, "", 0, nil, nil, nil
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Answer is central's answer shown on StepAnswer.
func (f *Flow) Answer() string { return f.answer }

// Reason is why StepAlternative or StepLocked is shown.
func (f *Flow) Reason() string { return f.reason }

// Capture is the fingerprint capture of StepFinger, nil elsewhere.
func (f *Flow) Capture() *proof.Capture { return f.capture }

// Form is the ID form.
func (f *Flow) Form() *proof.IDForm { return &f.form }

// Online reports whether the finger is being matched live.
func (f *Flow) Online() bool { return f.online }

// Result is the queued request once StepDone is reached.
func (f *Flow) Result() (Result, bool) {
	if f.result == nil {
		return Result{}, false
	}
	return *f.result, true
}

// FillFromDocument takes the ID from a card or passport read while the ID screen
// is shown, and goes on as if typed. Call it on the Fyne goroutine.
func (f *Flow) FillFromDocument(d mrz.Document) {
	if f.H == nil || f.step != StepID || f.Busy() {
		return
	}
	if _, ok := f.form.FillFromDocument(d); !ok {
		f.show()
		return
	}
	f.submitID()
}

func (f *Flow) show() {
	// The keypad comes up with the ID screen: the one thing to do there is type.
	f.Present(f.screen(), f.form.Focus(f.step == StepID))
	f.announce()
}

// submitID checks the number, then asks central about it.
func (f *Flow) submitID() {
	f.H.Touch()
	id, ok := f.form.Submit()
	if !ok {
		f.show()
		return
	}
	f.id = id
	if left := f.opts.Deps.Lockout.Locked(id.Number, f.opts.Deps.Now()); left > 0 {
		f.locked(left)
		f.show()
		return
	}
	d := f.opts.Deps
	if d.Live == nil || !d.Online() {
		f.goOffline(false)
		f.show()
		return
	}
	f.Run(0, func(ctx context.Context) func() {
		res, err := d.Live.CheckID(ctx, wire.IDLookupRequest{IDNumber: id.Number})
		return func() {
			if err != nil {
				f.goOffline(true)
				return
			}
			f.lookup = res
			switch {
			case !res.InRegistry:
				f.answer = AnswerNotInRegistry
			case !res.HasAccount:
				f.answer = AnswerNoAccount
			case res.Active:
				f.answer = AnswerActive
			case !res.HasFingerprint:
				f.answer, f.reason = AnswerNoFingerprint, ReasonNoFingerprint
			default:
				f.online, f.step = true, StepConfirm
				return
			}
			f.step = StepAnswer
		}
	})
}

// goOffline explains that the finger is taken without a live check; lost says
// central stopped answering during this session.
func (f *Flow) goOffline(lost bool) {
	f.online, f.lost, f.step = false, lost, StepOffline
	if f.capture != nil {
		f.capture.Stop()
		f.capture = nil
	}
}

func (f *Flow) locked(left time.Duration) {
	if f.capture != nil {
		f.capture.Stop()
		f.capture = nil
	}
	f.step, f.reason, f.left = StepLocked, ReasonLocked, left
}

// startFinger shows the fingerprint screen and starts the sensor.
func (f *Flow) startFinger() {
	f.H.Touch()
	id := f.id.Number
	gen := f.Gen()
	online := f.online
	f.capture = proof.NewCapture(proof.CaptureOptions{
		Sensor:  f.opts.Deps.Sensor,
		Go:      f.opts.Go,
		Timeout: f.opts.FingerTimeout,
		Touch:   f.H.Touch,
		OnChange: func() {
			if f.Gen() == gen && f.step == StepFinger && !f.Busy() {
				f.show()
			}
		},
		Check: func(ctx context.Context, tmpl []byte) (bool, error) {
			if !online {
				// Offline the sensor's own reading (it turned the image into a
				// template) is all the kiosk can check; central matches later.
				return true, nil
			}
			return f.match(ctx, id, tmpl)
		},
		OnAccepted: func(tmpl []byte) {
			if f.Gen() != gen {
				clear(tmpl)
				return
			}
			f.queue(tmpl, online)
		},
		OnExhausted: func() {
			if f.Gen() == gen {
				f.capture, f.step, f.reason = nil, StepAlternative, ReasonExhausted
				f.show()
			}
		},
		OnStop: func(err error) {
			if f.Gen() != gen {
				return
			}
			var le *proof.LockedError
			switch {
			case errors.As(err, &le):
				f.locked(le.RetryAfter)
			case errors.Is(err, ErrNoFingerprint):
				f.capture, f.step, f.reason = nil, StepAlternative, ReasonNoFingerprint
			default: // ErrUnreachable: central decides when the record arrives
				f.goOffline(true)
			}
			f.show()
		},
	})
	f.step = StepFinger
	f.show()
	f.capture.Start()
}

// match asks central within the kiosk's lockout.
func (f *Flow) match(ctx context.Context, id string, tmpl []byte) (bool, error) {
	return f.opts.Deps.Lockout.Match(ctx, f.opts.Deps.Live.MatchFingerprint, id, tmpl, f.opts.Deps.Now())
}

// queue stores the sealed activation, then prints the receipt. The template is
// cleared once it is in the sealed payload.
func (f *Flow) queue(tmpl []byte, matched bool) {
	d := f.opts.Deps
	id := f.id
	lang := string(f.Lang())
	f.capture = nil
	f.Run(0, func(ctx context.Context) func() {
		payload, err := json.Marshal(wire.Activation{IDNumber: id.Number, Method: wire.MethodFingerprint, FingerprintTemplate: tmpl})
		clear(tmpl)
		if err != nil {
			return func() { f.refused, f.step = err, StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindActivation, Payload: payload,
			Meta: map[string]string{MetaMatched: fmt.Sprint(matched), MetaLanguage: lang}})
		clear(payload)
		if err != nil {
			return func() { f.refused, f.step = err, StepRefused }
		}
		res := &Result{Ref: rec.Ref, Matched: matched}
		res.Receipt = Receipt(res.Ref, matched, identity.Mask(id.Number), d.KioskID, lang, d.Now())
		if err := d.Printer.Print(ctx, res.Receipt); err != nil {
			res.PrintErr = fmt.Errorf("activate: print receipt %s: %w", res.Ref, err)
		}
		return func() {
			f.result, f.step = res, StepDone
			f.form.Wipe()
			f.id = identity.ID{}
		}
	})
}

// Meta keys of the queued record (plain metadata: nothing personal).
const (
	MetaMatched  = "matched"  // "true" when central matched the finger before queueing
	MetaLanguage = "language" // the screen language
)

// Receipt is the receipt of a queued activation.
func Receipt(ref string, matched bool, maskedID, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	status, next := "activate.receipt.status_offline", "activate.done.next_offline"
	if matched {
		status, next = "activate.receipt.status_online", "activate.done.next_online"
	}
	lines := []receipt.Line{
		// LRM keeps the masked number in reading order inside the Arabic line.
		both("activate.receipt.id", "\u200e"+maskedID+"\u200e"),
		both(status),
	}
	if kioskID != "" {
		lines = append(lines, both("activate.receipt.kiosk", kioskID))
	}
	title := both("activate.receipt.title")
	title.Bold, title.Size = true, 2
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref),
		Footer: []receipt.Line{both(next)}, Lang: lang, Time: at}
}

// ReasonSlip is the paper a person takes to a service centre when the kiosk
// could not prove them: the reason, and no personal data but the masked ID.
func ReasonSlip(reason, maskedID, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("activate.slip.title")
	title.Bold, title.Size = true, 2
	lines := []receipt.Line{both("activate.receipt.id", "\u200e"+maskedID+"\u200e"), both("activate.reason." + reason)}
	if kioskID != "" {
		lines = append(lines, both("activate.receipt.kiosk", kioskID))
	}
	return receipt.Receipt{Title: title, Lines: lines, Footer: []receipt.Line{both("activate.alternative.body")}, Lang: lang, Time: at}
}

// printReason prints the reason for the service centre.
func (f *Flow) printReason() {
	d := f.opts.Deps
	r := ReasonSlip(f.reason, identity.Mask(f.id.Number), d.KioskID, string(f.Lang()), d.Now())
	f.Run(0, func(ctx context.Context) func() {
		err := d.Printer.Print(ctx, r)
		return func() { f.slipPrinted = &err }
	})
}
