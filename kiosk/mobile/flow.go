package mobile

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Step is a screen of the change.
type Step int

// Steps.
const (
	StepChoose       Step = iota // old SIM at hand, or lost
	StepID                       // who are you (old SIM at hand)
	StepProve                    // the shared prover's screens (old SIM lost)
	StepNeedsNetwork             // central cannot be reached: the service needs it
	StepAnswer                   // central's answer ends the change here
	StepOldCode                  // the code sent to the number on record
	StepNewNumber                // the new number with its country code
	StepNewCode                  // the code sent to the new number
	StepDone                     // queued
	StepRefused                  // the kiosk cannot take requests now
	StepExpired                  // the proof lapsed before the change was queued
)

// Steps lists every step, for tests that visit them all.
var Steps = []Step{StepChoose, StepID, StepProve, StepNeedsNetwork, StepAnswer, StepOldCode, StepNewNumber,
	StepNewCode, StepDone, StepRefused, StepExpired}

func (s Step) String() string {
	return [...]string{"choose", "id", "prove", "needs_network", "answer", "old_code", "new_number", "new_code",
		"done", "refused", "expired"}[s]
}

// Answers of central's ID lookup that end the change.
const (
	AnswerNotInRegistry = "not_in_registry"
	AnswerNoAccount     = "no_account"
)

// Options configure the flow.
type Options struct {
	Deps Deps
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call; zero means 20 s.
	Timeout time.Duration
}

// Result is the queued change.
type Result struct {
	Ref string
	// Card is true when the bank card was the proof (the card is to be taken).
	Card     bool
	Receipt  receipt.Receipt
	PrintErr error
}

// fieldErr is the message under a field: an identity rule's code, or a text
// key (with its number, for keys that take one). Its prompt is
// "speech.err.<code>", or "speech." and the key.
type fieldErr struct {
	code identity.Code
	key  string
	arg  int
	has  bool // arg is used
}

func (e fieldErr) text(l i18n.Lang) string {
	switch {
	case e.code != "":
		return e.code.Message(string(l))
	case e.has:
		return i18n.Tf(l, e.key, e.arg)
	}
	return i18n.T(l, e.key)
}

// Flow is the change of mobile number as the shell sees it. Its methods run on
// the Fyne goroutine.
type Flow struct {
	proof.Session
	opts Options

	step   Step
	form   proof.IDForm
	idErr  string // the prompt of the ID form's error, "" for none
	id     identity.ID
	answer string

	// Proof of the person: the verified code to the old number, or central's
	// proof token of the person the prover proved.
	oldChallenge string
	oldMasked    string
	prover       Prover
	token        string
	tokenExp     time.Time
	card         bool // the token was given for the bank card

	cc, number   string // the new number as typed
	newMobile    string // E.164 once checked
	newChallenge string
	code         string
	// errs maps a field ("code", "number") to its message.
	errs   map[string]fieldErr
	errGen int // changes with each message shown, so that it is said again
	result *Result

	fields map[string]*keyboard.Field
	// showing is set while a screen is being shown: a field it focuses keeps
	// quiet, the screen's prompt says what to type.
	showing bool
	saidID  string
	typed   map[string]string
}

var _ interface {
	shell.Flow
	shell.Rebuilder
	shell.Wiper
} = (*Flow)(nil)

// New returns the flow.
func New(opts Options) *Flow {
	proof.Defaults(&opts.Go, &opts.Timeout, &opts.Deps.Now, &opts.Deps.Online)
	f := &Flow{opts: opts}
	f.Session = proof.Session{Go: opts.Go, Timeout: opts.Timeout, WaitKey: "mobile.wait", Redraw: f.show}
	f.Wipe()
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "mobile" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "mobile.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.MailComposeIcon() }

// Start implements shell.Flow: the service needs central, so without it that
// is said at once, before anything is asked.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.H = h
	// An ATM has no document reader: the form does not offer it.
	f.form.Rules, f.form.NoReader = f.opts.Deps.IDRules, f.opts.Deps.CardProof
	switch {
	case f.opts.Deps.Queue.Frozen() != nil:
		f.step = StepRefused
	case !f.online():
		f.step = StepNeedsNetwork
	}
	obj := f.screen()
	// A wrapped text knows its height only once it has a width: shown and laid
	// out once more (as Present does for every later screen), the first
	// screen's text does not run under the buttons below it.
	f.H.Show(obj)
	obj.Refresh()
	f.announce()
	return obj
}

// Rebuild implements shell.Rebuilder: the screen in the new language, said
// again in it.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.H = h
	if f.step == StepProve && f.prover != nil {
		return f.prover.Rebuild(h)
	}
	obj := f.screen()
	f.saidID = ""
	f.announce()
	return obj
}

// Wipe implements shell.Wiper: the numbers, codes and proof are forgotten; a
// call still running is dropped when it returns.
func (f *Flow) Wipe() {
	f.Forget()
	if f.prover != nil {
		f.prover.Wipe()
	}
	f.form.Wipe()
	f.step, f.id, f.answer, f.idErr = StepChoose, identity.ID{}, "", ""
	f.oldChallenge, f.oldMasked, f.prover, f.token, f.tokenExp, f.card = "", "", nil, "", time.Time{}, false
	f.cc, f.number, f.newMobile, f.newChallenge, f.code = identity.SaudiCallingCode, "", "", "", ""
	f.errs, f.result, f.fields, f.saidID, f.typed = map[string]fieldErr{}, nil, nil, "", nil
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Answer is central's answer on StepAnswer.
func (f *Flow) Answer() string { return f.answer }

// Form is the ID form of StepID.
func (f *Flow) Form() *proof.IDForm { return &f.form }

// Prover is the prover of StepProve, nil before the lost SIM was chosen.
func (f *Flow) Prover() Prover { return f.prover }

// Field returns an input of the current screen by name ("code", "cc",
// "number"), for tests.
func (f *Flow) Field(name string) (*keyboard.Field, bool) {
	e, ok := f.fields[name]
	return e, ok
}

// Error is the message under field in the session's language, "" for none.
func (f *Flow) Error(field string) string {
	e, ok := f.errs[field]
	if !ok {
		return ""
	}
	return e.text(f.Lang())
}

// Result is the queued change once StepDone is reached.
func (f *Flow) Result() (Result, bool) {
	if f.result == nil {
		return Result{}, false
	}
	return *f.result, true
}

// WantsCard implements shell.CardWanter: a card read on the ATM home waits
// for the prover's card screen (the old SIM lost).
func (f *Flow) WantsCard() bool {
	p, ok := f.prover.(interface{ WantsCard() bool })
	return ok && f.step == StepProve && p.WantsCard()
}

// CardInserted passes a swipe from the card reader to the prover while it
// asks for the bank card (Deps.CardProof). Call it on the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) {
	if p, ok := f.prover.(interface {
		CardInserted(*magstripe.Card, error)
	}); ok && f.step == StepProve {
		p.CardInserted(c, err)
	}
}

// FillFromDocument takes the ID from a read card or passport on the ID screen,
// or passes it to the prover while it asks who the person is.
func (f *Flow) FillFromDocument(d mrz.Document) {
	if p, ok := f.prover.(interface{ FillFromDocument(mrz.Document) }); ok && f.step == StepProve {
		p.FillFromDocument(d)
		return
	}
	if f.H == nil || f.step != StepID || f.Busy() {
		return
	}
	if _, ok := f.form.FillFromDocument(d); !ok {
		f.idErr = "speech.err.document_unusable"
		f.errGen++
		f.show()
		return
	}
	f.submitID()
}

func (f *Flow) show() {
	if f.H == nil || f.step == StepProve {
		return
	}
	f.showing = true
	defer func() { f.showing = false }()
	obj := f.screen()
	var first *keyboard.Field
	switch f.step {
	case StepID:
		first = f.form.Field()
	case StepOldCode, StepNewCode:
		first = f.fields["code"]
	case StepNewNumber:
		first = f.fields["number"]
	}
	var focus fyne.Focusable
	if first != nil {
		focus = first
	}
	f.Present(obj, focus)
	f.announce()
}

func (f *Flow) online() bool { return f.opts.Deps.Live != nil && f.opts.Deps.Online() }

// unreachable ends the session on the "needs the network" screen when err says
// central could not be asked; it reports whether it did.
func (f *Flow) unreachable(err error) bool {
	if err == nil || !errors.Is(err, proof.ErrUnreachable) {
		return false
	}
	f.step = StepNeedsNetwork
	return true
}

// setErr puts a message under field.
func (f *Flow) setErr(field string, e fieldErr) {
	f.errs[field] = e
	f.errGen++
}

func (f *Flow) clearErrs() { f.errs = map[string]fieldErr{} }

// haveSIM starts the case of the old SIM at hand: who are you.
func (f *Flow) haveSIM() {
	f.step, f.idErr = StepID, ""
	f.show()
}

// lostSIM starts the shared prover: the fingerprint at a kiosk, the bank card
// at an ATM.
func (f *Flow) lostSIM() {
	gen := f.Gen()
	f.prover = f.opts.Deps.Prove(func(h shell.Host, p proof.Proven) {
		if f.Gen() != gen {
			p.Wipe()
			return
		}
		f.H = h
		f.proved(p)
	}, func(h shell.Host) { h.Home() })
	f.step = StepProve
	obj := f.prover.Start(f.H)
	f.H.Show(obj)
	// The prover asks the ID at once (NoCode): its keyboard comes up with it,
	// as on every screen with a field to type in.
	if p, ok := f.prover.(interface{ Form() *proof.IDForm }); ok && p.Form().Field() != nil {
		if c := f.H.Window().Canvas(); c != nil {
			c.Focus(p.Form().Field())
		}
	}
}

// proved keeps what the change needs of the proof — who, and central's token
// — and forgets the template or card number at once: the token alone
// authorises the change at central.
func (f *Flow) proved(p proof.Proven) {
	f.id, f.token, f.tokenExp, f.card = p.ID, p.Token, p.Expires, p.Method == wire.MethodBankCard
	p.Wipe()
	// The prover is wiped with the session, not here: it is still returning
	// from the call that handed p over.
	f.toNewNumber()
}

func (f *Flow) submitID() {
	f.H.Touch()
	id, ok := f.form.Submit()
	if !ok {
		f.idErr = "speech.err.invalid"
		var ie identity.Error
		if _, err := proof.ParseTyped(f.form.Field().Text, f.opts.Deps.IDRules); errors.As(err, &ie) {
			f.idErr = "speech.err." + string(ie.Code)
		}
		f.errGen++
		f.show()
		return
	}
	f.id, f.idErr = id, ""
	if !f.online() {
		f.step = StepNeedsNetwork
		f.show()
		return
	}
	live, lang := f.opts.Deps.Live, string(f.Lang())
	f.Run(0, func(ctx context.Context) func() {
		res, err := live.CheckID(ctx, wire.IDLookupRequest{IDNumber: id.Number})
		switch {
		case err != nil:
			return func() { f.step = StepNeedsNetwork }
		case !res.InRegistry:
			return func() { f.answer, f.step = AnswerNotInRegistry, StepAnswer }
		case !res.HasAccount:
			return func() { f.answer, f.step = AnswerNoAccount, StepAnswer }
		}
		sent, err := live.SendOTPRegistered(ctx, wire.OTPSendRegisteredRequest{IDNumber: id.Number, Purpose: wire.PurposeMobileChange, Language: lang})
		return func() { f.oldSent(sent, err) }
	})
}

// sendOld asks central to send a new code to the number on record.
func (f *Flow) sendOld() {
	f.H.Touch()
	live, id, lang := f.opts.Deps.Live, f.id.Number, string(f.Lang())
	f.Run(0, func(ctx context.Context) func() {
		res, err := live.SendOTPRegistered(ctx, wire.OTPSendRegisteredRequest{IDNumber: id, Purpose: wire.PurposeMobileChange, Language: lang})
		return func() { f.oldSent(res, err) }
	})
}

// oldSent shows the code screen of the number on record once central sent
// (or refused to send) a code to it.
func (f *Flow) oldSent(res wire.OTPSendRegisteredResponse, err error) {
	f.code = ""
	f.clearErrs()
	switch {
	case f.unreachable(err):
	case err != nil:
		f.setErr("code", fieldErr{key: codeErrKey(err)})
		f.step = StepOldCode
	default:
		f.oldChallenge, f.oldMasked, f.step = res.ChallengeID, res.MaskedMobile, StepOldCode
	}
}

// codeErrKey explains a refusal to send a code.
func codeErrKey(err error) string {
	if errors.Is(err, ErrRateLimited) {
		return "mobile.code.rate_limited"
	}
	return "mobile.code.not_sent"
}

// ErrRateLimited is wrapped by Live's send errors when central refuses another
// code for the number for now (429).
var ErrRateLimited = errors.New("mobile: too many codes for this number")

// verify checks the code typed for challenge; ok runs when it is right.
func (f *Flow) verify(challenge string, ok func()) {
	f.H.Touch()
	code := strings.TrimSpace(identity.NormalizeDigits(f.fields["code"].Text))
	f.clearErrs()
	if len(code) != wire.OTPDigits {
		f.setErr("code", fieldErr{key: "mobile.code.digits", arg: wire.OTPDigits, has: true})
		f.show()
		return
	}
	live := f.opts.Deps.Live
	f.Run(0, func(ctx context.Context) func() {
		res, err := live.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: challenge, Code: code})
		return func() {
			switch {
			case f.unreachable(err):
			case err != nil:
				f.setErr("code", fieldErr{key: "mobile.code.not_sent"})
			case res.Verified:
				ok()
			case res.Result == wire.OTPWrong:
				f.setErr("code", fieldErr{key: "mobile.code.wrong", arg: res.TriesLeft, has: true})
			default: // expired, exhausted, unknown: a new code is needed
				f.setErr("code", fieldErr{key: "mobile.code.expired"})
			}
		}
	})
}

func (f *Flow) toNewNumber() {
	f.step = StepNewNumber
	f.clearErrs()
	f.show()
}

// parseNew checks the new number with its country code.
func (f *Flow) parseNew() (identity.Mobile, error) {
	cc := strings.TrimLeft(strings.TrimSpace(identity.NormalizeDigits(f.cc)), "+0")
	num := strings.TrimSpace(identity.NormalizeDigits(f.number))
	if cc == "" || cc == identity.SaudiCallingCode {
		return identity.ParseMobile(num)
	}
	return identity.ParseMobile("+" + cc + strings.TrimLeft(num, "0"))
}

// submitNumber checks the new number, asks central whose it is, and sends it a code.
func (f *Flow) submitNumber() {
	f.H.Touch()
	f.cc, f.number = f.fields["cc"].Text, f.fields["number"].Text
	f.clearErrs()
	m, err := f.parseNew()
	if err != nil {
		var ie identity.Error
		if errors.As(err, &ie) {
			f.setErr("number", fieldErr{code: ie.Code})
		} else {
			f.setErr("number", fieldErr{key: "mobile.number.invalid"})
		}
		f.show()
		return
	}
	live, id, lang := f.opts.Deps.Live, f.id.Number, string(f.Lang())
	e164 := m.E164()
	f.Run(0, func(ctx context.Context) func() {
		owner, err := live.CheckMobile(ctx, wire.MobileCheckRequest{Mobile: e164, IDNumber: id})
		if err != nil {
			return func() {
				if !f.unreachable(err) {
					f.setErr("number", fieldErr{key: "mobile.code.not_sent"})
				}
			}
		}
		switch owner.Owner {
		case wire.OwnerOther:
			return func() { f.setErr("number", fieldErr{key: "mobile.number.taken"}) }
		case wire.OwnerSelf:
			return func() { f.setErr("number", fieldErr{key: "mobile.number.same"}) }
		}
		res, err := live.SendOTP(ctx, wire.OTPSendRequest{Mobile: e164, Purpose: wire.PurposeMobileChange, Language: lang})
		return func() {
			switch {
			case f.unreachable(err):
			case err != nil:
				f.setErr("number", fieldErr{key: codeErrKey(err)})
			default:
				f.newMobile, f.newChallenge, f.step, f.code = e164, res.ChallengeID, StepNewCode, ""
			}
		}
	})
}

// queue stores the sealed change, then prints the receipt. A proof token
// that has lapsed would have the change declined on arrival: the person is
// told instead, before anything is queued.
func (f *Flow) queue() {
	d := f.opts.Deps
	ch := wire.MobileChange{IDNumber: f.id.Number, NewMobile: f.newMobile, NewMobileOTP: f.newChallenge}
	if f.token != "" {
		if !d.Now().Before(f.tokenExp) {
			f.step = StepExpired
			f.token = ""
			return
		}
		ch.Proof, ch.ProofToken = wire.ProofByToken, f.token
	} else {
		ch.Proof, ch.OldMobileOTP = wire.ProofOTPOld, f.oldChallenge
	}
	lang, masked, maskedID, card := string(f.Lang()), wire.MaskMobile(f.newMobile), identity.Mask(f.id.Number), f.card
	f.Run(0, func(ctx context.Context) func() {
		payload, err := json.Marshal(ch)
		if err != nil {
			return func() { f.step = StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindMobileChange, Payload: payload,
			Meta: map[string]string{"mobile": masked, "proof": ch.Proof, "language": lang}})
		clear(payload)
		if err != nil {
			return func() { f.step = StepRefused }
		}
		res := &Result{Ref: rec.Ref, Card: card}
		res.Receipt = Receipt(rec.Ref, maskedID, masked, d.KioskID, lang, d.Now())
		if err := d.Printer.Print(ctx, res.Receipt); err != nil {
			res.PrintErr = fmt.Errorf("mobile: print receipt %s: %w", rec.Ref, err)
		}
		return func() {
			f.result, f.step = res, StepDone
			f.token, f.oldChallenge, f.newChallenge, f.number = "", "", "", ""
			f.form.Wipe()
		}
	})
}

// Receipt is the receipt of a queued change.
func Receipt(ref, maskedID, maskedMobile, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("mobile.receipt.title")
	title.Bold, title.Size = true, 2
	lines := []receipt.Line{
		both("mobile.receipt.id", "\u200e"+maskedID+"\u200e"),
		both("mobile.receipt.new", "\u200e"+maskedMobile+"\u200e"),
	}
	if kioskID != "" {
		lines = append(lines, both("mobile.receipt.kiosk", kioskID))
	}
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref),
		Footer: []receipt.Line{both("mobile.done.next")}, Lang: lang, Time: at}
}
