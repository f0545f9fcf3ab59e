package register

import (
	"errors"
	"strings"
	"time"

	"github.com/bawaba/bawaba/identity"
)

// Check is one line of the live username/password checklist.
type Check struct {
	Field Field // FieldUsername, FieldPassword or FieldConfirm
	Code  string
	Text  Text
	OK    bool
}

// fromIdentity attaches an identity rule violation to one of the wizard's fields,
// with the rule's own code and messages.
func fromIdentity(f Field, err error) FieldError {
	var ie identity.Error
	if !errors.As(err, &ie) {
		return fieldErr(f, "invalid")
	}
	switch ie.Field {
	case identity.FieldNationality:
		f = FieldNationality
	case identity.FieldPasswordConfirm:
		f = FieldConfirm
	}
	return FieldError{Field: f, Code: string(ie.Code), Text: Text{AR: ie.Message(LangArabic), EN: ie.Message(LangEnglish)}}
}

// checkID validates the ID number for the chosen identity type. A resident's
// number is an iqama when it starts with 2 and a border number otherwise, which
// is how the two are told apart on paper too.
func (w *Wizard) checkID() (identity.ID, []FieldError) {
	f := w.form
	kinds := f.IDType.IDTypes()
	if len(kinds) == 0 {
		return identity.ID{}, []FieldError{errChooseIDType}
	}
	kind := kinds[0]
	if f.IDType == identity.Resident && !strings.HasPrefix(identity.NormalizeDigits(strings.TrimSpace(f.IDNumber)), "2") {
		kind = identity.BorderNumber
	}
	id, err := w.deps.IDRules.ParseID(kind, f.IDNumber, f.Nationality)
	if err != nil {
		return identity.ID{}, []FieldError{fromIdentity(FieldIDNumber, err)}
	}
	return id, nil
}

func checkBirthDate(t identity.IdentityType, d identity.Date, now time.Time, minAge int) (BirthDates, []FieldError) {
	if !picked(d) {
		return BirthDates{}, []FieldError{fromIdentity(FieldBirthDate, identity.Error{Code: identity.CodeDateRequired})}
	}
	if err := identity.CheckDateOfBirth(t, d, now, minAge); err != nil {
		return BirthDates{}, []FieldError{fromIdentity(FieldBirthDate, err)}
	}
	b, err := bothCalendars(d)
	if err != nil {
		return BirthDates{}, []FieldError{fromIdentity(FieldBirthDate, err)}
	}
	return b, nil
}

func checkMobile(raw string) (string, []FieldError) {
	m, err := identity.ParseMobile(raw)
	if err != nil {
		return "", []FieldError{fromIdentity(FieldMobile, err)}
	}
	return m.E164(), nil
}

func checkEmail(raw string) (string, []FieldError) {
	e, err := identity.ParseEmail(raw)
	if err != nil {
		return "", []FieldError{fromIdentity(FieldEmail, err)}
	}
	return e, nil
}

// checkCredentials reports every broken rule; the screen shows the first per field
// next to it and the rest in the checklist.
func checkCredentials(username, password, confirm string) []FieldError {
	var errs []FieldError
	for _, e := range identity.CheckUsername(username) {
		errs = append(errs, fromIdentity(FieldUsername, e))
	}
	for _, e := range identity.CheckPassword(password, confirm, username) {
		errs = append(errs, fromIdentity(FieldPassword, e))
	}
	return errs
}

func passwordChecklist(username, password, confirm string) []Check {
	var out []Check
	add := func(f Field, rs []identity.RuleState) {
		for _, r := range rs {
			out = append(out, Check{Field: f, Code: string(r.Code), OK: r.OK,
				Text: Text{AR: r.Message(LangArabic), EN: r.Message(LangEnglish)}})
		}
	}
	add(FieldUsername, identity.UsernameChecklist(username))
	pw := identity.PasswordChecklist(password, confirm, username)
	for _, r := range pw {
		f := FieldPassword
		if r.Code == identity.CodePasswordConfirm {
			f = FieldConfirm
		}
		add(f, []identity.RuleState{r})
	}
	return out
}
