package proof

import (
	"strings"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/identity"
)

// ParseTyped checks an ID number typed on the numeric keypad. The first digit
// says which document it is (1 national ID, 2 iqama, 3 or 4 a border number as
// rules allow); the number is then checked with that document's rules, so the
// person learns of a typo before anything is sent.
func ParseTyped(raw string, rules identity.Rules) (identity.ID, error) {
	s := strings.TrimSpace(identity.NormalizeDigits(raw))
	kind := identity.NationalID
	switch {
	case strings.HasPrefix(s, "2"):
		kind = identity.Iqama
	case s != "" && !strings.HasPrefix(s, "1"):
		if _, err := rules.ParseID(identity.BorderNumber, s, ""); err == nil {
			kind = identity.BorderNumber
		}
	}
	return rules.ParseID(kind, s, "")
}

// FromDocument finds the ID number on a card or passport the document reader
// read: a Saudi national ID or iqama number in the document number or the
// optional data, otherwise the passport number with its nationality. ok is false
// when nothing on it passes the identity rules.
func FromDocument(d mrz.Document, rules identity.Rules) (id identity.ID, ok bool) {
	for _, c := range []string{d.Number, d.Optional1, d.Optional2} {
		c = strings.TrimSpace(c)
		if len(c) != 10 {
			continue
		}
		for _, kind := range []identity.IDType{identity.NationalID, identity.Iqama} {
			if id, err := rules.ParseID(kind, c, ""); err == nil {
				return id, true
			}
		}
	}
	nat := d.Nationality
	if nat == "" {
		nat = d.Issuer
	}
	if id, err := rules.ParseID(identity.Passport, d.Number, nat); err == nil {
		return id, true
	}
	return identity.ID{}, false
}
