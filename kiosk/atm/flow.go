package atm

import (
	"context"
	"encoding/json"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is what the ATM flow asks central: the status of the queued activation,
// for its decision.
type Live interface {
	RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error)
}

// Deps is what the flow works with.
type Deps struct {
	Queue   proof.Queue
	Printer proof.Printer
	Live    Live
	Online  func() bool
	KioskID string
	Now     func() time.Time
}

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call; zero means 20 s.
	Timeout time.Duration
	// DecisionWait is how long to wait for central's decision once queued
	// online; zero means 15 s.
	DecisionWait time.Duration
	// PollEvery is the pause between two status asks; zero means 500 ms.
	PollEvery time.Duration
}

// Step is a screen of the ATM activation.
type Step int

// Steps.
const (
	StepCard    Step = iota // insert your card
	StepConfirm             // activate the account linked to this card?
	StepResult              // the outcome, then take your card
	StepRefused             // the ATM cannot take requests now
)

func (s Step) String() string {
	return [...]string{"card", "confirm", "result", "refused"}[s]
}

// Outcomes on StepResult.
const (
	OutcomeActivated = "activated"      // central activated the account
	OutcomeActive    = "already_active" // central: the card's holder's account was active already; nothing changed
	OutcomeNotLinked = "not_linked"     // central: the card is linked to no one
	OutcomeNoAccount = "no_account"     // central: the card's holder has no account to activate
	OutcomeDeclined  = "declined"       // central declined for another reason
	OutcomePending   = "pending"        // queued; central decides on arrival
)

// Flow is the ATM activation as the shell sees it.
type Flow struct {
	proof.Session
	opts Options
	step Step

	card    *magstripe.Card
	cardErr string // i18n key of the last bad card
	outcome string
	ref     string
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
	shell.CardWanter
	shell.CardTaker
} = (*Flow)(nil)

// New returns the flow.
func New(opts Options) *Flow {
	proof.Defaults(&opts.Go, &opts.Timeout, &opts.Deps.Now, &opts.Deps.Online)
	if opts.DecisionWait == 0 {
		opts.DecisionWait = 15 * time.Second
	}
	if opts.PollEvery == 0 {
		opts.PollEvery = 500 * time.Millisecond
	}
	f := &Flow{opts: opts}
	f.Session = proof.Session{Go: opts.Go, Timeout: opts.Timeout, WaitKey: "atm.wait", Redraw: f.show}
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "atm" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "atm.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.AccountIcon() }

// Start implements shell.Flow.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.H = h
	if f.opts.Deps.Queue.Frozen() != nil {
		f.step = StepRefused
	}
	return f.screen()
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject { f.H = h; return f.screen() }

// Wipe implements shell.Wiper: the card is forgotten.
func (f *Flow) Wipe() {
	f.Forget()
	f.step, f.card, f.cardErr, f.outcome, f.ref = StepCard, nil, "", "", ""
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Outcome is the result shown on StepResult.
func (f *Flow) Outcome() string { return f.outcome }

// CardError is the i18n key of the last bad card's message, "" for none.
func (f *Flow) CardError() string { return f.cardErr }

// Ref is the reference of the queued request.
func (f *Flow) Ref() string { return f.ref }

// WantsCard implements shell.CardWanter: a card read on the ATM home is
// handed over while the card screen is shown.
func (f *Flow) WantsCard() bool { return f.H != nil && f.step == StepCard && !f.Busy() }

// CardInserted takes a swipe from the card reader (a manager CardInserted
// event) while the card screen is shown. Call it on the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) {
	if f.H == nil || f.step != StepCard || f.Busy() {
		return
	}
	f.H.Touch()
	if f.cardErr = proof.CardProblem(c, err, f.opts.Deps.Now()); f.cardErr == "" {
		f.card, f.step = c, StepConfirm
	}
	f.show()
}

func (f *Flow) show() { f.Present(f.screen(), nil) }

// queue stores the sealed activation with the card alone (central activates
// the account of the person the card is linked to), then (online) waits a
// little for central's decision.
func (f *Flow) queue() {
	f.H.Touch()
	d, card, lang := f.opts.Deps, f.card, string(f.Lang())
	online := d.Live != nil && d.Online()
	f.Run(f.opts.DecisionWait, func(ctx context.Context) func() {
		payload, err := json.Marshal(card.Activation(""))
		if err != nil {
			return func() { f.step = StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindActivation, Payload: payload,
			Meta: map[string]string{"card": card.Masked(), "language": lang}})
		clear(payload)
		if err != nil {
			return func() { f.step = StepRefused }
		}
		outcome := OutcomePending
		if online {
			outcome = f.await(ctx, rec.Ref)
		}
		r := Receipt(rec.Ref, outcome, card.Masked(), d.KioskID, lang, d.Now())
		d.Printer.Print(ctx, r) // a failure leaves the reference on screen
		return func() {
			f.ref, f.outcome, f.step = rec.Ref, outcome, StepResult
		}
	})
}

// await polls central's status of ref until it decides or DecisionWait passes.
func (f *Flow) await(ctx context.Context, ref string) string {
	deadline := time.Now().Add(f.opts.DecisionWait)
	for time.Now().Before(deadline) {
		st, err := f.opts.Deps.Live.RequestStatus(ctx, ref)
		if err == nil {
			switch st.State {
			case wire.StateCompleted:
				return OutcomeActivated
			case wire.StateDeclined:
				switch st.Code {
				case wire.DeclineCardMismatch:
					return OutcomeNotLinked
				case wire.DeclineNoAccount:
					return OutcomeNoAccount
				case wire.DeclineAlreadyActive:
					return OutcomeActive
				}
				// not_in_registry (an account whose holder the registry
				// lacks) is no "register first": a service centre sorts it.
				return OutcomeDeclined
			}
		}
		select {
		case <-ctx.Done():
			return OutcomePending
		case <-time.After(f.opts.PollEvery):
		}
	}
	return OutcomePending
}

// Receipt is the ATM slip: the masked card only, never the PAN.
func Receipt(ref, outcome, maskedCard, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("atm.receipt.title")
	title.Bold, title.Size = true, 2
	lines := []receipt.Line{both("atm.receipt.card", "\u200e"+maskedCard+"\u200e"), both("atm.result." + outcome + ".title")}
	if kioskID != "" {
		lines = append(lines, both("atm.receipt.kiosk", kioskID))
	}
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref), Lang: lang, Time: at,
		Footer: []receipt.Line{both("atm.result." + outcome + ".body")}}
}

func (f *Flow) screen() fyne.CanvasObject {
	f.speak() // each screen, as it is built: Start, a redraw, a language switch
	if wait := f.Screen(); wait != nil {
		return wait
	}
	lang := f.Lang()
	switch f.step {
	case StepConfirm:
		card := rtl.NewHeading(lang, i18n.Tf(lang, "atm.card.read", "\u200e"+f.card.Masked()+"\u200e"))
		card.Alignment = fyne.TextAlignCenter
		body := container.NewVBox(card, f.Text(f.T("atm.confirm.body")))
		return proof.Frame(lang, f.T("atm.confirm.title"), body, f.NewButton("cancel", "atm.cancel", false, f.takeCard), f.NewButton("next", "atm.confirm.yes", true, f.queue))
	case StepResult:
		ref := rtl.NewHeading(lang, "\u200e"+f.ref+"\u200e")
		ref.Alignment = fyne.TextAlignCenter
		body := container.NewVBox(f.Text(f.T("atm.result."+f.outcome+".body")), f.Text(f.T("atm.done.ref")), ref, f.takeCardLine())
		return proof.Frame(lang, f.T("atm.result."+f.outcome+".title"), body, nil, f.NewButton("finish", "atm.finish", true, f.takeCard))
	case StepRefused:
		return proof.Frame(lang, f.T("atm.refused.title"), container.NewVBox(f.Text(f.T("atm.refused.body")), f.takeCardLine()), nil, f.NewButton("finish", "atm.finish", true, f.takeCard))
	}
	insert := rtl.NewHeading(lang, f.T("atm.card.insert"))
	insert.Alignment, insert.Wrap = fyne.TextAlignCenter, true
	body := container.NewVBox(container.NewCenter(shell.NewCardPicture()), insert, f.Text(f.T("atm.card.why")))
	if f.cardErr != "" {
		body.Add(f.ErrorText(f.T(f.cardErr)))
	}
	return proof.Frame(lang, f.T("atm.title"), body, f.NewButton("cancel", "atm.cancel", false, func() { f.H.Home() }), nil)
}

// takeCard ends the session: the person is reminded to take the card.
func (f *Flow) takeCard() { f.H.Home() }

func (f *Flow) takeCardLine() fyne.CanvasObject {
	l := rtl.NewHeading(f.Lang(), f.T("atm.take_card"))
	l.Alignment = fyne.TextAlignCenter
	return l
}
