package register

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bawaba/bawaba/identity"
)

// Wizard is one person's registration, from the identity type to the receipt.
type Wizard struct {
	mu       sync.Mutex
	deps     Deps
	rnd      *rand.Rand
	terms    Terms
	step     Step
	furthest Step
	form     Form
	errs     []FieldError
	captcha  *Captcha
	// Values derived by validation, kept for the payload and the review screen.
	id     identity.ID
	mobile string // E.164
	email  string
	dates  BirthDates
	otp    otpState
	result *Result
}

// New starts a registration. It refuses (a *RefusedError) when the outbox is frozen
// or no terms have ever been received from the central service: better to say so
// on the first screen than after ten.
func New(d Deps) (*Wizard, error) {
	if d.Queue == nil || d.Printer == nil || d.Terms == nil {
		return nil, errors.New("register: Deps needs Queue, Printer and Terms")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Online == nil {
		d.Online = func() bool { return false }
	}
	if d.Language != LangEnglish {
		d.Language = LangArabic
	}
	rnd := d.Rand
	if rnd == nil {
		var seed [32]byte
		crand.Read(seed[:])
		rnd = rand.New(rand.NewChaCha8(seed))
	}
	if err := d.Queue.Frozen(); err != nil {
		return nil, refusal(err)
	}
	t, ok := d.Terms.Terms()
	if !ok {
		return nil, &RefusedError{Reason: ReasonNoTerms, Text: ReasonText(ReasonNoTerms), Err: errors.New("no terms cached")}
	}
	w := &Wizard{deps: d, rnd: rnd, terms: t}
	w.reset()
	return w, nil
}

func (w *Wizard) reset() {
	w.step, w.furthest = StepIdentityType, StepIdentityType
	w.form = Form{Language: w.deps.Language}
	w.errs = nil
	w.captcha = nil
	w.id, w.mobile, w.email, w.dates = identity.ID{}, "", "", BirthDates{}
	w.otp = otpState{}
	w.result = nil
}

// Wipe forgets everything the person entered and returns to the first step; the
// idle timeout calls it.
func (w *Wizard) Wipe() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.reset()
}

// Step is the current step.
func (w *Wizard) Step() Step {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.step
}

// Form is a copy of what has been entered.
func (w *Wizard) Form() Form {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.form
}

// Terms is the text shown on the terms step.
func (w *Wizard) Terms() Terms { return w.terms }

// Errors are the problems found the last time the current step was checked.
func (w *Wizard) Errors() []FieldError {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]FieldError(nil), w.errs...)
}

// ErrorFor returns the current error attached to f.
func (w *Wizard) ErrorFor(f Field) (FieldError, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.errs {
		if e.Field == f {
			return e, true
		}
	}
	return FieldError{}, false
}

// SetIDType chooses the identity type. Changing it clears what depended on it.
func (w *Wizard) SetIDType(t identity.IdentityType) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.form.IDType == t {
		return
	}
	w.form.IDType = t
	w.form.IDNumber, w.form.Nationality = "", ""
	w.form.BirthDate = identity.Date{}
	if cs := t.Calendars(); len(cs) > 0 {
		w.form.BirthDate.Calendar = cs[0]
	}
	w.clearErr(FieldIDType)
}

// Set updates a text field as the person types; the error shown for it goes away
// until the next check.
func (w *Wizard) Set(f Field, v string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch f {
	case FieldIDNumber:
		w.form.IDNumber = v
	case FieldNationality:
		w.form.Nationality = v
	case FieldMobile:
		w.form.Mobile = v
	case FieldEmail:
		w.form.Email = v
	case FieldUsername:
		w.form.Username = v
	case FieldPassword:
		w.form.Password = v
	case FieldConfirm:
		w.form.Confirm = v
	case FieldCaptcha:
		w.form.Captcha = v
	default:
		return
	}
	w.clearErr(f)
}

// SetCalendar chooses the calendar of the date of birth; a date already picked is
// converted so the person does not lose it.
func (w *Wizard) SetCalendar(c identity.Calendar) {
	w.mu.Lock()
	defer w.mu.Unlock()
	d := w.form.BirthDate
	if c == d.Calendar || !w.form.IDType.AllowsCalendar(c) {
		return
	}
	if picked(d) {
		if conv, err := d.In(c); err == nil {
			w.form.BirthDate = conv
		} else {
			w.form.BirthDate = identity.Date{Calendar: c}
		}
	} else {
		w.form.BirthDate.Calendar = c
	}
	w.clearErr(FieldBirthDate)
}

// SetBirthDate sets the date of birth in the calendar chosen with SetCalendar.
func (w *Wizard) SetBirthDate(year, month, day int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	cal := w.form.BirthDate.Calendar
	w.form.BirthDate = identity.Date{Calendar: cal, Year: year, Month: month, Day: day}
	w.clearErr(FieldBirthDate)
}

// BirthDates returns the picked date in both calendars, when it is a real date.
func (w *Wizard) BirthDates() (BirthDates, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !picked(w.form.BirthDate) {
		return BirthDates{}, false
	}
	b, err := bothCalendars(w.form.BirthDate)
	return b, err == nil
}

// SetLanguage sets the preferred language of the account.
func (w *Wizard) SetLanguage(lang string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.form.Language = lang
	w.clearErr(FieldLanguage)
}

// AcceptTerms records whether the person accepted the terms and pledge.
func (w *Wizard) AcceptTerms(ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.form.Terms = ok
	w.clearErr(FieldTerms)
}

// PasswordChecklist is every password and username rule with whether the current
// input meets it, for the live checklist.
func (w *Wizard) PasswordChecklist() []Check {
	w.mu.Lock()
	defer w.mu.Unlock()
	return passwordChecklist(w.form.Username, w.form.Password, w.form.Confirm)
}

// Captcha is the visual code to show, drawn when first asked for.
func (w *Wizard) Captcha() (*Captcha, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.captcha == nil {
		if err := w.newCaptcha(); err != nil {
			return nil, err
		}
	}
	return w.captcha, nil
}

// NewCaptcha replaces the visual code with a new one (the person cannot read it).
func (w *Wizard) NewCaptcha() (*Captcha, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.newCaptcha(); err != nil {
		return nil, err
	}
	return w.captcha, nil
}

func (w *Wizard) newCaptcha() error {
	c, err := NewCaptcha(w.rnd)
	if err != nil {
		return err
	}
	w.captcha, w.form.Captcha = c, ""
	return nil
}

func (w *Wizard) clearErr(f Field) {
	out := w.errs[:0]
	for _, e := range w.errs {
		if e.Field != f {
			out = append(out, e)
		}
	}
	w.errs = out
}

// Next checks the current step and moves to the next one. When the input does not
// pass it returns an *InvalidError and stays. On the review step it submits (see
// Submit).
func (w *Wizard) Next(ctx context.Context) error {
	w.mu.Lock()
	if w.step == StepReview {
		w.mu.Unlock()
		return w.Submit(ctx)
	}
	defer w.mu.Unlock()
	if w.step > StepReview {
		return fmt.Errorf("%w: next from %s", ErrWrongStep, w.step)
	}
	if errs := w.check(w.step); len(errs) > 0 {
		w.errs = errs
		if w.step == StepCaptcha {
			// A wrong guess costs the code: otherwise a program could try the
			// whole alphabet against one picture.
			if err := w.newCaptcha(); err != nil {
				return err
			}
		}
		return &InvalidError{Step: w.step, Errors: errs}
	}
	w.errs = nil
	w.step++
	w.furthest = max(w.furthest, w.step)
	return nil
}

// Back returns to the previous step, keeping what was entered. From the SMS code
// step it returns to the review, so the number can be corrected.
func (w *Wizard) Back() {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.step == StepOTP:
		w.step = StepReview
	case w.step > StepIdentityType && w.step < StepDone:
		w.step--
	}
	w.errs = nil
}

// GoTo jumps back to a step already completed (the review screen's "edit").
func (w *Wizard) GoTo(s Step) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if s < StepIdentityType || s > w.furthest || s > StepReview || w.step >= StepDone {
		return fmt.Errorf("%w: go to %s", ErrWrongStep, s)
	}
	w.step, w.errs = s, nil
	return nil
}

// check validates one step and records the values derived from it.
func (w *Wizard) check(s Step) []FieldError {
	f := &w.form
	switch s {
	case StepIdentityType:
		if !slices.Contains(identity.IdentityTypes(), f.IDType) {
			return []FieldError{errChooseIDType}
		}
	case StepIDNumber:
		id, errs := w.checkID()
		w.id = id
		return errs
	case StepBirthDate:
		b, errs := checkBirthDate(f.IDType, f.BirthDate, w.deps.Now(), w.deps.MinAge)
		w.dates = b
		return errs
	case StepMobile:
		m, errs := checkMobile(f.Mobile)
		w.mobile = m
		return errs
	case StepEmail:
		e, errs := checkEmail(f.Email)
		w.email = e
		return errs
	case StepCredentials:
		return checkCredentials(f.Username, f.Password, f.Confirm)
	case StepLanguage:
		if f.Language != LangArabic && f.Language != LangEnglish {
			return []FieldError{errChooseLanguage}
		}
	case StepCaptcha:
		if strings.TrimSpace(f.Captcha) == "" {
			return []FieldError{errCaptchaEmpty}
		}
		if w.captcha == nil || !w.captcha.Check(f.Captcha) {
			return []FieldError{errCaptchaWrong}
		}
	case StepTerms:
		if !f.Terms {
			return []FieldError{errTermsNotAccepted}
		}
	}
	return nil
}
