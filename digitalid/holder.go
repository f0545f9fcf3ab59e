package digitalid

import (
	"fmt"
	"time"
)

// CWT claim keys (RFC 8392 §4, IANA "CBOR Web Token Claims").
const (
	claimIss = 1   // issuer, a URI in Claim 169 v1.2.2
	claimExp = 4   // expiry, Unix seconds
	claimNbf = 5   // not before, Unix seconds; read when present, not written
	claimIat = 6   // issued at, Unix seconds
	claimCti = 7   // CWT ID: our fresh random nonce
	claim169 = 169 // identity-data (MOSIP, IANA-registered)
	// claimCopy is a private-use claim (keys below -65536 are private use in the
	// IANA CWT registry): true on the long-lived credential printed on paper.
	claimCopy = -65537
)

// Keys inside claim 169, from MOSIP's "169 - QR Code Specifications" version 1.2.2
// (5 May 2026). The numbers changed between versions (1.0.0 to 1.2.x), so a reader
// must use this table and not an older one.
const (
	key169ID                = 1  // tstr: unique ID
	key169Language          = 3  // tstr: ISO 639-3 language of the other attributes
	key169FullName          = 4  // tstr: full name, in Language
	key169BirthDate         = 8  // tstr: YYYYMMDD (Gregorian)
	key169Gender            = 9  // int: 1 male, 2 female, 3 others
	key169Nationality       = 13 // tstr: ISO 3166 alpha-2 or alpha-3
	key169SecondaryFullName = 19 // tstr: full name in SecondaryLanguage
	key169SecondaryLanguage = 20 // tstr: ISO 639-3 of the secondary-language fields
)

// Gender is claim 169's key 9. Zero means unknown and is not written.
type Gender int

// Claim 169 v1.2.2 gender values.
const (
	GenderUnknown Gender = 0
	GenderMale    Gender = 1
	GenderFemale  Gender = 2
	GenderOther   Gender = 3
)

// Date is a Gregorian calendar day, without a time zone: a date of birth.
type Date struct {
	Year, Month, Day int
}

// String is the date as claim 169 writes it, YYYYMMDD.
func (d Date) String() string { return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day) }

// valid reports whether d is a real day of the Gregorian calendar.
func (d Date) valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day
}

// parseDate reads claim 169's YYYYMMDD. It also accepts YYYY-MM-DD, which MOSIP's own
// conversion example in v1.2.2 §3.2.1 uses, so a credential from such an issuer reads.
func parseDate(s string) (Date, bool) {
	var d Date
	var n int
	var err error
	switch len(s) {
	case 8:
		n, err = fmt.Sscanf(s, "%4d%2d%2d", &d.Year, &d.Month, &d.Day)
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return Date{}, false
		}
		n, err = fmt.Sscanf(s, "%4d-%2d-%2d", &d.Year, &d.Month, &d.Day)
	default:
		return Date{}, false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '-' {
			return Date{}, false
		}
	}
	if err != nil || n != 3 || !d.valid() {
		return Date{}, false
	}
	return d, true
}

// Holder is the person a digital ID speaks for: what claim 169 carries. Arabic is
// the primary language (FullName, Language "ara") and English the secondary.
type Holder struct {
	ID                string // ID or iqama number
	FullName          string // in Language
	Language          string // ISO 639-3, "ara"
	SecondaryFullName string // in SecondaryLanguage; empty when not known
	SecondaryLanguage string // ISO 639-3, "eng"
	BirthDate         Date   // Gregorian
	Gender            Gender // GenderUnknown is left out of the credential
	Nationality       string // ISO 3166 alpha-3, e.g. "SAU"
}

// Languages Bawaba writes: Arabic first, English second.
const (
	LanguageArabic  = "ara"
	LanguageEnglish = "eng"
)

// claims169 is h as claim 169's map; optional fields that are empty are left out.
func (h Holder) claims169() map[int]any {
	m := map[int]any{key169ID: h.ID, key169FullName: h.FullName, key169BirthDate: h.BirthDate.String()}
	if h.Language != "" {
		m[key169Language] = h.Language
	}
	if h.Gender != GenderUnknown {
		m[key169Gender] = int(h.Gender)
	}
	if h.Nationality != "" {
		m[key169Nationality] = h.Nationality
	}
	if h.SecondaryFullName != "" {
		m[key169SecondaryFullName] = h.SecondaryFullName
		m[key169SecondaryLanguage] = h.SecondaryLanguage
	}
	return m
}

// check refuses a holder the issuer must not sign: the fields a verifier needs.
func (h Holder) check() error {
	switch {
	case h.ID == "":
		return fmt.Errorf("%w: no ID", ErrHolder)
	case h.FullName == "":
		return fmt.Errorf("%w: no full name", ErrHolder)
	case !h.BirthDate.valid():
		return fmt.Errorf("%w: date of birth is not a Gregorian day", ErrHolder)
	case h.SecondaryFullName != "" && h.SecondaryLanguage == "":
		return fmt.Errorf("%w: secondary name without its language", ErrHolder)
	case h.Gender < GenderUnknown || h.Gender > GenderOther:
		return fmt.Errorf("%w: gender %d", ErrHolder, h.Gender)
	}
	return nil
}
