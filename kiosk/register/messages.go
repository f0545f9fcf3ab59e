package register

import (
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/sync/outbox"
)

// Errors of the wizard's own rules (identity rules bring their own codes).
var (
	errChooseIDType     = fieldErr(FieldIDType, "choose_id_type", "اختر نوع الهوية", "Choose your identity type")
	errChooseLanguage   = fieldErr(FieldLanguage, "choose_language", "اختر اللغة المفضلة", "Choose your preferred language")
	errCaptchaEmpty     = fieldErr(FieldCaptcha, "captcha_empty", "اكتب الرمز الظاهر في الصورة", "Type the code shown in the picture")
	errCaptchaWrong     = fieldErr(FieldCaptcha, "captcha_wrong", "الرمز غير مطابق، جرّب الرمز الجديد", "The code does not match; try the new one")
	errTermsNotAccepted = fieldErr(FieldTerms, "terms_not_accepted", "يجب الموافقة على الشروط والتعهد للمتابعة", "You must accept the terms and pledge to continue")
	errNotInRegistry    = fieldErr(FieldIDNumber, "id_not_in_registry", "رقم الهوية غير موجود في السجل، تحقق منه", "This ID number is not in the registry; check it")
	errHasAccount       = fieldErr(FieldIDNumber, "id_has_account", "يوجد حساب مسجل بهذا الرقم، استخدم خدمة تفعيل الحساب أو استعادة كلمة المرور", "An account already exists for this ID number; use account activation or password recovery")
	errMobileTaken      = fieldErr(FieldMobile, "mobile_taken", "رقم الجوال مسجل لشخص آخر، أدخل رقم جوالك", "This mobile number belongs to someone else; enter your own number")
	errRateLimited      = fieldErr(FieldMobile, "otp_rate_limited", "أُرسل عدد كبير من الرموز إلى هذا الرقم، حاول لاحقاً", "Too many codes were sent to this number; try again later")
	errOTPFormat        = fieldErr(FieldOTP, "otp_format", "الرمز من 6 أرقام", "The code has 6 digits")
	errOTPExpired       = fieldErr(FieldOTP, "otp_expired", "انتهت صلاحية الرمز، اطلب رمزاً جديداً", "The code has expired; ask for a new one")
	errOTPExhausted     = fieldErr(FieldOTP, "otp_exhausted", "استنفدت المحاولات لهذا الرمز، اطلب رمزاً جديداً", "No tries left for this code; ask for a new one")
	errNoMoreCodes      = fieldErr(FieldOTP, "otp_no_more_codes", "لا يمكن إرسال رموز أخرى الآن، ارجع وتحقق من رقم الجوال", "No more codes can be sent now; go back and check the mobile number")
)

func errOTPWrong(left int) FieldError {
	return fieldErr(FieldOTP, "otp_wrong",
		fmt.Sprintf("الرمز غير صحيح، المحاولات المتبقية: %d", left),
		fmt.Sprintf("Wrong code; tries left: %d", left))
}

// Refusal reasons in RefusedError.Reason.
// The first three are outbox freeze reasons (outbox.FreezeReason).
const (
	ReasonQueueFull  = string(outbox.FreezeQueueFull)  // the outbox holds as much as it may
	ReasonBacklogOld = string(outbox.FreezeTooOld)     // undelivered requests are too old: offline too long
	ReasonKeyExpired = string(outbox.FreezeKeyExpired) // no valid sealing key; the kiosk must reach central
	ReasonStorage    = "storage"                       // the kiosk's storage failed or is damaged
	ReasonNoTerms    = "no_terms"                      // the terms were never received from central
)

func reasonText(reason string) Text {
	switch reason {
	case ReasonQueueFull:
		return Text{
			"لا يستطيع الجهاز استقبال طلبات جديدة الآن لأن ذاكرة الطلبات ممتلئة بانتظار الاتصال بالخادم. لم يُحفظ طلبك. نعتذر، جرّب جهازاً آخر أو عُد لاحقاً.",
			"This kiosk cannot take new requests now: its store of requests is full while it waits for the network. Your request was not saved. Please use another kiosk or come back later."}
	case ReasonBacklogOld:
		return Text{
			"الجهاز غير متصل بالخادم منذ مدة طويلة، لذلك أوقف استقبال الطلبات الجديدة. لم يُحفظ طلبك. جرّب جهازاً آخر أو عُد لاحقاً.",
			"This kiosk has been offline too long, so it has stopped taking new requests. Your request was not saved. Please use another kiosk or come back later."}
	case ReasonKeyExpired:
		return Text{
			"مفتاح الحماية في الجهاز منتهي ويحتاج إلى اتصال بالخادم لتجديده. لم يُحفظ طلبك. جرّب جهازاً آخر أو عُد لاحقاً.",
			"This kiosk's protection key has expired and needs the network to renew it. Your request was not saved. Please use another kiosk or come back later."}
	case ReasonNoTerms:
		return Text{
			"لم يستلم الجهاز نص الشروط والأحكام بعد، فلا يمكن التسجيل منه الآن. جرّب جهازاً آخر أو عُد لاحقاً.",
			"This kiosk has not yet received the terms and conditions, so registration is not possible here now. Please use another kiosk or come back later."}
	}
	return Text{
		"تعذّر حفظ الطلب في هذا الجهاز بسبب عطل في التخزين. لم يُحفظ طلبك. يرجى إبلاغ الموظف واستخدام جهاز آخر.",
		"This kiosk could not save the request because of a storage fault. Your request was not saved. Please tell a member of staff and use another kiosk."}
}

// refusal explains an outbox error: its freeze reason when it has one.
func refusal(err error) *RefusedError {
	var re *RefusedError
	if errors.As(err, &re) {
		return re
	}
	reason := freezeReason(err)
	return &RefusedError{Reason: reason, Text: reasonText(reason), Err: err}
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
