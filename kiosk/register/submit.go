package register

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// Limits of the SMS code step. Central enforces its own (wire.OTPMaxTries per code,
// a send rate per number); these keep the kiosk from asking for what central would
// refuse anyway, and pace a person who did not get the SMS.
const (
	OTPMaxTries   = wire.OTPMaxTries
	OTPResendWait = 60 * time.Second
	OTPMaxSends   = wire.OTPSendsPerWindow
)

// Meta keys the wizard puts on its outbox record. Values are never personal: the
// mobile number is masked.
const (
	MetaMobile     = "mobile_masked"
	MetaActivation = "activation"
	MetaLanguage   = "language"
)

// Activation values in Meta[MetaActivation] and Result.
const (
	ActivationVerified   = "otp_verified" // the SMS code was verified live
	ActivationPendingSMS = "pending_sms"  // queued offline; an SMS will finish it
)

// Result is what the done screen shows.
type Result struct {
	ID  string // outbox record ID (the idempotency key)
	Ref string // reference on the receipt
	// Verified is true when the mobile number was verified live by SMS code; false
	// when the request was queued without it.
	Verified     bool
	MaskedMobile string
	Language     string
	Created      time.Time
	// Receipt is what was sent to the printer; when PrintErr is set (why it could not
	// be printed) the screen shows it instead (receipt.Render).
	Receipt  receipt.Receipt
	PrintErr error
}

// OTPStatus is what the SMS code screen shows.
type OTPStatus struct {
	MaskedMobile string
	TriesLeft    int
	// ResendIn is how long until another code may be sent (0: now); CanResend is
	// false once the last allowed code was sent.
	ResendIn  time.Duration
	CanResend bool
	ExpiresIn time.Duration
}

type otpState struct {
	challenge string
	expires   time.Time
	sentAt    time.Time
	sends     int
	tries     int
}

// Submit is the review step's "send": it checks the whole form again, then either
// runs the live checks and sends an SMS code (moving to StepOTP), or — when the
// central service is not reachable — queues the request and prints the receipt
// (moving to StepDone). Errors: *InvalidError (the wizard moves to the step of the
// first bad field), *RefusedError (the outbox refused; nothing queued).
func (w *Wizard) Submit(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.step != StepReview {
		return fmt.Errorf("%w: submit from %s", ErrWrongStep, w.step)
	}
	for s := StepIdentityType; s < StepCaptcha; s++ {
		if errs := w.check(s); len(errs) > 0 {
			return w.sendBack(s, errs)
		}
	}
	if !w.form.Terms {
		return w.sendBack(StepTerms, []FieldError{errTermsNotAccepted})
	}
	if err := w.deps.Queue.Frozen(); err != nil {
		return refusal(err)
	}
	if w.deps.Live == nil || !w.deps.Online() {
		return w.finish(ctx, false)
	}
	live := w.deps.Live
	id, err := live.CheckID(ctx, wire.IDLookupRequest{IDNumber: w.idNumber()})
	if err != nil {
		return w.finish(ctx, false)
	}
	switch {
	case !id.InRegistry:
		return w.sendBack(StepIDNumber, []FieldError{errNotInRegistry})
	case id.HasAccount:
		return w.sendBack(StepIDNumber, []FieldError{errHasAccount})
	}
	mc, err := live.CheckMobile(ctx, wire.MobileCheckRequest{Mobile: w.mobile, IDNumber: w.idNumber()})
	if err != nil {
		return w.finish(ctx, false)
	}
	if mc.Owner == wire.OwnerOther {
		return w.sendBack(StepMobile, []FieldError{errMobileTaken})
	}
	w.otp = otpState{}
	if err := w.sendOTP(ctx); err != nil {
		if errors.Is(err, ErrRateLimited) {
			return w.sendBack(StepMobile, []FieldError{errRateLimited})
		}
		return w.finish(ctx, false)
	}
	w.step, w.errs = StepOTP, nil
	return nil
}

func (w *Wizard) sendBack(s Step, errs []FieldError) error {
	w.step, w.errs = s, errs
	return &InvalidError{Step: s, Errors: errs}
}

func (w *Wizard) sendOTP(ctx context.Context) error {
	resp, err := w.deps.Live.SendOTP(ctx, wire.OTPSendRequest{
		Mobile: w.mobile, Purpose: wire.PurposeRegistration, Language: w.form.Language,
	})
	if err != nil {
		if isRateLimited(err) {
			return fmt.Errorf("register: send code: %w", ErrRateLimited)
		}
		return fmt.Errorf("register: send code: %w: %w", ErrUnreachable, err)
	}
	now := w.deps.Now()
	w.otp.challenge, w.otp.expires, w.otp.sentAt = resp.ChallengeID, resp.ExpiresAt, now
	if w.otp.expires.IsZero() {
		w.otp.expires = now.Add(wire.OTPTTL)
	}
	w.otp.sends++
	w.otp.tries = 0
	return nil
}

func isRateLimited(err error) bool {
	var we *wire.Error
	return errors.Is(err, ErrRateLimited) || (errors.As(err, &we) && we.Code == wire.ErrRateLimited)
}

// OTP is the state of the SMS code step.
func (w *Wizard) OTP() OTPStatus {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.deps.Now()
	return OTPStatus{
		MaskedMobile: MaskMobile(w.mobile),
		TriesLeft:    max(0, OTPMaxTries-w.otp.tries),
		ResendIn:     max(0, w.otp.sentAt.Add(OTPResendWait).Sub(now)),
		CanResend:    w.otp.sends < OTPMaxSends,
		ExpiresIn:    max(0, w.otp.expires.Sub(now)),
	}
}

// ResendOTP sends a new code once the countdown has run out. A new code gets a
// fresh set of tries.
func (w *Wizard) ResendOTP(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.step != StepOTP {
		return fmt.Errorf("%w: resend from %s", ErrWrongStep, w.step)
	}
	if w.otp.sends >= OTPMaxSends {
		w.errs = []FieldError{errNoMoreCodes}
		return fmt.Errorf("register: resend: %w", ErrTooManyResends)
	}
	if w.deps.Now().Before(w.otp.sentAt.Add(OTPResendWait)) {
		return fmt.Errorf("register: resend: %w", ErrResendTooSoon)
	}
	if err := w.sendOTP(ctx); err != nil {
		if errors.Is(err, ErrRateLimited) {
			w.errs = []FieldError{errRateLimited}
			return err
		}
		// Central went away between two codes: the request is still good, so queue
		// it the offline way rather than strand the person.
		return w.finish(ctx, false)
	}
	w.errs = nil
	return nil
}

// VerifyOTP checks the SMS code with the central service; when it matches the
// request is queued as verified and the receipt printed. A wrong, expired or
// exhausted code is an *InvalidError on FieldOTP and changes nothing else.
func (w *Wizard) VerifyOTP(ctx context.Context, code string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.step != StepOTP {
		return fmt.Errorf("%w: verify from %s", ErrWrongStep, w.step)
	}
	code = foldDigits(strings.TrimSpace(code))
	if !isDigits(code, wire.OTPDigits) {
		return w.otpErr(errOTPFormat)
	}
	if w.otp.tries >= OTPMaxTries {
		return w.otpErr(errOTPExhausted)
	}
	if !w.deps.Now().Before(w.otp.expires) {
		return w.otpErr(errOTPExpired)
	}
	resp, err := w.deps.Live.VerifyOTP(ctx, wire.OTPVerifyRequest{ChallengeID: w.otp.challenge, Code: code})
	if err != nil {
		// The code may well be right, but nobody can tell now: queue the request
		// unverified instead of asking the person to wait.
		return w.finish(ctx, false)
	}
	switch {
	case resp.Verified || resp.Result == wire.OTPOK:
		return w.finish(ctx, true)
	case resp.Result == wire.OTPExpired:
		w.otp.expires = w.deps.Now()
		return w.otpErr(errOTPExpired)
	case resp.Result == wire.OTPExhausted || resp.Result == wire.OTPUnknown:
		w.otp.tries = OTPMaxTries
		return w.otpErr(errOTPExhausted)
	}
	w.otp.tries++
	if resp.TriesLeft >= 0 && resp.Result == wire.OTPWrong {
		// Central's count wins when it knows of tries this kiosk did not see.
		w.otp.tries = max(w.otp.tries, OTPMaxTries-resp.TriesLeft)
	}
	if w.otp.tries >= OTPMaxTries {
		return w.otpErr(errOTPExhausted)
	}
	return w.otpErr(errOTPWrong(OTPMaxTries - w.otp.tries))
}

func (w *Wizard) otpErr(fe FieldError) error {
	w.errs = []FieldError{fe}
	return &InvalidError{Step: StepOTP, Errors: w.errs}
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// finish queues the request, then prints the receipt. The queue comes first: a
// receipt for a request that is not stored would be a promise nobody keeps.
func (w *Wizard) finish(ctx context.Context, verified bool) error {
	if w.result != nil {
		return nil // already queued; never twice
	}
	payload, err := json.Marshal(w.payload(verified))
	if err != nil {
		return fmt.Errorf("register: payload: %w", err)
	}
	activation := ActivationPendingSMS
	if verified {
		activation = ActivationVerified
	}
	masked := MaskMobile(w.mobile)
	rec, err := w.deps.Queue.Enqueue(outbox.Request{
		Kind:    wire.KindRegistration,
		Payload: payload,
		Meta: map[string]string{
			MetaMobile:     masked,
			MetaActivation: activation,
			MetaLanguage:   w.form.Language,
		},
	})
	clear(payload)
	if err != nil {
		return refusal(err)
	}
	res := &Result{
		ID: rec.ID, Ref: rec.Ref, Verified: verified, MaskedMobile: masked,
		Language: w.form.Language, Created: w.deps.Now(),
	}
	res.Receipt = w.receipt(res)
	w.result = res
	w.step, w.errs = StepDone, nil
	// What the person typed is no longer needed here: the sealed copy is queued.
	w.form = Form{Language: w.form.Language, IDType: w.form.IDType}
	w.id, w.mobile, w.email, w.dates = identity.ID{}, "", "", BirthDates{}
	w.captcha, w.otp = nil, otpState{}
	// The person is done whatever the printer does; its failure only changes what
	// the done screen shows.
	if err := w.deps.Printer.Print(ctx, res.Receipt); err != nil {
		res.PrintErr = fmt.Errorf("register: print receipt %s: %w", res.Ref, err)
	}
	return nil
}

// Result is the outcome once the request is queued.
func (w *Wizard) Result() (Result, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.result == nil {
		return Result{}, false
	}
	return *w.result, true
}

func (w *Wizard) idNumber() string { return w.id.Number }

func (w *Wizard) payload(verified bool) wire.Registration {
	f, d := w.form, w.form.BirthDate
	nat, _ := identity.LookupCountry(w.id.Nationality)
	r := wire.Registration{
		IDType:       wireIDType(w.id.Type),
		IDNumber:     w.id.Number,
		Nationality:  nat.Alpha2,
		BirthDate:    wire.Date{Calendar: d.Calendar.String(), Year: d.Year, Month: d.Month, Day: d.Day},
		Mobile:       w.mobile,
		Email:        w.email,
		Username:     f.Username,
		Password:     f.Password,
		Language:     f.Language,
		TermsVersion: w.terms.Version,
		OTPVerified:  verified,
	}
	if verified {
		r.OTPChallenge = w.otp.challenge
	}
	return r
}

func wireIDType(t identity.IDType) string {
	switch t {
	case identity.NationalID:
		return wire.IDCitizen
	case identity.Iqama:
		return wire.IDResident
	case identity.BorderNumber:
		return wire.IDBorder
	case identity.Passport:
		return wire.IDVisitor
	}
	return wire.IDGCC
}

// MaskMobile shows only the first two and last three digits of a number, in its
// local Saudi form when it is one: "+966501234567" → "05•••••567".
func MaskMobile(e164 string) string { return wire.MaskMobile(e164) }
