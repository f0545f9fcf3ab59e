package identity

import (
	"errors"
	"slices"

	"github.com/bawaba/bawaba/i18n"
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
	CodeAddressLength           Code = "address.length"
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

// allCodes lists every Code; its message is the catalogue text
// "identity.err.<code>" (assets/translations/identity.*.json).
var allCodes = []Code{
	CodeIDRequired, CodeIDDigits, CodeIDLength, CodeIDPrefix,
	CodeIDChecksum, CodeIDType, CodePassportFormat, CodeNationalityRequired,
	CodeNationalityUnknown, CodeNationalityNotAllowed, CodeDateRequired, CodeDateFormat,
	CodeDateCalendar, CodeDateMonth, CodeDateDay, CodeDateRange, CodeDateHijriRange,
	CodeDOBFuture, CodeDOBTooYoung, CodeDOBCalendar, CodeDOBCalendarAny,
	CodeMobileRequired, CodeMobileFormat, CodeMobileSaudi, CodeMobileCountryCode,
	CodeMobileLength, CodeEmailRequired, CodeEmailFormat, CodeEmailLength,
	CodeUsernameLength, CodeUsernameChars, CodeUsernameDigit, CodeUsernameUpper,
	CodeUsernameLower, CodePasswordLength, CodePasswordUpper, CodePasswordLower,
	CodePasswordSymbol, CodePasswordChars, CodePasswordUsername, CodePasswordRepeat,
	CodePasswordConfirm, CodeAddressRequired, CodeAddressText, CodeAddressLength, CodeAddressBuildingNumber,
	CodeAddressPostalCode, CodeAddressAdditionalNumber, CodeAddressShortAddress,
	CodeRelationUnknown, CodeRelationSelf, CodeRelationSpouseAge, CodeRelationChildAge,
	CodeRelationParentAge, CodeRelationSponsoredCitizen,
}

// Codes returns every code in a stable order (sorted), for tests and for
// checking that a translation table is complete.
func Codes() []Code {
	out := slices.Clone(allCodes)
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

// MessageKey is the catalogue key of the code's text: "identity.err.<code>".
func (c Code) MessageKey() string { return "identity.err." + string(c) }

// Message returns the user-facing text in lang ("ar" or "en"; anything else
// gets Arabic), from the translation catalogue. A code without a text (none
// should exist: the package test checks every Code) gets the generic
// "identity.err.invalid".
func (e Error) Message(lang string) string {
	l := catalogLang(lang)
	key := e.Code.MessageKey()
	if !i18n.Default().Has(l, key) {
		key = "identity.err.invalid"
	}
	if e.Code == CodeDOBTooYoung {
		return i18n.Tf(l, key, years(l, e.Arg))
	}
	return i18n.T(l, key)
}

// years counts years with the noun form the language requires; Arabic has
// four: سنة واحدة، سنتين، 3–10 سنوات، 11 سنة فأكثر.
func years(l i18n.Lang, n int) string {
	switch {
	case n == 1:
		return i18n.T(l, "identity.years.one")
	case n == 2:
		return i18n.T(l, "identity.years.two")
	case n >= 3 && n <= 10:
		return i18n.Tf(l, "identity.years.few", n)
	default:
		return i18n.Tf(l, "identity.years.many", n)
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
