package atm

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Live is what the ATM flow asks central; errors wrap proof.ErrUnreachable when
// central could not be asked.
type Live interface {
	CheckID(context.Context, wire.IDLookupRequest) (wire.IDLookupResponse, error)
	RequestStatus(ctx context.Context, ref string) (wire.RequestStatus, error)
}

// Queue is the part of the outbox the flow needs.
type Queue interface {
	Enqueue(outbox.Request) (outbox.Record, error)
	Frozen() error
}

// Printer prints a receipt.
type Printer interface {
	Print(context.Context, receipt.Receipt) error
}

// Deps is what the flow works with.
type Deps struct {
	Queue   Queue
	Printer Printer
	Live    Live
	Online  func() bool
	KioskID string
	IDRules identity.Rules
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
	StepID                  // your ID number
	StepAnswer              // central's lookup ends it here
	StepConfirm             // the masked name: is this you?
	StepResult              // the outcome, then take your card
	StepRefused             // the ATM cannot take requests now
)

func (s Step) String() string {
	return [...]string{"card", "id", "answer", "confirm", "result", "refused"}[s]
}

// Outcomes on StepResult.
const (
	OutcomeActivated = "activated"  // central activated the account
	OutcomeNotLinked = "not_linked" // central: this card is not the person's
	OutcomeDeclined  = "declined"   // central declined for another reason
	OutcomePending   = "pending"    // queued; central decides on arrival
)

// Flow is the ATM activation as the shell sees it.
type Flow struct {
	opts Options
	h    shell.Host
	step Step
	busy bool
	gen  int

	card    *magstripe.Card
	cardErr string // i18n key of the last bad card
	form    proof.IDForm
	id      identity.ID
	lookup  wire.IDLookupResponse
	answer  string
	outcome string
	ref     string

	buttons map[string]*rtl.Button
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
} = (*Flow)(nil)

// New returns the flow.
func New(opts Options) *Flow {
	if opts.Go == nil {
		opts.Go = func(f func()) { go f() }
	}
	if opts.Timeout == 0 {
		opts.Timeout = 20 * time.Second
	}
	if opts.DecisionWait == 0 {
		opts.DecisionWait = 15 * time.Second
	}
	if opts.PollEvery == 0 {
		opts.PollEvery = 500 * time.Millisecond
	}
	if opts.Deps.Now == nil {
		opts.Deps.Now = time.Now
	}
	if opts.Deps.Online == nil {
		opts.Deps.Online = func() bool { return false }
	}
	return &Flow{opts: opts}
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
	f.h = h
	f.form.Rules, f.form.NoReader = f.opts.Deps.IDRules, true
	if f.opts.Deps.Queue.Frozen() != nil {
		f.step = StepRefused
	}
	return f.screen()
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject { f.h = h; return f.screen() }

// Wipe implements shell.Wiper: the card and the number are forgotten.
func (f *Flow) Wipe() {
	f.gen++
	f.form.Wipe()
	f.step, f.busy, f.card, f.cardErr, f.id, f.lookup, f.answer, f.outcome, f.ref = StepCard, false, nil, "", identity.ID{}, wire.IDLookupResponse{}, "", "", ""
	f.buttons = nil
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Outcome is the result shown on StepResult.
func (f *Flow) Outcome() string { return f.outcome }

// Answer is central's lookup answer on StepAnswer.
func (f *Flow) Answer() string { return f.answer }

// CardError is the i18n key of the last bad card's message, "" for none.
func (f *Flow) CardError() string { return f.cardErr }

// Ref is the reference of the queued request.
func (f *Flow) Ref() string { return f.ref }

// Form is the ID form.
func (f *Flow) Form() *proof.IDForm { return &f.form }

// Button returns a button of the current screen by name.
func (f *Flow) Button(name string) (*rtl.Button, bool) { b, ok := f.buttons[name]; return b, ok }

// CardInserted takes a swipe from the card reader (a manager CardInserted
// event) while the card screen is shown. Call it on the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) {
	if f.h == nil || f.step != StepCard || f.busy {
		return
	}
	f.h.Touch()
	var me *magstripe.Error
	switch {
	case errors.As(err, &me) && (me.Code == magstripe.CodePAN || me.Code == magstripe.CodeExpiry):
		f.cardErr = "atm.card.unsupported"
	case err != nil || c == nil:
		f.cardErr = "atm.card.unreadable"
	case c.Expired(f.opts.Deps.Now()):
		f.cardErr = "atm.card.expired"
	default:
		f.card, f.cardErr, f.step = c, "", StepID
	}
	f.show()
}

func (f *Flow) lang() i18n.Lang { return f.h.Lang() }

func (f *Flow) t(key string) string { return i18n.T(f.lang(), key) }

func (f *Flow) show() {
	obj := f.screen()
	f.h.Show(obj)
	obj.Refresh()
	if f.step == StepID && !f.busy && f.form.Field() != nil {
		f.h.Window().Canvas().Focus(f.form.Field())
	}
}

func (f *Flow) run(call func(ctx context.Context) func()) {
	if f.busy {
		return
	}
	f.busy = true
	f.show()
	gen := f.gen
	f.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout+f.opts.DecisionWait)
		done := call(ctx)
		cancel()
		fyne.Do(func() {
			if f.gen != gen {
				return
			}
			f.busy = false
			done()
			f.show()
		})
	})
}

func (f *Flow) submitID() {
	f.h.Touch()
	id, ok := f.form.Submit()
	if !ok {
		f.show()
		return
	}
	f.id = id
	d := f.opts.Deps
	if d.Live == nil || !d.Online() {
		f.queue()
		return
	}
	f.run(func(ctx context.Context) func() {
		res, err := d.Live.CheckID(ctx, wire.IDLookupRequest{IDNumber: id.Number})
		return func() {
			switch {
			case err != nil:
				f.step = StepConfirm // central will decide on arrival; nothing to confirm against
			case !res.InRegistry:
				f.answer, f.step = "not_in_registry", StepAnswer
			case !res.HasAccount:
				f.answer, f.step = "no_account", StepAnswer
			case res.Active:
				f.answer, f.step = "active", StepAnswer
			default:
				f.lookup, f.step = res, StepConfirm
			}
		}
	})
}

// queue stores the sealed activation with the card, then (online) waits a
// little for central's decision.
func (f *Flow) queue() {
	d, card, id, lang := f.opts.Deps, f.card, f.id.Number, string(f.lang())
	online := d.Live != nil && d.Online()
	f.run(func(ctx context.Context) func() {
		payload, err := json.Marshal(card.Activation(id))
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
		r := Receipt(rec.Ref, outcome, card.Masked(), identity.Mask(id), d.KioskID, lang, d.Now())
		d.Printer.Print(ctx, r) // a failure leaves the reference on screen
		return func() {
			f.ref, f.outcome, f.step = rec.Ref, outcome, StepResult
			f.form.Wipe()
			f.id = identity.ID{}
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
				if st.Code == wire.DeclineCardMismatch {
					return OutcomeNotLinked
				}
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
func Receipt(ref, outcome, maskedCard, maskedID, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("atm.receipt.title")
	title.Bold, title.Size = true, 2
	lines := []receipt.Line{both("atm.receipt.card", "\u200e"+maskedCard+"\u200e"), both("atm.receipt.id", "\u200e"+maskedID+"\u200e"),
		both("atm.result." + outcome + ".title")}
	if kioskID != "" {
		lines = append(lines, both("atm.receipt.kiosk", kioskID))
	}
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref), Lang: lang, Time: at,
		Footer: []receipt.Line{both("atm.result." + outcome + ".body")}}
}

func (f *Flow) screen() fyne.CanvasObject {
	f.buttons = map[string]*rtl.Button{}
	if f.busy {
		w := rtl.NewHeading(f.lang(), f.t("atm.wait"))
		w.Alignment = fyne.TextAlignCenter
		return container.NewCenter(w)
	}
	lang := f.lang()
	switch f.step {
	case StepID:
		card := f.text(i18n.Tf(lang, "atm.card.read", "\u200e"+f.card.Masked()+"\u200e"))
		body := container.NewVBox(card, f.form.Object(lang, f.h.Keyboard(), f.h.Touch))
		return proof.Frame(lang, f.t("proof.id.title"), body, f.button("cancel", "atm.cancel", false, f.takeCard), f.button("next", "nav.next", true, f.submitID))
	case StepAnswer:
		body := container.NewVBox(f.text(f.t("atm.answer."+f.answer)), f.takeCardLine())
		return proof.Frame(lang, f.t("atm.answer.title"), body, nil, f.button("finish", "atm.finish", true, f.takeCard))
	case StepConfirm:
		name := f.lookup.MaskedName.AR
		if lang == i18n.EN {
			name = f.lookup.MaskedName.EN
		}
		body := container.NewVBox(f.text(f.t("atm.confirm.body")))
		if name != "" {
			who := rtl.NewHeading(lang, name)
			who.Alignment = fyne.TextAlignCenter
			body.Add(who)
		}
		return proof.Frame(lang, f.t("atm.confirm.title"), body, f.button("cancel", "atm.cancel", false, f.takeCard), f.button("next", "atm.confirm.yes", true, f.queue))
	case StepResult:
		ref := rtl.NewHeading(lang, "\u200e"+f.ref+"\u200e")
		ref.Alignment = fyne.TextAlignCenter
		body := container.NewVBox(f.text(f.t("atm.result."+f.outcome+".body")), f.text(f.t("atm.done.ref")), ref, f.takeCardLine())
		return proof.Frame(lang, f.t("atm.result."+f.outcome+".title"), body, nil, f.button("finish", "atm.finish", true, f.takeCard))
	case StepRefused:
		return proof.Frame(lang, f.t("atm.refused.title"), container.NewVBox(f.text(f.t("atm.refused.body")), f.takeCardLine()), nil, f.button("finish", "atm.finish", true, f.takeCard))
	}
	insert := rtl.NewHeading(lang, f.t("atm.card.insert"))
	insert.Alignment, insert.Wrap = fyne.TextAlignCenter, true
	body := container.NewVBox(insert, f.text(f.t("atm.card.why")))
	if f.cardErr != "" {
		e := f.text("⚠ " + f.t(f.cardErr))
		e.Bold, e.ColorName = true, fynetheme.ColorNameError
		body.Add(e)
	}
	return proof.Frame(lang, f.t("atm.title"), body, f.button("cancel", "atm.cancel", false, func() { f.h.Home() }), nil)
}

// takeCard ends the session: the person is reminded to take the card.
func (f *Flow) takeCard() { f.h.Home() }

func (f *Flow) takeCardLine() fyne.CanvasObject {
	l := rtl.NewHeading(f.lang(), f.t("atm.take_card"))
	l.Alignment = fyne.TextAlignCenter
	return l
}

func (f *Flow) button(name, key string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(f.lang(), f.t(key), func() { f.h.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	f.buttons[name] = b
	return b
}

func (f *Flow) text(s string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), s)
	l.Wrap = true
	return l
}
