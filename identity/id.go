package identity

import (
	"slices"
	"strings"

	"github.com/bawaba/bawaba/identity/luhn"
)

// IdentityType is who the applicant is; it decides which ID documents and
// which calendars for the date of birth are accepted.
type IdentityType int

// Identity types offered on the registration screen.
const (
	Citizen  IdentityType = iota + 1 // Saudi citizen: national ID
	Resident                         // resident: iqama, or border number for a new arrival
	Visitor                          // visitor: passport number + nationality
	GCC                              // GCC citizen: GCC national ID + nationality
)

// IdentityTypes lists the identity types in the order the UI offers them.
func IdentityTypes() []IdentityType { return []IdentityType{Citizen, Resident, Visitor, GCC} }

func (t IdentityType) String() string {
	switch t {
	case Citizen:
		return "citizen"
	case Resident:
		return "resident"
	case Visitor:
		return "visitor"
	case GCC:
		return "gcc"
	}
	return "unknown"
}

// Name returns the label shown to the applicant, from the catalogue key
// "identity.type.<String()>".
func (t IdentityType) Name(lang string) string { return tr("identity.type."+t.String(), lang) }

// IDTypes returns the ID documents the identity type may register with.
func (t IdentityType) IDTypes() []IDType {
	switch t {
	case Citizen:
		return []IDType{NationalID}
	case Resident:
		return []IDType{Iqama, BorderNumber}
	case Visitor:
		return []IDType{Passport}
	case GCC:
		return []IDType{GCCID}
	}
	return nil
}

// Calendars returns the calendars the date of birth may be entered in, the
// default first: citizens Hijri or Gregorian, everyone else Gregorian.
func (t IdentityType) Calendars() []Calendar {
	switch t {
	case Citizen:
		return []Calendar{Hijri, Gregorian}
	case Resident, Visitor, GCC:
		return []Calendar{Gregorian}
	}
	return nil
}

// AllowsCalendar reports whether a date of birth in c is accepted for t.
func (t IdentityType) AllowsCalendar(c Calendar) bool { return slices.Contains(t.Calendars(), c) }

// IDType is the kind of document number.
type IDType int

// ID document kinds.
const (
	NationalID   IDType = iota + 1 // Saudi national ID, 10 digits starting 1, Luhn
	Iqama                          // resident identity, 10 digits starting 2, Luhn
	BorderNumber                   // border (entry) number of a new arrival, 10 digits, Rules.BorderPrefixes, no check digit
	Passport                       // visitor's passport number, with nationality
	GCCID                          // national ID of another GCC state, with nationality
)

func (k IDType) String() string {
	switch k {
	case NationalID:
		return "national_id"
	case Iqama:
		return "iqama"
	case BorderNumber:
		return "border_number"
	case Passport:
		return "passport"
	case GCCID:
		return "gcc_id"
	}
	return "unknown"
}

// Code is the kind's name in the kiosk ⇄ central protocol (wire.Registration's
// id_type) and in the central registry: "citizen", "resident" (iqama), "border",
// "visitor" (passport), "gcc". sync/wire's IDCitizen … IDGCC constants are these
// strings; the central service's tests hold the two equal. An unknown kind has "".
func (k IDType) Code() string {
	switch k {
	case NationalID:
		return "citizen"
	case Iqama:
		return "resident"
	case BorderNumber:
		return "border"
	case Passport:
		return "visitor"
	case GCCID:
		return "gcc"
	}
	return ""
}

// IDTypeFromCode is the kind whose Code is code; ok is false for any other string.
func IDTypeFromCode(code string) (kind IDType, ok bool) {
	for k := NationalID; k <= GCCID; k++ {
		if k.Code() == code {
			return k, true
		}
	}
	return 0, false
}

// Name returns the field label for the document number, from the catalogue key
// "identity.idtype.<String()>".
func (k IDType) Name(lang string) string { return tr("identity.idtype."+k.String(), lang) }

// IdentityType returns who holds this kind of document.
func (k IDType) IdentityType() IdentityType {
	switch k {
	case NationalID:
		return Citizen
	case Iqama, BorderNumber:
		return Resident
	case Passport:
		return Visitor
	case GCCID:
		return GCC
	}
	return 0
}

// ID is a validated, normalised document number.
type ID struct {
	Type        IDType
	Number      string // ASCII digits, or A–Z and digits for a passport
	Nationality string // ISO alpha-3; SAU for a national ID; "" when unknown (iqama, border number)
}

// String masks the number so an ID printed into a log by mistake does not
// leak it: "national_id ******9940".
func (id ID) String() string { return id.Type.String() + " " + Mask(id.Number) }

// Mask keeps the last four characters of s and replaces the rest with '*'.
func Mask(s string) string {
	if len(s) <= 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
}

// DefaultBorderPrefixes are the first digits of border numbers: 10 digits
// starting 3 or 4. The first digit of a Ministry of Interior computer number
// names its kind (1 citizen, 2 resident); 3 and 4 for border numbers come from
// community sources, not an official table. Deployments override them in Rules.
//
// A border number has no check digit here, at the kiosk or at the central
// service (backoffice.ValidID calls this code). The Luhn digit of national IDs
// and iqamas is confirmed by many independent validators; for border numbers we
// found no source that confirms it. The two mistakes do not cost the same: a
// check digit that real border numbers lack would turn every new arrival away
// with no way round it, while a mistyped border number without one is still
// caught by the central registry lookup (at once when the kiosk is online, as a
// decline when the request is applied). Enforce one only when an official source
// states it.
var DefaultBorderPrefixes = []string{"3", "4"}

// Rules holds the ID rules that differ by deployment. The zero value is the
// default rule set.
type Rules struct {
	// BorderPrefixes are the leading digit strings a 10-digit border number
	// may start with. Nil means DefaultBorderPrefixes; an empty non-nil
	// slice accepts no border numbers.
	BorderPrefixes []string
}

// ParseID validates an ID number with the default Rules. See Rules.ParseID.
func ParseID(kind IDType, raw, nationality string) (ID, error) {
	return Rules{}.ParseID(kind, raw, nationality)
}

// ParseID validates and normalises an ID number of the given kind.
//
// The number is trimmed, Arabic-Indic and Persian digits become ASCII, and
// spaces and dashes are removed (cards print "784-1990-…"). nationality is
// an ISO alpha-3 (alpha-2 and ICAO "D" are accepted and normalised):
//   - NationalID: must be empty or SAU; the ID gets SAU.
//   - Iqama, BorderNumber: optional, never SAU.
//   - Passport: required, never SAU (a Saudi registers with the national ID).
//   - GCCID: required, one of ARE, BHR, KWT, OMN, QAT.
//
// The first failing rule is returned as an Error with Field FieldID or
// FieldNationality.
func (r Rules) ParseID(kind IDType, raw, nationality string) (ID, error) {
	nat, err := parseIDNationality(kind, nationality)
	if err != nil {
		return ID{}, err
	}
	if kind == Passport {
		n, err := parsePassport(raw)
		return ID{Type: kind, Number: n, Nationality: nat}, err
	}
	num := compact(raw, "-")
	switch {
	case kind < NationalID || kind > GCCID:
		return ID{}, errf(CodeIDType, FieldID)
	case num == "":
		return ID{}, errf(CodeIDRequired, FieldID)
	case !allDigits(num):
		return ID{}, errf(CodeIDDigits, FieldID)
	}
	switch kind {
	case NationalID, Iqama:
		err = checkSaudiID(num, map[IDType]string{NationalID: "1", Iqama: "2"}[kind])
	case BorderNumber:
		err = r.checkBorder(num)
	case GCCID:
		err = gccRules[nat].check(num)
	}
	if err != nil {
		return ID{}, err
	}
	return ID{Type: kind, Number: num, Nationality: nat}, nil
}

func parseIDNationality(kind IDType, raw string) (string, error) {
	blank := strings.TrimSpace(normalizeDigits(raw)) == ""
	if blank {
		switch kind {
		case NationalID:
			return SaudiArabia, nil
		case Passport, GCCID:
			return "", errf(CodeNationalityRequired, FieldNationality)
		}
		return "", nil
	}
	nat, err := ParseNationality(raw)
	if err != nil {
		return "", err
	}
	switch kind {
	case NationalID:
		if nat != SaudiArabia {
			return "", errf(CodeNationalityNotAllowed, FieldNationality)
		}
	case Iqama, BorderNumber, Passport:
		if nat == SaudiArabia {
			return "", errf(CodeNationalityNotAllowed, FieldNationality)
		}
	case GCCID:
		if _, ok := gccRules[nat]; !ok {
			return "", errf(CodeNationalityNotAllowed, FieldNationality)
		}
	}
	return nat, nil
}

// checkSaudiID checks a national ID or iqama: 10 digits, the expected first
// digit, Luhn check digit.
func checkSaudiID(num, prefix string) error {
	switch {
	case len(num) != 10:
		return errf(CodeIDLength, FieldID)
	case !strings.HasPrefix(num, prefix):
		return errf(CodeIDPrefix, FieldID)
	case !luhn.Valid(num):
		return errf(CodeIDChecksum, FieldID)
	}
	return nil
}

func (r Rules) checkBorder(num string) error {
	prefixes := r.BorderPrefixes
	if prefixes == nil {
		prefixes = DefaultBorderPrefixes
	}
	if len(num) != 10 {
		return errf(CodeIDLength, FieldID)
	}
	for _, p := range prefixes {
		if p != "" && strings.HasPrefix(num, p) {
			return nil
		}
	}
	return errf(CodeIDPrefix, FieldID)
}

// Passport number lengths, the one rule the kiosk and the central service apply.
// ICAO 9303 has a 9-character field, but longer numbers continue into the
// optional data, and some states issue 6–8 characters; 5–15 keeps real numbers
// in while stopping obvious garbage. (Central once allowed 20: no kiosk sent
// more than 15, so nothing that was accepted end to end is refused now.)
const (
	MinPassportLen = 5
	MaxPassportLen = 15
)

// parsePassport normalises a passport number: A–Z and 0–9, MinPassportLen to
// MaxPassportLen characters.
func parsePassport(raw string) (string, error) {
	n := strings.ToUpper(compact(raw, "-"))
	if n == "" {
		return "", errf(CodeIDRequired, FieldID)
	}
	if len(n) < MinPassportLen || len(n) > MaxPassportLen {
		return "", errf(CodePassportFormat, FieldID)
	}
	for i := 0; i < len(n); i++ {
		if c := n[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", errf(CodePassportFormat, FieldID)
		}
	}
	return n, nil
}
