package proof

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// Proven is a person the kiosk has proven. The receiver owns it and calls Wipe
// when done.
type Proven struct {
	ID       identity.ID // who: typed/read at a kiosk, or the ID on record for card/password
	Method   string      // wire.MethodFingerprint, wire.MethodBankCard or wire.MethodPassword
	Token    string      // central's proof token for live calls; "" when proven offline
	Expires  time.Time   // the token's expiry (zero when offline)
	Template []byte      // MethodFingerprint: the template, for a sealed queued request
	CardPAN  string      // MethodBankCard: for a sealed queued request; never shown or logged
}

// Wipe clears the template and forgets the rest.
func (p *Proven) Wipe() {
	clear(p.Template)
	*p = Proven{}
}

// Online reports whether central proved the person live (a token is held).
func (p Proven) Online() bool { return p.Token != "" }

// ProverDeps is what the Prover works with.
type ProverDeps struct {
	// Sensor is the fingerprint sensor; required at a kiosk, unused at an ATM.
	Sensor Sensor
	// Live is central's live calls; nil means the kiosk proves offline only.
	Live ProverLive
	// Online reports whether central is reachable now; nil means never.
	Online func() bool
	// Lockout counts failed fingerprint matches per ID on this kiosk; nil means
	// the prover's own. Share the kiosk's one between every service.
	Lockout *Lockout
	// IDRules are the deployment's ID rules; the zero value is the default set.
	IDRules identity.Rules
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Go runs a blocking call off the Fyne goroutine; nil means `go f()`.
	Go func(func())
	// Timeout bounds one call to central; zero means 20 s.
	Timeout time.Duration
	// FingerTimeout is how long the sensor waits for a finger; zero means 30 s.
	FingerTimeout time.Duration
	// ResendAfter is how long the person waits before a new sign-in code may be
	// sent; zero means 30 s.
	ResendAfter time.Duration
}

// ProverConfig configures a Prover.
type ProverConfig struct {
	TitleKey string // i18n key of the service's title, shown on the prover's screens
	ATM      bool   // ATM mode: the bank card is the proof; no fingerprint
	// Offline lets the service go on without central: the fingerprint (or the
	// card) is kept for a sealed record central checks on arrival. False: the
	// service needs central, and the prover says so when it is offline.
	Offline  bool
	Deps     ProverDeps
	OnProven func(h shell.Host, p Proven)
	OnCancel func(h shell.Host) // nil: h.Home()
	// NoCode leaves out the username, password and code: that code goes to the
	// number on record, which a person who lost their SIM (kiosk/mobile) cannot
	// receive. At a kiosk the fingerprint is then the one way, asked at once.
	NoCode bool
}

// ProverStep is a screen of the Prover.
type ProverStep int

// Prover steps.
const (
	ProveChoose    ProverStep = iota // at a kiosk: fingerprint, or username + password + code
	ProveID                          // the ID number (document reader or keypad)
	ProveFinger                      // the fingerprint capture
	ProveCard                        // at an ATM: insert your card
	ProveLogin                       // username and password
	ProveCode                        // the code sent to the registered number
	ProveNoFinger                    // the fingerprint cannot prove the person: the other ways
	ProveLocked                      // too many failed tries for this person
	ProveNoAccount                   // the service needs an activated account
	ProveNetwork                     // the service needs central, which cannot be reached
	ProveDone                        // proven; OnProven has the person
)

func (s ProverStep) String() string {
	return [...]string{"choose", "id", "finger", "card", "login", "code", "no_finger", "locked", "no_account", "network", "done"}[s]
}

// Reasons on ProveNoFinger (Prover.Reason).
const (
	NoFingerDeclined  = "declined"       // the person cannot or will not give one
	NoFingerExhausted = "exhausted"      // three tries with each index finger failed
	NoFingerOnRecord  = "no_fingerprint" // central has none on record
)

// Prover is the sub-flow a service runs first to prove the person: at a kiosk
// by fingerprint (the ID from the document reader or the keypad, then the
// finger, matched live at central or, offline, kept for a sealed record) or by
// username, password and a code sent to the number on record; at an ATM by the
// bank card (alone online: central names its holder; with the ID number
// offline). Build it with NewProver, show Start's screen,
// and forward the card reader's and document reader's events to CardInserted
// and FillFromDocument while it runs. Call its methods on the Fyne goroutine.
type Prover struct {
	Session
	c    ProverConfig
	own  Lockout
	step ProverStep

	form    IDForm
	id      identity.ID
	capture *Capture
	online  bool // the finger is matched live
	lost    bool // central stopped answering during this session
	reason  string
	left    time.Duration
	card    *magstripe.Card
	cardErr string // i18n key
	idWhy   string // i18n key: why an ATM asks the ID number after the card

	username, password string
	loginErr           string // i18n key
	user, pass, code   *keyboard.Field
	challenge          wire.OTPSendRegisteredResponse
	codeText           string
	codeErr            string // i18n key, or
	triesLeft          int    // with prove.code.wrong
	sentAt             time.Time
	tick               *time.Timer
}

// NewProver returns a prover that has not started.
func NewProver(c ProverConfig) *Prover {
	d := &c.Deps
	Defaults(&d.Go, &d.Timeout, &d.Now, &d.Online)
	if d.ResendAfter == 0 {
		d.ResendAfter = 30 * time.Second
	}
	p := &Prover{c: c}
	p.Session = Session{Go: d.Go, Timeout: d.Timeout, Redraw: p.show}
	if d.Lockout == nil {
		p.c.Deps.Lockout = &p.own
	}
	return p
}

// Start begins a fresh proof and returns its first screen: at a kiosk "how do
// you want to prove who you are", at an ATM "insert your card"; when the
// service needs central and it cannot be reached, that is said at once.
func (p *Prover) Start(h shell.Host) fyne.CanvasObject {
	p.Wipe()
	p.H = h
	p.form.Rules, p.form.NoReader = p.c.Deps.IDRules, p.c.ATM
	switch {
	case !p.c.Offline && !p.live():
		p.step = ProveNetwork
	case p.c.ATM:
		p.step = ProveCard
	case p.c.NoCode:
		p.step = ProveID
	}
	obj := p.screen()
	p.announce()
	return obj
}

// Rebuild returns the current screen in h.Lang(), keeping what was entered.
func (p *Prover) Rebuild(h shell.Host) fyne.CanvasObject {
	p.H = h
	p.readFields()
	obj := p.screen()
	p.announce() // in the new language
	return obj
}

// Wipe forgets everything entered and read: the ID, the card, the username,
// the password, the code and any template; a call still running is dropped.
func (p *Prover) Wipe() {
	p.Forget()
	if p.capture != nil {
		p.capture.Stop()
	}
	if p.tick != nil {
		p.tick.Stop()
	}
	p.form.Wipe()
	for _, f := range []*keyboard.Field{p.user, p.pass, p.code} {
		if f != nil {
			f.SetText("")
		}
	}
	p.step, p.id, p.capture, p.online, p.lost, p.reason, p.left = ProveChoose, identity.ID{}, nil, false, false, "", 0
	p.card, p.cardErr, p.idWhy = nil, "", ""
	p.username, p.password, p.loginErr, p.user, p.pass, p.code = "", "", "", nil, nil, nil
	p.challenge, p.codeText, p.codeErr, p.triesLeft, p.sentAt, p.tick = wire.OTPSendRegisteredResponse{}, "", "", 0, time.Time{}, nil
}

// Step is the current screen.
func (p *Prover) Step() ProverStep { return p.step }

// Reason is why ProveNoFinger is shown (NoFinger…).
func (p *Prover) Reason() string { return p.reason }

// Capture is the fingerprint capture of ProveFinger, nil elsewhere.
func (p *Prover) Capture() *Capture { return p.capture }

// Form is the ID form.
func (p *Prover) Form() *IDForm { return &p.form }

// Online reports whether the finger is matched live at central.
func (p *Prover) Online() bool { return p.online }

// Fields are the username, password and code fields of the last screen that
// had them (nil otherwise), for tests and tools.
func (p *Prover) Fields() (user, pass, code *keyboard.Field) { return p.user, p.pass, p.code }

func (p *Prover) live() bool { return p.c.Deps.Live != nil && p.c.Deps.Online() }

func (p *Prover) cancel() {
	if p.c.OnCancel != nil {
		h := p.H
		p.Wipe()
		p.c.OnCancel(h)
		return
	}
	p.H.Home()
}

func (p *Prover) show() {
	if p.H == nil || p.step == ProveDone {
		return
	}
	// The keyboard comes up with the field there is to type in.
	var focus fyne.Focusable
	obj := p.screen()
	switch {
	case p.step == ProveID && p.form.Field() != nil:
		focus = p.form.Field()
	case p.step == ProveLogin && p.user != nil:
		focus = p.user
		if p.username != "" && p.pass != nil {
			focus = p.pass
		}
	case p.step == ProveCode && p.code != nil:
		focus = p.code
	}
	p.Present(obj, focus)
	p.announce()
}

// proven hands the person to the service.
func (p *Prover) proven(pr Proven) {
	p.step = ProveDone
	if p.capture != nil {
		p.capture.Stop()
		p.capture = nil
	}
	if p.tick != nil {
		p.tick.Stop()
	}
	p.username, p.password, p.codeText = "", "", ""
	p.form.Wipe()
	p.c.OnProven(p.H, pr)
}

// choose starts one way at a kiosk.
func (p *Prover) chooseFinger() {
	p.step = ProveID
	p.show()
}

func (p *Prover) choosePassword() {
	if !p.live() {
		p.step = ProveNetwork
		p.show()
		return
	}
	p.step, p.loginErr = ProveLogin, ""
	p.show()
}

// FillFromDocument takes the ID from a card or passport read while the ID
// screen is shown, and goes on as if typed.
func (p *Prover) FillFromDocument(d mrz.Document) {
	if p.H == nil || p.step != ProveID || p.Busy() || p.c.ATM {
		return
	}
	if _, ok := p.form.FillFromDocument(d); !ok {
		p.show()
		return
	}
	p.submitID()
}

// CardInserted takes a swipe from the card reader while the ATM's card screen
// is shown: a bad, unsupported or expired card is explained; a good one proves
// its holder at central at once, with no ID number typed (proveCardAlone).
// Offline the ID number is asked: it goes sealed with the card, for central to
// check on arrival.
func (p *Prover) CardInserted(c *magstripe.Card, err error) {
	if p.H == nil || !p.c.ATM || p.step != ProveCard || p.Busy() {
		return
	}
	p.H.Touch()
	if p.cardErr = CardProblem(c, err, p.c.Deps.Now()); p.cardErr != "" {
		p.show()
		return
	}
	p.card = c
	switch {
	case p.live():
		p.proveCardAlone()
		return
	case p.c.Offline:
		p.step, p.idWhy = ProveID, "prove.card.id_offline"
	default:
		p.step = ProveNetwork
	}
	p.show()
}

// submitID checks the number, then goes on by the fingerprint (kiosk) or the
// card (ATM).
func (p *Prover) submitID() {
	p.H.Touch()
	id, ok := p.form.Submit()
	if !ok {
		p.show()
		return
	}
	p.id = id
	if p.c.ATM {
		p.proveCard()
		return
	}
	if left := p.c.Deps.Lockout.Locked(id.Number, p.c.Deps.Now()); left > 0 {
		p.locked(left)
		p.show()
		return
	}
	switch {
	case p.live():
		p.online = true
	case p.c.Offline:
		p.online = false
	default:
		p.step = ProveNetwork
		p.show()
		return
	}
	p.startFinger()
}

func (p *Prover) locked(left time.Duration) {
	if p.capture != nil {
		p.capture.Stop()
		p.capture = nil
	}
	p.step, p.left = ProveLocked, left
}

// startFinger shows the fingerprint screen and starts the sensor.
func (p *Prover) startFinger() {
	p.H.Touch()
	id := p.id
	gen := p.Gen()
	online := p.online
	var res wire.ProofResponse // written off the Fyne goroutine by Check, read after OnAccepted
	p.capture = NewCapture(CaptureOptions{
		Sensor:  p.c.Deps.Sensor,
		Go:      p.c.Deps.Go,
		Timeout: p.c.Deps.FingerTimeout,
		Touch:   p.H.Touch,
		OnChange: func() {
			if p.Gen() == gen && p.step == ProveFinger && !p.Busy() {
				p.show()
			}
		},
		Check: func(ctx context.Context, tmpl []byte) (bool, error) {
			if !online {
				// Offline the sensor's own reading is all the kiosk can check;
				// central matches the sealed template when the record arrives.
				return true, nil
			}
			return p.c.Deps.Lockout.Match(ctx, func(ctx context.Context, r wire.FingerprintMatchRequest) (wire.FingerprintMatchResponse, error) {
				out, err := p.c.Deps.Live.Prove(ctx, wire.ProofRequest{Method: wire.MethodFingerprint, IDNumber: r.IDNumber, FingerprintTemplate: r.Template})
				err = ClassifyLive("fingerprint", err)
				if errors.Is(err, ErrNotProven) {
					return wire.FingerprintMatchResponse{}, nil // a finger that is not the one on record: a failed try
				}
				res = out
				return wire.FingerprintMatchResponse{Match: err == nil}, err
			}, id.Number, tmpl, p.c.Deps.Now())
		},
		OnAccepted: func(tmpl []byte) {
			if p.Gen() != gen {
				clear(tmpl)
				return
			}
			pr := Proven{ID: id, Method: wire.MethodFingerprint, Template: tmpl}
			if online {
				pr.Token, pr.Expires = res.Token, res.ExpiresAt
			}
			p.proven(pr)
		},
		OnExhausted: func() {
			if p.Gen() == gen {
				p.capture, p.step, p.reason = nil, ProveNoFinger, NoFingerExhausted
				p.show()
			}
		},
		OnStop: func(err error) {
			if p.Gen() != gen {
				return
			}
			var le *LockedError
			switch {
			case errors.As(err, &le):
				p.locked(le.RetryAfter)
			case errors.Is(err, ErrNoFingerprintOnRecord):
				p.capture, p.step, p.reason = nil, ProveNoFinger, NoFingerOnRecord
			case errors.Is(err, ErrNoAccount):
				p.capture, p.step = nil, ProveNoAccount
			case p.c.Offline:
				// Central went away: the finger is taken for the sealed record.
				p.online, p.lost = false, true
				p.startFinger()
				return
			default:
				p.capture, p.step, p.lost = nil, ProveNetwork, true
			}
			p.show()
		},
	})
	p.step = ProveFinger
	p.show()
	p.capture.Start()
}

// noFinger leaves the fingerprint for the other ways.
func (p *Prover) noFinger() {
	if p.capture != nil {
		p.capture.Stop()
		p.capture = nil
	}
	p.step, p.reason = ProveNoFinger, NoFingerDeclined
	p.show()
}

// proveCard proves the card's holder live, or keeps the card for the sealed
// record offline.
func (p *Prover) proveCard() {
	id, card := p.id, p.card
	if !p.live() {
		if !p.c.Offline {
			p.step = ProveNetwork
			p.show()
			return
		}
		p.proven(Proven{ID: id, Method: wire.MethodBankCard, CardPAN: card.ProofRequest(id.Number).CardPAN})
		return
	}
	p.Run(0, func(ctx context.Context) func() {
		req := card.ProofRequest(id.Number)
		res, err := p.c.Deps.Live.Prove(ctx, req)
		err = ClassifyLive("bank card", err)
		return func() {
			var le *LockedError
			switch {
			case err == nil:
				p.proven(Proven{ID: id, Method: wire.MethodBankCard, Token: res.Token, Expires: res.ExpiresAt, CardPAN: req.CardPAN})
			case errors.As(err, &le):
				p.locked(le.RetryAfter)
			case errors.Is(err, ErrNotProven):
				p.form.SetError("prove.card.not_linked")
			case errors.Is(err, ErrNoAccount):
				p.step = ProveNoAccount
			case p.c.Offline:
				p.proven(Proven{ID: id, Method: wire.MethodBankCard, CardPAN: req.CardPAN})
			default:
				p.step, p.lost = ProveNetwork, true
			}
		}
	})
}

// readFields keeps what is typed in the login and code fields.
func (p *Prover) readFields() {
	if p.step == ProveLogin && p.user != nil && p.pass != nil {
		p.username, p.password = p.user.Text, p.pass.Text
	}
	if p.step == ProveCode && p.code != nil {
		p.codeText = p.code.Text
	}
}

// submitLogin sends the username and password; central sends the code to the
// number on record once they are right.
func (p *Prover) submitLogin() {
	p.H.Touch()
	p.readFields()
	if p.username == "" || p.password == "" {
		p.loginErr = "prove.login.empty"
		p.show()
		return
	}
	p.sendCode()
}

func (p *Prover) sendCode() {
	user, pass, lang := p.username, p.password, string(p.H.Lang())
	p.Run(0, func(ctx context.Context) func() {
		res, err := p.c.Deps.Live.SendOTPRegistered(ctx, wire.OTPSendRegisteredRequest{Purpose: wire.PurposeSignIn,
			Username: user, Password: pass, Language: lang})
		err = ClassifyLive("sign-in code", err)
		return func() {
			var le *LockedError
			switch {
			case err == nil:
				p.challenge, p.codeText, p.codeErr, p.triesLeft = res, "", "", 0
				p.sentAt, p.step, p.loginErr = p.c.Deps.Now(), ProveCode, ""
				p.scheduleResend()
			case errors.As(err, &le):
				p.locked(le.RetryAfter)
			case errors.Is(err, ErrNotProven):
				p.step, p.loginErr, p.password = ProveLogin, "prove.login.wrong", ""
			case errors.Is(err, ErrNoAccount):
				p.step = ProveNoAccount
			case errors.Is(err, ErrTooManyCodes):
				if p.step == ProveCode {
					p.codeErr = "prove.code.rate_limited"
				} else {
					p.loginErr = "prove.code.rate_limited"
				}
			default:
				p.step, p.lost = ProveNetwork, true
			}
		}
	})
}

// resendLeft is how long until a new code may be sent.
func (p *Prover) resendLeft() time.Duration {
	return max(0, p.sentAt.Add(p.c.Deps.ResendAfter).Sub(p.c.Deps.Now()))
}

// scheduleResend redraws the code screen when "send a new code" becomes
// available.
func (p *Prover) scheduleResend() {
	if p.tick != nil {
		p.tick.Stop()
	}
	gen := p.Gen()
	p.tick = time.AfterFunc(p.c.Deps.ResendAfter, func() {
		fyne.Do(func() {
			if p.Gen() == gen && p.step == ProveCode && !p.Busy() {
				p.readFields()
				p.show()
			}
		})
	})
}

// submitCode checks the code, then proves the person with it.
func (p *Prover) submitCode() {
	p.H.Touch()
	p.readFields()
	code := identity.NormalizeDigits(p.codeText)
	if len(code) != wire.OTPDigits {
		p.codeErr = "prove.code.digits"
		p.show()
		return
	}
	user, pass, ch := p.username, p.password, p.challenge.ChallengeID
	p.Run(0, func(ctx context.Context) func() {
		v, err := p.c.Deps.Live.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: ch, Code: code})
		if err = ClassifyLive("verify code", err); err != nil || !v.Verified {
			return func() { p.codeFailed(v, err) }
		}
		res, err := p.c.Deps.Live.Prove(ctx, wire.ProofRequest{Method: wire.MethodPassword, Username: user, Password: pass, ChallengeID: ch})
		err = ClassifyLive("password", err)
		return func() {
			var le *LockedError
			switch {
			case err == nil:
				id, perr := ParseTyped(res.IDNumber, p.c.Deps.IDRules)
				if perr != nil {
					id = identity.ID{Number: res.IDNumber}
				}
				p.proven(Proven{ID: id, Method: wire.MethodPassword, Token: res.Token, Expires: res.ExpiresAt})
			case errors.As(err, &le):
				p.locked(le.RetryAfter)
			case errors.Is(err, ErrNoAccount):
				p.step = ProveNoAccount
			case errors.Is(err, ErrNotProven):
				p.step, p.loginErr, p.password = ProveLogin, "prove.login.wrong", ""
			default:
				p.step, p.lost = ProveNetwork, true
			}
		}
	})
}

func (p *Prover) codeFailed(v wire.OTPVerifyResponse, err error) {
	p.codeText = ""
	switch {
	case err != nil:
		p.step, p.lost = ProveNetwork, true
	case v.Result == wire.OTPWrong:
		p.codeErr, p.triesLeft = "prove.code.wrong", v.TriesLeft
	default: // expired, exhausted, unknown: a new code is needed
		p.codeErr, p.sentAt = "prove.code.expired", time.Time{}
	}
}

// CardProblem is the i18n key of what is wrong with a swipe from the card
// reader (a manager CardInserted event), "" for a card that can prove its
// holder: shell.CardProblem, the one rule the ATM home and the services share.
func CardProblem(c *magstripe.Card, err error, now time.Time) string {
	return shell.CardProblem(c, err, now)
}
