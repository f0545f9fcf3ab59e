package register

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bawaba/bawaba/i18n"
)

// Text is one message in both of the kiosk's languages.
type Text struct {
	AR, EN string
}

// In returns the text in lang ("ar" or "en"); anything else gets Arabic, the kiosk's
// first language.
func (t Text) In(lang string) string {
	if lang == LangEnglish {
		return t.EN
	}
	return t.AR
}

// Errors the wizard returns. Live implementations wrap the ones marked "Live" so the
// wizard can tell a definite answer from a failure to get one.
var (
	// ErrInvalid is wrapped by *InvalidError: the step's input does not pass its rules
	// and the wizard did not advance.
	ErrInvalid = errors.New("register: invalid input")
	// ErrWrongStep is returned when a method is called on a step it does not belong
	// to (Submit before review, VerifyOTP without a code sent).
	ErrWrongStep = errors.New("register: not allowed at this step")
	// ErrUnreachable (Live) means the central service could not be asked: the wizard
	// falls back to queuing the request without a verified mobile.
	ErrUnreachable = errors.New("register: central service unreachable")
	// ErrWrongCode (Live) is a one-time code that does not match.
	ErrWrongCode = errors.New("register: wrong one-time code")
	// ErrCodeExpired (Live) is a one-time code past its lifetime.
	ErrCodeExpired = errors.New("register: one-time code expired")
	// ErrTooManyTries (Live, also enforced locally) means the code accepts no more
	// attempts; only a new code helps.
	ErrTooManyTries = errors.New("register: too many attempts for this code")
	// ErrRateLimited (Live) means central refuses to send another code for now.
	ErrRateLimited = errors.New("register: too many codes sent to this number")
	// ErrResendTooSoon means the resend countdown has not run out.
	ErrResendTooSoon = errors.New("register: resend not yet allowed")
	// ErrTooManyResends means the wizard has sent its last code for this attempt.
	ErrTooManyResends = errors.New("register: no more codes for this registration")
)

// FieldError is one problem with one field: a stable code the tests and logs use, and
// the message the screen shows next to the field.
type FieldError struct {
	Field Field
	Code  string
	Text  Text
}

// Message is the text to show, in lang.
func (e FieldError) Message(lang string) string { return e.Text.In(lang) }

func (e FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Code) }

// InvalidError lists every problem found on a step. It wraps ErrInvalid.
type InvalidError struct {
	Step   Step
	Errors []FieldError
}

func (e *InvalidError) Error() string {
	codes := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		codes[i] = fe.Error()
	}
	return fmt.Sprintf("register: step %s: %s", e.Step, strings.Join(codes, ", "))
}

func (e *InvalidError) Unwrap() error { return ErrInvalid }

// For returns the first error attached to f, if any.
func (e *InvalidError) For(f Field) (FieldError, bool) {
	for _, fe := range e.Errors {
		if fe.Field == f {
			return fe, true
		}
	}
	return FieldError{}, false
}

// RefusedError is a request the kiosk cannot take now: the outbox is frozen (full,
// undelivered records too old, sealing key expired) or its storage failed. Nothing
// was queued; the person must be told why, in their language.
type RefusedError struct {
	Reason string // stable code, e.g. "queue_full", "storage"
	Text   Text
	Err    error
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("register: request refused (%s): %v", e.Reason, e.Err)
}

func (e *RefusedError) Unwrap() error { return e.Err }

// Message is the explanation to show, in lang.
func (e *RefusedError) Message(lang string) string { return e.Text.In(lang) }

// fieldErr is the wizard's own error code on f, with the catalogue text
// "register.err.<code>".
func fieldErr(f Field, code string, args ...any) FieldError {
	return FieldError{Field: f, Code: code, Text: catalogText("register.err."+code, args...)}
}

// catalogText is key's text in both languages from the translation catalogue
// (assets/translations), formatted with args when there are any. Every text the
// wizard shows or prints comes through here or from package identity, which
// reads the same catalogue.
func catalogText(key string, args ...any) Text {
	if len(args) == 0 {
		return Text{AR: i18n.T(i18n.AR, key), EN: i18n.T(i18n.EN, key)}
	}
	return Text{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
}
