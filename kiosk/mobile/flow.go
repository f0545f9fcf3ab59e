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
	StepID           Step = iota // who are you
	StepNeedsNetwork             // central cannot be reached: the service needs it
	StepAnswer                   // central's answer ends the change here
	StepChoose                   // old SIM at hand, or lost
	StepOldCode                  // the code sent to the number on record
	StepFinger                   // the fingerprint (old SIM lost)
	StepAlternative              // the ways that need no fingerprint
	StepLocked                   // too many failed matches for this ID
	StepNewNumber                // the new number with its country code
	StepNewCode                  // the code sent to the new number
	StepDone                     // queued
	StepRefused                  // the kiosk cannot take requests now
	StepCard                     // insert your bank card (ATM, old SIM lost)
)

func (s Step) String() string {
	return [...]string{"id", "needs_network", "answer", "choose", "old_code", "finger", "alternative", "locked",
		"new_number", "new_code", "done", "refused", "card"}[s]
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
	// FingerTimeout is how long the sensor waits for a finger; zero means 30 s.
	FingerTimeout time.Duration
}

// Result is the queued change.
type Result struct {
	Ref string
	// Card is true when the bank card was the proof (central checks it on arrival).
	Card     bool
	Receipt  receipt.Receipt
	PrintErr error
}

// Flow is the change of mobile number as the shell sees it.
type Flow struct {
	proof.Session
	opts Options
	own  proof.Lockout

	step   Step
	form   proof.IDForm
	id     identity.ID
	answer string

	// Proof of the person: the verified code to the old number, or the matched template.
	oldChallenge string
	oldMasked    string
	template     []byte
	card         *magstripe.Card
	cardErr      string // i18n key of the last bad card
	capture      *proof.Capture
	left         time.Duration

	cc, number   string // the new number as typed
	newMobile    string // E.164 once checked
	newChallenge string
	code         string
	// errs maps a field ("old_code", "number", "new_code") to its message key or text.
	errs   map[string]string
	result *Result

	fields map[string]*keyboard.Field
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
	if opts.Deps.Lockout == nil {
		f.opts.Deps.Lockout = &f.own
	}
	return f
}

// ID implements shell.Flow.
func (f *Flow) ID() string { return "mobile" }

// TitleKey implements shell.Flow.
func (f *Flow) TitleKey() string { return "mobile.title" }

// Icon implements shell.Flow.
func (f *Flow) Icon() fyne.Resource { return fynetheme.MailComposeIcon() }

// Start implements shell.Flow.
func (f *Flow) Start(h shell.Host) fyne.CanvasObject {
	f.Wipe()
	f.H = h
	f.form.Rules = f.opts.Deps.IDRules
	if err := f.opts.Deps.Queue.Frozen(); err != nil {
		f.step = StepRefused
	}
	return f.screen()
}

// Rebuild implements shell.Rebuilder.
func (f *Flow) Rebuild(h shell.Host) fyne.CanvasObject {
	f.H = h
	return f.screen()
}

// Wipe implements shell.Wiper: the numbers, codes and template are forgotten.
func (f *Flow) Wipe() {
	f.Forget()
	if f.capture != nil {
		f.capture.Stop()
	}
	f.form.Wipe()
	clear(f.template)
	f.step, f.id, f.answer = StepID, identity.ID{}, ""
	f.oldChallenge, f.oldMasked, f.template, f.capture, f.left = "", "", nil, nil, 0
	f.card, f.cardErr = nil, ""
	f.cc, f.number, f.newMobile, f.newChallenge, f.code = identity.SaudiCallingCode, "", "", "", ""
	f.errs, f.result, f.fields = map[string]string{}, nil, nil
}

// Step is the current screen.
func (f *Flow) Step() Step { return f.step }

// Answer is central's answer on StepAnswer.
func (f *Flow) Answer() string { return f.answer }

// Form is the ID form.
func (f *Flow) Form() *proof.IDForm { return &f.form }

// Capture is the fingerprint capture of StepFinger.
func (f *Flow) Capture() *proof.Capture { return f.capture }

// Field returns an input of the current screen by name, for tests.
func (f *Flow) Field(name string) (*keyboard.Field, bool) {
	e, ok := f.fields[name]
	return e, ok
}

// Error is the message under field, "" for none.
func (f *Flow) Error(field string) string { return f.errs[field] }

// Result is the queued change once StepDone is reached.
func (f *Flow) Result() (Result, bool) {
	if f.result == nil {
		return Result{}, false
	}
	return *f.result, true
}

// CardError is the i18n key of the last bad card's message, "" for none.
func (f *Flow) CardError() string { return f.cardErr }

// WantsCard implements shell.CardWanter: a card read on the ATM home waits
// for the card screen (the old SIM lost).
func (f *Flow) WantsCard() bool { return f.H != nil && f.step == StepCard && !f.Busy() }

// CardInserted takes a swipe from the card reader while the card screen is
// shown (Deps.CardProof). Call it on the Fyne goroutine.
func (f *Flow) CardInserted(c *magstripe.Card, err error) {
	if f.H == nil || f.step != StepCard || f.Busy() {
		return
	}
	f.H.Touch()
	if f.cardErr = proof.CardProblem(c, err, f.opts.Deps.Now()); f.cardErr != "" {
		f.show()
		return
	}
	f.card = c
	f.toNewNumber()
}

// lostSIM starts the proof that stands for the lost SIM: the bank card at an
// ATM, the fingerprint at a kiosk.
func (f *Flow) lostSIM() {
	if f.opts.Deps.CardProof {
		f.H.Touch()
		f.step, f.cardErr = StepCard, ""
		f.show()
		return
	}
	f.startFinger()
}

// FillFromDocument takes the ID from a read card or passport on the ID screen.
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
}

func (f *Flow) online() bool { return f.opts.Deps.Live != nil && f.opts.Deps.Online() }

// unreachable ends the session on the "needs the network" screen when err says
// central could not be asked; it reports whether it did.
func (f *Flow) unreachable(err error) bool {
	if err == nil || !errors.Is(err, proof.ErrUnreachable) {
		return false
	}
	f.stopCapture()
	f.step = StepNeedsNetwork
	return true
}

func (f *Flow) stopCapture() {
	if f.capture != nil {
		f.capture.Stop()
		f.capture = nil
	}
}

func (f *Flow) submitID() {
	f.H.Touch()
	id, ok := f.form.Submit()
	if !ok {
		f.show()
		return
	}
	f.id = id
	if !f.online() {
		f.step = StepNeedsNetwork
		f.show()
		return
	}
	live := f.opts.Deps.Live
	f.Run(0, func(ctx context.Context) func() {
		res, err := live.CheckID(ctx, wire.IDLookupRequest{IDNumber: id.Number})
		return func() {
			switch {
			case err != nil:
				f.step = StepNeedsNetwork
			case !res.InRegistry:
				f.answer, f.step = AnswerNotInRegistry, StepAnswer
			case !res.HasAccount:
				f.answer, f.step = AnswerNoAccount, StepAnswer
			default:
				f.step = StepChoose
			}
		}
	})
}

// sendOld asks central to send a code to the number on record.
func (f *Flow) sendOld() {
	f.H.Touch()
	live, id, lang := f.opts.Deps.Live, f.id.Number, string(f.Lang())
	f.Run(0, func(ctx context.Context) func() {
		res, err := live.SendOTPRegistered(ctx, wire.OTPSendRegisteredRequest{IDNumber: id, Purpose: wire.PurposeMobileChange, Language: lang})
		return func() {
			f.code, f.errs = "", map[string]string{}
			switch {
			case f.unreachable(err):
			case err != nil:
				f.errs["code"] = f.T(codeErrKey(err))
				f.step = StepOldCode
			default:
				f.oldChallenge, f.oldMasked, f.step = res.ChallengeID, res.MaskedMobile, StepOldCode
			}
		}
	})
}

// codeErrKey explains a refusal to send a code.
func codeErrKey(err error) string {
	if errors.Is(err, ErrRateLimited) {
		return "mobile.code.rate_limited"
	}
	return "mobile.code.not_sent"
}

// ErrRateLimited is wrapped by Live's send errors when central refuses another
// code for the number for now (429 rate_limited).
var ErrRateLimited = errors.New("mobile: too many codes for this number")

// verify checks the code typed for challenge; ok runs when it is right.
func (f *Flow) verify(challenge string, ok func()) {
	f.H.Touch()
	code := strings.TrimSpace(identity.NormalizeDigits(f.fields["code"].Text))
	f.errs = map[string]string{}
	if len(code) != wire.OTPDigits {
		f.errs["code"] = i18n.Tf(f.Lang(), "mobile.code.digits", wire.OTPDigits)
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
				f.errs["code"] = f.T("mobile.code.not_sent")
			case res.Verified:
				ok()
			case res.Result == wire.OTPWrong:
				f.errs["code"] = i18n.Tf(f.Lang(), "mobile.code.wrong", res.TriesLeft)
			default: // expired, exhausted, unknown: a new code is needed
				f.errs["code"] = f.T("mobile.code.expired")
			}
		}
	})
}

// startFinger asks for the fingerprint (old SIM lost).
func (f *Flow) startFinger() {
	f.H.Touch()
	d := f.opts.Deps
	id, gen := f.id.Number, f.Gen()
	if left := d.Lockout.Locked(id, d.Now()); left > 0 {
		f.step, f.left = StepLocked, left
		f.show()
		return
	}
	f.capture = proof.NewCapture(proof.CaptureOptions{
		Sensor: d.Sensor, Go: f.opts.Go, Timeout: f.opts.FingerTimeout, Touch: f.H.Touch,
		OnChange: func() {
			if f.Gen() == gen && f.step == StepFinger && !f.Busy() {
				f.show()
			}
		},
		Check: func(ctx context.Context, tmpl []byte) (bool, error) {
			return d.Lockout.Match(ctx, d.Live.MatchFingerprint, id, tmpl, d.Now())
		},
		OnAccepted: func(tmpl []byte) {
			if f.Gen() != gen {
				clear(tmpl)
				return
			}
			f.template, f.capture = tmpl, nil
			f.toNewNumber()
		},
		OnExhausted: func() {
			if f.Gen() == gen {
				f.capture, f.step = nil, StepAlternative
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
				f.capture, f.step, f.left = nil, StepLocked, le.RetryAfter
			case f.unreachable(err):
			default:
				f.capture, f.step = nil, StepAlternative
			}
			f.show()
		},
	})
	f.step = StepFinger
	f.show()
	f.capture.Start()
}

func (f *Flow) toNewNumber() {
	f.step, f.errs = StepNewNumber, map[string]string{}
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
	f.errs = map[string]string{}
	m, err := f.parseNew()
	if err != nil {
		var ie identity.Error
		if errors.As(err, &ie) {
			f.errs["number"] = ie.Code.Message(string(f.Lang()))
		} else {
			f.errs["number"] = f.T("mobile.number.invalid")
		}
		f.show()
		return
	}
	live, id, lang := f.opts.Deps.Live, f.id.Number, string(f.Lang())
	e164 := m.E164()
	f.Run(0, func(ctx context.Context) func() {
		owner, err := live.CheckMobile(ctx, wire.MobileCheckRequest{Mobile: e164, IDNumber: id})
		if err != nil {
			return func() { f.unreachable(err) }
		}
		switch owner.Owner {
		case wire.OwnerOther:
			return func() { f.errs["number"] = f.T("mobile.number.taken") }
		case wire.OwnerSelf:
			return func() { f.errs["number"] = f.T("mobile.number.same") }
		}
		res, err := live.SendOTP(ctx, wire.OTPSendRequest{Mobile: e164, Purpose: wire.PurposeMobileChange, Language: lang})
		return func() {
			switch {
			case f.unreachable(err):
			case err != nil:
				f.errs["number"] = f.T(codeErrKey(err))
			default:
				f.newMobile, f.newChallenge, f.step, f.code = e164, res.ChallengeID, StepNewCode, ""
			}
		}
	})
}

// queue stores the sealed change, then prints the receipt.
func (f *Flow) queue() {
	d := f.opts.Deps
	ch := wire.MobileChange{IDNumber: f.id.Number, NewMobile: f.newMobile, NewMobileOTP: f.newChallenge}
	switch {
	case f.card != nil:
		ch = *f.card.MobileChange(ch)
	case f.template != nil:
		ch.Proof, ch.FingerprintTemplate = wire.MethodFingerprint, f.template
	default:
		ch.Proof, ch.OldMobileOTP = wire.ProofOTPOld, f.oldChallenge
	}
	lang, masked, maskedID := string(f.Lang()), wire.MaskMobile(f.newMobile), identity.Mask(f.id.Number)
	f.Run(0, func(ctx context.Context) func() {
		payload, err := json.Marshal(ch)
		clear(ch.FingerprintTemplate)
		if err != nil {
			return func() { f.step = StepRefused }
		}
		rec, err := d.Queue.Enqueue(outbox.Request{Kind: wire.KindMobileChange, Payload: payload,
			Meta: map[string]string{"mobile": masked, "proof": ch.Proof, "language": lang}})
		clear(payload)
		if err != nil {
			return func() { f.step = StepRefused }
		}
		res := &Result{Ref: rec.Ref, Card: ch.Proof == wire.MethodBankCard}
		res.Receipt = Receipt(rec.Ref, maskedID, masked, d.KioskID, lang, d.Now())
		if err := d.Printer.Print(ctx, res.Receipt); err != nil {
			res.PrintErr = fmt.Errorf("mobile: print receipt %s: %w", rec.Ref, err)
		}
		return func() {
			f.result, f.step = res, StepDone
			f.template, f.card, f.oldChallenge, f.newChallenge, f.number = nil, nil, "", "", ""
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
