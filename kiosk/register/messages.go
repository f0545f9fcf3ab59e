package register

import (
	"errors"

	"github.com/bawaba/bawaba/sync/outbox"
)

// Errors of the wizard's own rules (identity rules bring their own codes). Their
// texts are the catalogue's "register.err.<code>".
var (
	errChooseIDType     = fieldErr(FieldIDType, "choose_id_type")
	errChooseLanguage   = fieldErr(FieldLanguage, "choose_language")
	errCaptchaEmpty     = fieldErr(FieldCaptcha, "captcha_empty")
	errCaptchaWrong     = fieldErr(FieldCaptcha, "captcha_wrong")
	errTermsNotAccepted = fieldErr(FieldTerms, "terms_not_accepted")
	errNotInRegistry    = fieldErr(FieldIDNumber, "id_not_in_registry")
	errHasAccount       = fieldErr(FieldIDNumber, "id_has_account")
	errMobileTaken      = fieldErr(FieldMobile, "mobile_taken")
	errRateLimited      = fieldErr(FieldMobile, "otp_rate_limited")
	errOTPFormat        = fieldErr(FieldOTP, "otp_format")
	errOTPExpired       = fieldErr(FieldOTP, "otp_expired")
	errOTPExhausted     = fieldErr(FieldOTP, "otp_exhausted")
	errNoMoreCodes      = fieldErr(FieldOTP, "otp_no_more_codes")
)

func errOTPWrong(left int) FieldError { return fieldErr(FieldOTP, "otp_wrong", left) }

// Refusal reasons in RefusedError.Reason.
// The first three are outbox freeze reasons (outbox.FreezeReason).
const (
	ReasonQueueFull  = string(outbox.FreezeQueueFull)  // the outbox holds as much as it may
	ReasonBacklogOld = string(outbox.FreezeTooOld)     // undelivered requests are too old: offline too long
	ReasonKeyExpired = string(outbox.FreezeKeyExpired) // no valid sealing key; the kiosk must reach central
	ReasonStorage    = "storage"                       // the kiosk's storage failed or is damaged
	ReasonNoTerms    = "no_terms"                      // the terms were never received from central
)

// ReasonText explains a refusal reason to the person: the catalogue's
// "register.refused.<reason>" (the reason's own value, e.g. "too_old"); an
// unknown reason is explained as a storage fault.
func ReasonText(reason string) Text {
	switch reason {
	case ReasonQueueFull, ReasonBacklogOld, ReasonKeyExpired, ReasonNoTerms:
		return catalogText("register.refused." + reason)
	}
	return catalogText("register.refused." + ReasonStorage)
}

// refusal explains an outbox error: its freeze reason when it has one.
func refusal(err error) *RefusedError {
	var re *RefusedError
	if errors.As(err, &re) {
		return re
	}
	reason := freezeReason(err)
	return &RefusedError{Reason: reason, Text: ReasonText(reason), Err: err}
}

func freezeReason(err error) string {
	var fe *outbox.FreezeError
	if errors.As(err, &fe) {
		switch fe.Reason {
		case outbox.FreezeQueueFull:
			return ReasonQueueFull
		case outbox.FreezeTooOld:
			return ReasonBacklogOld
		case outbox.FreezeKeyExpired, outbox.FreezeNoKey:
			return ReasonKeyExpired
		}
	}
	return ReasonStorage
}
