package dependents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Step is a screen of the service.
type Step int

// Steps, in the order a person meets them.
const (
	StepProve    Step = iota // the prover's screens
	StepList                 // the current dependents, or why they cannot be shown
	StepType                 // the dependent's type of ID
	StepNumber               // the dependent's ID number
	StepBirth                // the dependent's date of birth
	StepRelation             // how the dependent is related to the applicant
	StepReview               // everything once more before it is sent
	StepDone                 // queued: reference, QR, what happens next
	StepRefused              // the kiosk cannot take requests now
)

func (s Step) String() string {
	return [...]string{"prove", "list", "type", "number", "birth", "relation", "review", "done", "refused"}[s]
}

// Why the list of dependents is not shown (Flow.ListNote).
const (
	ListOffline     = "offline"     // the person was proven without the network
	ListUnreachable = "unreachable" // central did not answer the list call
)

// IDTypes are the kinds of ID a dependent may have, in the order offered.
func IDTypes() []identity.IDType {
	return []identity.IDType{identity.NationalID, identity.Iqama, identity.BorderNumber}
}

// Result is the queued request.
type Result struct {
	Ref string
	// Live is true when the request carries a proof token: the person has an
	// account whose mobile central tells the outcome to.
	Live     bool
	Receipt  receipt.Receipt
	PrintErr error
}

// Flow is the Dependents service as the shell sees it. Its session skeleton
// (the host, "please wait" runs, the named buttons) is kiosk/proof's.
type Flow struct {
	proof.Session
	opts Options

	step     Step
	prover   proof.First[Proven] // the prover's stage
	proven   *Proven
	list     []wire.DependentInfo
	listNote string
	idType   identity.IDType
	number   string
	id       identity.ID
	dob      identity.Date
	relation string
	err      error // the current step's message (an identity.Error)
	result   *Result
	refused  error

	fields map[string]*keyboard.Field
}

var _ interface {
	shell.Flow
	shell.Servicer
	shell.Rebuilder
	shell.Wiper
} = (*Flow)(nil)

// New returns the Dependents service.
func New(opts Options) *Flow {
	d := &opts.Deps
	proof.Defaults(&opts.Go, &opts.Timeout, &d.Now, &d.Online)
	if opts.ReceiptWidth == 0 {
		opts.ReceiptWidth = 576
	}
	f := &Flow{opts: opts}
	f.Session = proof.Session{Go: opts.Go, Timeout: opts.Timeout, WaitKey: "dependents.wait", Redraw: f.show}
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "dependents" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "dependents.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.AccountIcon() }

// Service implements shell.Servicer.
func (f *Flow) Service() string { return wire.ServiceDependents }

// Start implements shell.Flow: the prover's first screen.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.H = h
	if err := f.opts.Deps.Queue.Frozen(); err != nil {
		f.refused, f.step = err, StepRefused
		return f.screen()
	}
	return f.prover.Begin(h, func(proven func(shell.Host, Proven), cancel func(shell.Host)) proof.Stage {
		return f.opts.Deps.Prover(proven, cancel)
	}, func(h shell.Host, p Proven) {
		f.H = h
		f.proved(p)
	}, func(p Proven) { p.Wipe() })
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.H = h
	if obj, ok := f.prover.Rebuild(h); ok {
		return obj
	}
	return f.screen()
}

// Wipe implements shell.Wiper: the proof, the dependent's details and the
// receipt are forgotten.
func (f *Flow) Wipe() {
	f.Forget()
	f.prover.Wipe()
	if f.proven != nil {
		f.proven.Wipe()
	}
	if f.result != nil {
		f.result.Receipt = receipt.Receipt{}
	}
	for _, fl := range f.fields {
		fl.SetText("")
	}
	f.step, f.proven, f.list, f.listNote = StepProve, nil, nil, ""
	f.idType, f.number, f.id, f.dob, f.relation, f.err = 0, "", identity.ID{}, identity.Date{}, "", nil
	f.result, f.refused, f.fields = nil, nil, nil
}

// FillFromDocument passes a card or passport read to the prover while it proves
// the person; elsewhere it is ignored. Call it on the Fyne goroutine.
func (f *Flow) FillFromDocument(d mrz.Document) { f.prover.FillFromDocument(d) }

// CardInserted passes a bank card read (at an ATM) to the prover while it proves
// the person; elsewhere it is ignored. Call it on the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) { f.prover.CardInserted(c, err) }

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Dependents is the list shown on StepList (nil when not listed).
func (f *Flow) Dependents() []wire.DependentInfo { return f.list }

// ListNote is why the list is not shown: ListOffline, ListUnreachable or "".
func (f *Flow) ListNote() string { return f.listNote }

// Error is the message next to the current step's field, "" for none.
func (f *Flow) Error() string {
	if f.err == nil || f.H == nil {
		return ""
	}
	var ie identity.Error
	if errors.As(f.err, &ie) {
		return ie.Message(string(f.Lang()))
	}
	return f.T("identity.err.invalid")
}

// Result is the queued request once StepDone is reached.
func (f *Flow) Result() (Result, bool) {
	if f.result == nil {
		return Result{}, false
	}
	return *f.result, true
}

// Field returns a field of the current screen by name ("number", "day", "year").
func (f *Flow) Field(name string) (*keyboard.Field, bool) {
	fl, ok := f.fields[name]
	return fl, ok
}

// show draws the current step; the number's keypad comes up with its screen.
func (f *Flow) show() {
	obj := f.screen()
	var focus fyne.Focusable
	if fl := f.fields["number"]; f.step == StepNumber && fl != nil {
		focus = fl
	}
	f.Present(obj, focus)
}

// to moves to step, clearing the message of the one left.
func (f *Flow) to(s Step) {
	f.H.Touch()
	f.step, f.err = s, nil
	f.show()
}

// proved takes the proven person to the list: asked of central when they were
// proven live and it is reachable, else the reason it cannot be shown.
func (f *Flow) proved(p Proven) {
	f.proven, f.step = &p, StepList
	d := f.opts.Deps
	if p.Token == "" {
		f.listNote = ListOffline
		f.show()
		return
	}
	if d.Live == nil || !d.Online() {
		f.listNote = ListUnreachable
		f.show()
		return
	}
	token := p.Token
	f.Run(0, func(ctx context.Context) func() {
		res, err := d.Live.Dependents(ctx, wire.DependentsRequest{ProofToken: token})
		return func() {
			if err != nil {
				f.listNote = ListUnreachable
				return
			}
			f.list, f.listNote = res.Dependents, ""
			if f.list == nil {
				f.list = []wire.DependentInfo{}
			}
		}
	})
}

// chooseType takes the dependent's type of ID; a number typed for another type
// is kept for the person to correct, and a date already picked in a calendar
// the new type does not allow is converted to its default one.
func (f *Flow) chooseType(k identity.IDType) {
	f.idType = k
	if it := k.IdentityType(); !it.AllowsCalendar(f.dob.Calendar) {
		f.dob = convert(f.dob, it.Calendars()[0])
	}
	f.to(StepNumber)
}

// convert is d in c, or an empty date in c when d is not a whole date.
func convert(d identity.Date, c identity.Calendar) identity.Date {
	if conv, err := d.In(c); err == nil {
		return conv
	}
	return identity.Date{Calendar: c}
}

// submitNumber checks the number by the identity rules of its type, and that it
// is not the applicant's own.
func (f *Flow) submitNumber() {
	f.H.Touch()
	if fl := f.fields["number"]; fl != nil {
		f.number = fl.Text
	}
	id, err := f.opts.Deps.IDRules.ParseID(f.idType, f.number, "")
	if err == nil {
		err = identity.CheckDependentID(f.proven.ID.Number, id.Number)
	}
	if err != nil {
		f.err = err
		f.show()
		return
	}
	f.id = id
	f.to(StepBirth)
}

// submitBirth checks the date of birth by the rules of the dependent's type.
func (f *Flow) submitBirth() {
	f.H.Touch()
	if f.dob.Year == 0 && f.dob.Month == 0 && f.dob.Day == 0 {
		f.err = identity.Error{Code: identity.CodeDateRequired, Field: identity.FieldDateOfBirth}
		f.show()
		return
	}
	if err := identity.CheckDateOfBirth(f.idType.IdentityType(), f.dob, f.opts.Deps.Now(), 0); err != nil {
		f.err = err
		f.show()
		return
	}
	f.to(StepRelation)
}

// chooseRelation checks the relation with what the kiosk knows (the applicant's
// date of birth it does not: central compares the two).
func (f *Flow) chooseRelation(rel string) {
	f.H.Touch()
	err := identity.CheckRelation(rel, identity.Kin{IDType: f.proven.ID.Type},
		identity.Kin{IDType: f.id.Type, Birth: f.dob}, f.opts.Deps.Now())
	if err != nil {
		f.relation, f.err = "", err
		f.show()
		return
	}
	f.relation = rel
	f.to(StepReview)
}

// Meta keys of the queued record (plain metadata: nothing personal).
const (
	MetaLanguage = "language" // the screen language
	MetaProof    = "proof"    // how the applicant was proven: "token", or the offline method
)

// payload is the sealed request, with the one proof it carries: central's token
// when proven live and the token has not expired (central takes no request made
// after that), else the template or the card number.
func (f *Flow) payload() (wire.Dependent, string) {
	p := f.proven
	d := wire.Dependent{IDNumber: p.ID.Number, DependentIDNumber: f.id.Number, DependentIDType: f.id.Type.Code(),
		Relationship: f.relation, DependentBirthDate: wireDate(f.dob)}
	now := time.Now()
	if f.opts.Deps.Now != nil {
		now = f.opts.Deps.Now()
	}
	valid := p.Token != "" && (p.Expires.IsZero() || now.Before(p.Expires))
	switch {
	case valid, p.Token != "" && len(p.Template) == 0 && p.CardPAN == "":
		d.ProofToken = p.Token
		return d, "token"
	case len(p.Template) > 0:
		d.FingerprintTemplate = p.Template
		return d, wire.MethodFingerprint
	default:
		d.CardPAN = p.CardPAN
		return d, wire.MethodBankCard
	}
}

// submit queues the sealed request, then prints the receipt. The proof is wiped
// once it is in the sealed payload.
func (f *Flow) submit() {
	f.H.Touch()
	d := f.opts.Deps
	dep, how := f.payload()
	live := dep.ProofToken != ""
	lang := string(f.Lang())
	masked, rel := identity.Mask(f.id.Number), f.relation
	f.Run(0, func(ctx context.Context) func() {
		b, err := json.Marshal(dep)
		if err != nil {
			return func() { f.refused, f.step = err, StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindDependent, Payload: b,
			Meta: map[string]string{MetaLanguage: lang, MetaProof: how}})
		clear(b)
		if err != nil {
			return func() { f.refused, f.step = fmt.Errorf("dependents: queue: %w", err), StepRefused }
		}
		res := &Result{Ref: rec.Ref, Live: live}
		res.Receipt = Receipt(res.Ref, rel, masked, live, d.KioskID, lang, d.Now())
		if err := d.Printer.Print(ctx, res.Receipt); err != nil {
			res.PrintErr = fmt.Errorf("dependents: print receipt %s: %w", res.Ref, err)
		}
		return func() {
			f.result, f.step = res, StepDone
			// Queued and sealed: what identifies anyone is no longer needed here.
			f.proven.Wipe()
			f.number, f.id, f.dob = "", identity.ID{}, identity.Date{}
		}
	})
}

func wireDate(d identity.Date) wire.Date {
	cal := wire.CalendarGregorian
	if d.Calendar == identity.Hijri {
		cal = wire.CalendarHijri
	}
	return wire.Date{Calendar: cal, Year: d.Year, Month: d.Month, Day: d.Day}
}
