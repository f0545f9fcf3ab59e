package myid

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// Step is a screen of the flow.
type Step int

// Steps.
const (
	StepNeedsNetwork Step = iota // central cannot be reached: the service needs it
	StepProve                    // the Prover's screens
	StepWait                     // the first credential is being fetched
	StepCard                     // the card with the renewing QR
	StepNoAccount                // no activated account: nothing to show
	StepFailed                   // central refused the first credential
	StepEnded                    // central stopped renewing (the proof has expired)
)

func (s Step) String() string {
	return [...]string{"needs_network", "prove", "wait", "card", "no_account", "failed", "ended"}[s]
}

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Post runs f on the Fyne goroutine; nil means fyne.Do.
	Post func(func())
	// Timeout bounds the first fetch and the copy's; zero means 20 s.
	Timeout time.Duration
	// Renewal tunes the Keeper (RenewBefore, RetryEvery, Timeout); its Fetch,
	// OnStatus and Post are the flow's own.
	Renewal renew.Options
	// Loc is the zone the printed copy's dates are written in; nil means Local.
	Loc *time.Location
}

// Flow is "Show my digital ID" as the shell sees it.
type Flow struct {
	opts Options

	h      shell.Host
	step   Step
	gen    int                // bumped by Start and Wipe: answers of an ended session are dropped
	prover proof.First[Proof] // the Prover's stage
	proof  Proof
	keeper *renew.Keeper
	status renew.Status

	printing bool
	printMsg string // the line under the card about the copy; "" for none
	printBad bool   // printMsg says something went wrong

	// The card screen's widgets, updated in place at every tick so that the QR
	// never flickers and the screen is not rebuilt each second.
	qr       *canvas.Image
	qrText   string
	left     *rtl.Label
	note     *rtl.Label
	printOut *rtl.Label
	// expiredBox takes the QR's place once it has expired; expired is its text.
	expired    *rtl.Label
	expiredBox *fyne.Container
	buttons    map[string]*rtl.Button
	// qrSaid is the QR area's state last said (announceQR); "" before the
	// card is first drawn.
	qrSaid string
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
	shell.Servicer
	shell.Enabler
} = (*Flow)(nil)

// New returns the flow.
func New(o Options) *Flow {
	if o.Go == nil {
		o.Go = func(f func()) { go f() }
	}
	if o.Post == nil {
		o.Post = fyne.Do
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Deps.Online == nil {
		o.Deps.Online = func() bool { return false }
	}
	if o.Loc == nil {
		o.Loc = time.Local
	}
	return &Flow{opts: o}
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "myid" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "myid.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.AccountIcon() }

// Service implements shell.Servicer.
func (f *Flow) Service() string { return wire.ServiceDigitalID }

// Enabled implements shell.Enabler: the tile shows only when the flow can prove
// the person and ask central.
func (f *Flow) Enabled() bool { return f.opts.Deps.Live != nil && f.opts.Deps.Prove != nil }

// Start implements shell.Flow: offline it says so at once; online the Prover
// asks the person to prove who they are.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.h = h
	if !f.opts.Deps.Online() || !f.Enabled() {
		f.step = StepNeedsNetwork
		return f.screen()
	}
	f.step = StepProve
	return f.prover.Begin(h, func(proven func(shell.Host, Proof), cancel func(shell.Host)) proof.Stage {
		return f.opts.Deps.Prove(proven, cancel)
	}, f.Proven, nil)
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.h = h
	if obj, ok := f.prover.Rebuild(h); ok {
		return obj
	}
	return f.screen()
}

// Wipe implements shell.Wiper: the renewal stops, and the credential, its image
// and the proof token are forgotten.
func (f *Flow) Wipe() {
	f.gen++
	if f.keeper != nil {
		f.keeper.Stop()
		f.keeper = nil
	}
	f.prover.Wipe()
	if f.qr != nil {
		f.qr.Image = nil
	}
	f.step, f.proof, f.status = StepNeedsNetwork, Proof{}, renew.Status{}
	f.printing, f.printMsg, f.printBad = false, "", false
	f.qr, f.qrText, f.left, f.note, f.printOut, f.buttons = nil, "", nil, nil, nil, nil
	f.expired, f.expiredBox, f.qrSaid = nil, nil, ""
}

// Proven goes on from a proven person: the Prover's onProven, and the test seam
// that starts the flow from a given proof. Call it on the Fyne goroutine.
func (f *Flow) Proven(h shell.Host, p Proof) {
	// The Prover is done; it is wiped with the flow (Wipe), not here, since it
	// is still finishing the call that brought us here.
	f.h = h
	f.proof, f.step = p, StepWait
	f.show()
	gen := f.gen
	f.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout)
		d, err := f.fetch(ctx, p, false)
		cancel()
		f.opts.Post(func() {
			if f.gen == gen {
				f.first(d, err)
			}
		})
	})
}

// FillFromDocument passes a card or passport read by the document reader to the
// Prover while it asks for the ID. Call it on the Fyne goroutine.
func (f *Flow) FillFromDocument(d mrz.Document) { f.prover.FillFromDocument(d) }

// CardInserted passes a bank card swipe to the Prover (mode "atm"). Call it on
// the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) { f.prover.CardInserted(c, err) }

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Status is what the card screen shows now.
func (f *Flow) Status() renew.Status { return f.status }

// Button returns a button of the current screen by name ("done", "print",
// "again"), for tests.
func (f *Flow) Button(name string) (*rtl.Button, bool) {
	b, ok := f.buttons[name]
	return b, ok
}

// fetch asks central for a credential for the person p proves. It runs off the
// Fyne goroutine, so it takes the proof as a copy, not from f.
func (f *Flow) fetch(ctx context.Context, p Proof, isCopy bool) (wire.DigitalID, error) {
	if !p.Expires.IsZero() && !time.Now().Before(p.Expires) {
		// Central would refuse the token; say so without asking.
		return wire.DigitalID{}, fmt.Errorf("myid: the proof expired at %s: %w", p.Expires.Format(time.RFC3339), renew.ErrRefused)
	}
	d, err := f.opts.Deps.Live.IssueDigitalID(ctx, wire.DigitalIDRequest{
		IDNumber: p.IDNumber, ProofToken: p.Token, Copy: isCopy})
	if err != nil {
		op := "renew"
		if isCopy {
			op = "copy"
		}
		return wire.DigitalID{}, renew.Classify(op, err)
	}
	return d, nil
}

// first shows the first credential and starts renewing it, or says why not.
func (f *Flow) first(d wire.DigitalID, err error) {
	switch {
	case errors.Is(err, renew.ErrNoAccount):
		f.step = StepNoAccount
	case errors.Is(err, renew.ErrRefused):
		f.step = StepFailed
	case err != nil:
		f.step = StepNeedsNetwork
	default:
		f.step, f.status = StepCard, renew.Status{ID: d, Left: time.Until(d.ExpiresAt).Truncate(time.Second)}
		gen := f.gen
		ko := f.opts.Renewal
		ko.Post = f.opts.Post
		p := f.proof // the keeper's goroutine renews with its own copy
		ko.Fetch = func(ctx context.Context) (wire.DigitalID, error) { return f.fetch(ctx, p, false) }
		ko.OnStatus = func(st renew.Status) {
			if f.gen == gen {
				f.onStatus(st)
			}
		}
		f.keeper = renew.Start(d, ko)
	}
	if f.step != StepCard {
		f.proof = Proof{}
	}
	f.show()
}

// onStatus draws a keeper's tick.
func (f *Flow) onStatus(st renew.Status) {
	if f.step != StepCard {
		return
	}
	f.status = st
	if st.Ended {
		f.keeper.Stop()
		f.keeper, f.proof, f.status, f.step = nil, Proof{}, renew.Status{}, StepEnded
		f.show()
		return
	}
	f.update()
}

// printCopy fetches a copy credential and prints it, saying how it went under
// the card.
func (f *Flow) printCopy() {
	if f.printing || f.opts.Deps.Printer == nil {
		return
	}
	f.h.Touch()
	f.printing, f.printMsg, f.printBad = true, i18n.T(f.lang(), "myid.print.busy"), false
	f.update()
	shell.Echo(f.h, speech.Say("speech.myid.print.busy"))
	gen, p, lang := f.gen, f.proof, f.lang()
	f.opts.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), f.opts.Timeout)
		defer cancel()
		d, err := f.fetch(ctx, p, true)
		key, msg, bad := "", "", true
		switch {
		case errors.Is(err, renew.ErrUnreachable):
			key = "myid.print.no_copy"
		case err != nil:
			key = "myid.failed.body"
		default:
			if err := f.opts.Deps.Printer.Print(ctx, CopyReceipt(d, lang, f.opts.Loc)); err != nil {
				key = "myid.print.failed"
			} else {
				key, msg, bad = "myid.print.done", i18n.Tf(lang, "myid.print.done", dayOf(d.ExpiresAt, lang, f.opts.Loc)), false
			}
		}
		if msg == "" {
			msg = i18n.T(lang, key)
		}
		f.opts.Post(func() {
			if f.gen != gen {
				return
			}
			f.printing, f.printMsg, f.printBad = false, msg, bad
			f.update()
			shell.Speak(f.h, speech.Say(printKeys[key], f.cardAction()))
		})
	})
}

func (f *Flow) lang() i18n.Lang { return f.h.Lang() }

func (f *Flow) show() {
	obj := f.screen()
	f.h.Show(obj)
	obj.Refresh()
}
