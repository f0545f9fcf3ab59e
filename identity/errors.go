package identity

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Code is the stable identifier of a rule that input broke. Codes never
// change once published: the UI, the central service and receipts key on
// them. Code implements error so that errors.Is(err, CodeIDChecksum) works.
type Code string

// Codes, grouped by the field they concern.
const (
	CodeIDRequired            Code = "id.required"
	CodeIDDigits              Code = "id.digits"
	CodeIDLength              Code = "id.length"
	CodeIDPrefix              Code = "id.prefix"
	CodeIDChecksum            Code = "id.checksum"
	CodeIDType                Code = "id.type"
	CodePassportFormat        Code = "passport.format"
	CodeNationalityRequired   Code = "nationality.required"
	CodeNationalityUnknown    Code = "nationality.unknown"
	CodeNationalityNotAllowed Code = "nationality.not_allowed"

	CodeDateRequired   Code = "date.required"
	CodeDateFormat     Code = "date.format"
	CodeDateCalendar   Code = "date.calendar"
	CodeDateMonth      Code = "date.month"
	CodeDateDay        Code = "date.day"
	CodeDateRange      Code = "date.range"
	CodeDateHijriRange Code = "date.hijri_range"
	CodeDOBFuture      Code = "dob.future"
	CodeDOBTooYoung    Code = "dob.too_young"
	CodeDOBCalendar    Code = "dob.calendar"
	CodeDOBCalendarAny Code = "dob.calendar_any"

	CodeMobileRequired    Code = "mobile.required"
	CodeMobileFormat      Code = "mobile.format"
	CodeMobileSaudi       Code = "mobile.saudi"
	CodeMobileCountryCode Code = "mobile.country_code"
	CodeMobileLength      Code = "mobile.length"

	CodeEmailRequired Code = "email.required"
	CodeEmailFormat   Code = "email.format"
	CodeEmailLength   Code = "email.length"

	CodeUsernameLength Code = "username.length"
	CodeUsernameChars  Code = "username.chars"
	CodeUsernameDigit  Code = "username.digit"
	CodeUsernameUpper  Code = "username.upper"
	CodeUsernameLower  Code = "username.lower"

	CodePasswordLength   Code = "password.length"
	CodePasswordUpper    Code = "password.upper"
	CodePasswordLower    Code = "password.lower"
	CodePasswordSymbol   Code = "password.symbol"
	CodePasswordChars    Code = "password.chars"
	CodePasswordUsername Code = "password.username"
	CodePasswordRepeat   Code = "password.repeat"
	CodePasswordConfirm  Code = "password.confirm"

	CodeAddressRequired         Code = "address.required"
	CodeAddressText             Code = "address.text"
	CodeAddressBuildingNumber   Code = "address.building_number"
	CodeAddressPostalCode       Code = "address.postal_code"
	CodeAddressAdditionalNumber Code = "address.additional_number"
	CodeAddressShortAddress     Code = "address.short_address"
)

// Field names carried by Error.Field; the UI uses them to put a message next
// to the right input.
const (
	FieldID               = "id_number"
	FieldNationality      = "nationality"
	FieldDate             = "date"
	FieldDateOfBirth      = "date_of_birth"
	FieldMobile           = "mobile"
	FieldEmail            = "email"
	FieldUsername         = "username"
	FieldPassword         = "password"
	FieldPasswordConfirm  = "password_confirm"
	FieldBuildingNumber   = "building_number"
	FieldStreet           = "street"
	FieldDistrict         = "district"
	FieldCity             = "city"
	FieldPostalCode       = "postal_code"
	FieldAdditionalNumber = "additional_number"
	FieldShortAddress     = "short_address"
)

type text struct{ ar, en string }

// messages is the one table of user-facing texts. "{n}" is replaced by
// Error.Arg; "{years}" by Arg with the Arabic counted noun in its right form.
var messages = map[Code]text{
	CodeIDRequired:            {"رقم الهوية مطلوب", "The ID number is required"},
	CodeIDDigits:              {"رقم الهوية يجب أن يتكون من أرقام فقط", "The ID number must contain digits only"},
	CodeIDLength:              {"عدد أرقام رقم الهوية غير صحيح", "The ID number has the wrong number of digits"},
	CodeIDPrefix:              {"رقم الهوية لا يتوافق مع نوع الهوية المختار", "The ID number does not match the selected identity type"},
	CodeIDChecksum:            {"رقم الهوية غير صحيح", "The ID number is not valid"},
	CodeIDType:                {"نوع الهوية غير مدعوم", "This identity type is not supported"},
	CodePassportFormat:        {"رقم جواز السفر غير صحيح", "The passport number is not valid"},
	CodeNationalityRequired:   {"الجنسية مطلوبة", "The nationality is required"},
	CodeNationalityUnknown:    {"الجنسية غير معروفة", "The nationality is not recognised"},
	CodeNationalityNotAllowed: {"الجنسية المختارة لا تتوافق مع نوع الهوية", "The selected nationality does not match the identity type"},

	CodeDateRequired:   {"التاريخ مطلوب", "The date is required"},
	CodeDateFormat:     {"صيغة التاريخ غير صحيحة", "The date format is not valid"},
	CodeDateCalendar:   {"نوع التقويم غير صحيح", "The calendar is not valid"},
	CodeDateMonth:      {"الشهر غير صحيح", "The month is not valid"},
	CodeDateDay:        {"اليوم غير موجود في الشهر المختار", "This day does not exist in the selected month"},
	CodeDateRange:      {"التاريخ الميلادي يجب أن يكون بين 12 نوفمبر 1882 و25 نوفمبر 2174", "A Gregorian date must be between 12 November 1882 and 25 November 2174"},
	CodeDateHijriRange: {"التاريخ الهجري يجب أن يكون بين عامي 1300 و1600 هـ", "A Hijri date must be between the years 1300 and 1600 AH"},
	CodeDOBFuture:      {"تاريخ الميلاد لا يمكن أن يكون في المستقبل", "The date of birth cannot be in the future"},
	CodeDOBTooYoung:    {"يجب ألا يقل عمر مقدم الطلب عن {years}", "The applicant must be at least {n} years old"},
	CodeDOBCalendar:    {"يجب إدخال تاريخ الميلاد بالتقويم الميلادي", "The date of birth must be entered in the Gregorian calendar"},
	CodeDOBCalendarAny: {"يجب إدخال تاريخ الميلاد بالتقويم الهجري أو الميلادي", "The date of birth must be entered in the Hijri or Gregorian calendar"},

	CodeMobileRequired:    {"رقم الجوال مطلوب", "The mobile number is required"},
	CodeMobileFormat:      {"رقم الجوال غير صحيح", "The mobile number is not valid"},
	CodeMobileSaudi:       {"رقم الجوال يجب أن يبدأ بـ 05 ويتكون من 10 أرقام", "A Saudi mobile number starts with 05 and has 10 digits"},
	CodeMobileCountryCode: {"رمز الدولة غير صحيح", "The country code is not valid"},
	CodeMobileLength:      {"عدد أرقام رقم الجوال غير صحيح", "The mobile number has the wrong number of digits"},

	CodeEmailRequired: {"البريد الإلكتروني مطلوب", "The email address is required"},
	CodeEmailFormat:   {"البريد الإلكتروني غير صحيح", "The email address is not valid"},
	CodeEmailLength:   {"البريد الإلكتروني أطول من المسموح", "The email address is too long"},

	CodeUsernameLength: {"يجب ألا يقل اسم المستخدم عن 8 خانات", "The username must be at least 8 characters long"},
	CodeUsernameChars:  {"يجب أن يتكون اسم المستخدم من أحرف إنجليزية وأرقام فقط", "The username may contain English letters and digits only"},
	CodeUsernameDigit:  {"يجب أن يحتوي اسم المستخدم على رقم واحد على الأقل", "The username must contain at least one digit"},
	CodeUsernameUpper:  {"يجب أن يحتوي اسم المستخدم على حرف إنجليزي كبير واحد على الأقل", "The username must contain at least one upper-case English letter"},
	CodeUsernameLower:  {"يجب أن يحتوي اسم المستخدم على حرف إنجليزي صغير واحد على الأقل", "The username must contain at least one lower-case English letter"},

	CodePasswordLength:   {"يجب ألا تقل كلمة المرور عن 8 خانات", "The password must be at least 8 characters long"},
	CodePasswordUpper:    {"يجب أن تحتوي كلمة المرور على حرف إنجليزي كبير واحد على الأقل", "The password must contain at least one upper-case English letter"},
	CodePasswordLower:    {"يجب أن تحتوي كلمة المرور على حرف إنجليزي صغير واحد على الأقل", "The password must contain at least one lower-case English letter"},
	CodePasswordSymbol:   {"يجب أن تحتوي كلمة المرور على رمز واحد على الأقل مثل ! @ # $", "The password must contain at least one symbol such as ! @ # $"},
	CodePasswordChars:    {"يجب أن تتكون كلمة المرور من أحرف وأرقام ورموز إنجليزية فقط", "The password may contain English letters, digits and symbols only"},
	CodePasswordUsername: {"يجب ألا تحتوي كلمة المرور على أكثر من 4 خانات متتالية من اسم المستخدم", "The password must not contain more than 4 consecutive characters of the username"},
	CodePasswordRepeat:   {"يجب ألا يتكرر أي حرف في كلمة المرور أكثر من 4 مرات", "No character may appear in the password more than 4 times"},
	CodePasswordConfirm:  {"كلمة المرور وتأكيدها غير متطابقين", "The password and its confirmation do not match"},

	CodeAddressRequired:         {"هذا الحقل مطلوب", "This field is required"},
	CodeAddressText:             {"يحتوي هذا الحقل على رموز غير مسموح بها أو نص أطول من المسموح", "This field contains characters that are not allowed or is too long"},
	CodeAddressBuildingNumber:   {"رقم المبنى يجب أن يتكون من 4 أرقام", "The building number must have 4 digits"},
	CodeAddressPostalCode:       {"الرمز البريدي يجب أن يتكون من 5 أرقام", "The postal code must have 5 digits"},
	CodeAddressAdditionalNumber: {"الرقم الإضافي يجب أن يتكون من 4 أرقام", "The additional number must have 4 digits"},
	CodeAddressShortAddress:     {"العنوان المختصر يجب أن يتكون من 4 أحرف إنجليزية و4 أرقام مثل RRRD2929", "The short address must be 4 English letters and 4 digits, such as RRRD2929"},
}

// Codes returns every code in a stable order (sorted), for tests and for
// checking that a translation table is complete.
func Codes() []Code {
	out := make([]Code, 0, len(messages))
	for c := range messages {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// Error implements error so that a bare code can be an errors.Is target. It
// returns the code itself, so printing a Code shows "id.checksum".
func (c Code) Error() string { return string(c) }

// Message returns the code's text in lang ("ar" or "en"; anything else gets
// Arabic, the kiosk's first language).
func (c Code) Message(lang string) string { return Error{Code: c}.Message(lang) }

// Error is a rule that input broke. It is comparable, holds no typed data,
// and is returned by value.
type Error struct {
	Code  Code   // which rule
	Field string // which input (Field* constants)
	Arg   int    // a number the message needs, e.g. the minimum age
}

// Error returns a log-safe English description (code and field; never the input).
func (e Error) Error() string {
	s := "identity: "
	if e.Field != "" {
		s += e.Field + ": "
	}
	return s + string(e.Code) + " (" + e.Message("en") + ")"
}

// Is makes errors.Is(err, CodeX) and errors.Is(err, Error{Code: CodeX}) true
// for an Error with that code; a target with a Field must match it too.
func (e Error) Is(target error) bool {
	switch t := target.(type) {
	case Code:
		return e.Code == t
	case Error:
		return e.Code == t.Code && (t.Field == "" || t.Field == e.Field)
	}
	return false
}

// Message returns the user-facing text in lang ("ar" or "en"; anything else
// gets Arabic).
func (e Error) Message(lang string) string {
	m, ok := messages[e.Code]
	if !ok {
		m = text{"البيانات المدخلة غير صحيحة", "The entered value is not valid"}
	}
	s := m.ar
	if lang == "en" || strings.HasPrefix(lang, "en-") {
		s = m.en
	}
	s = strings.ReplaceAll(s, "{years}", arabicYears(e.Arg))
	return strings.ReplaceAll(s, "{n}", strconv.Itoa(e.Arg))
}

// arabicYears counts years with the noun form Arabic grammar requires:
// سنة واحدة، سنتان، 3–10 سنوات، 11 سنة فأكثر.
func arabicYears(n int) string {
	switch {
	case n == 1:
		return "سنة واحدة"
	case n == 2:
		return "سنتين"
	case n >= 3 && n <= 10:
		return strconv.Itoa(n) + " سنوات"
	default:
		return strconv.Itoa(n) + " سنة"
	}
}

func errf(code Code, field string) Error { return Error{Code: code, Field: field} }

// onField re-targets an Error at field (a date error becomes a date-of-birth
// error); other errors pass through unchanged.
func onField(err error, field string) error {
	var e Error
	if errors.As(err, &e) {
		e.Field = field
		return e
	}
	return err
}
