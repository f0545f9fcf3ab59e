package register

import (
	"strings"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/identity"
)

var errDocumentUnusable = fieldErr(FieldIDNumber, "document_unusable")

// FillFromDocument fills the identity type, ID number, nationality and date of
// birth from a card or passport the document reader read, and moves to the ID number
// step so the person sees what was read. It accepts only what passes the same
// rules as typed input; a document it cannot use is an *InvalidError and changes
// nothing.
func (w *Wizard) FillFromDocument(d mrz.Document) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.step > StepBirthDate {
		return ErrWrongStep
	}
	id, ok := w.idFromDocument(d)
	if !ok {
		w.errs = []FieldError{errDocumentUnusable}
		return &InvalidError{Step: w.step, Errors: w.errs}
	}
	t := id.Type.IdentityType()
	w.form.IDType, w.form.IDNumber, w.form.Nationality = t, id.Number, id.Nationality
	w.form.BirthDate = identity.Date{Calendar: t.Calendars()[0]}
	if len(d.BirthDate) == 6 {
		b := d.BirthTime(w.deps.Now())
		if g, err := identity.NewDate(identity.Gregorian, b.Year(), int(b.Month()), b.Day()); err == nil {
			if conv, err := g.In(w.form.BirthDate.Calendar); err == nil {
				w.form.BirthDate = conv
			}
		}
	}
	w.errs = nil
	w.step = StepIDNumber
	w.furthest = max(w.furthest, StepIDNumber)
	return nil
}

// idFromDocument finds the ID the person registers with. Saudi and GCC cards and
// Saudi passports carry the national number in the document number or the
// optional data; other passports register as visitors with the passport number.
func (w *Wizard) idFromDocument(d mrz.Document) (identity.ID, bool) {
	candidates := []string{d.Number, d.Optional1, d.Optional2}
	nat := d.Nationality
	if nat == "" {
		nat = d.Issuer
	}
	try := func(kind identity.IDType, nationality string) (identity.ID, bool) {
		for _, c := range candidates {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			if id, err := w.deps.IDRules.ParseID(kind, c, nationality); err == nil {
				return id, true
			}
		}
		return identity.ID{}, false
	}
	switch {
	case nat == identity.SaudiArabia:
		return try(identity.NationalID, "")
	case d.Issuer == identity.SaudiArabia && !strings.HasPrefix(d.DocumentCode, "P"):
		if id, ok := try(identity.Iqama, ""); ok {
			return id, true
		}
		return try(identity.BorderNumber, "")
	case !strings.HasPrefix(d.DocumentCode, "P") && isGCC(d.Issuer):
		return try(identity.GCCID, d.Issuer)
	case strings.HasPrefix(d.DocumentCode, "P"):
		if id, err := w.deps.IDRules.ParseID(identity.Passport, d.Number, nat); err == nil {
			return id, true
		}
	}
	return identity.ID{}, false
}

func isGCC(alpha3 string) bool {
	for _, c := range identity.GCCCountries() {
		if c == alpha3 {
			return true
		}
	}
	return false
}
