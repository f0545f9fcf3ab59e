package identity

import (
	"slices"
	"strings"
)

// Country is an ISO 3166-1 country of the nationality picker.
type Country struct {
	Alpha3 string // ISO 3166-1 alpha-3, the code stored and sent: "SAU"
	Alpha2 string // ISO 3166-1 alpha-2: "SA"
}

// Name returns the country name in lang ("en"; anything else gets Arabic), from
// the catalogue key "country.<Alpha3>" (assets/translations/countries.*.json).
func (c Country) Name(lang string) string { return tr("country."+c.Alpha3, lang) }

// icaoCountries are nationality codes that ICAO 9303 passports carry but
// ISO 3166-1 does not assign. Kosovo passports read RKS; Saudi Arabia
// recognises Kosovo.
var icaoCountries = []Country{
	{"RKS", "XK"},
}

// icaoAliases maps MRZ nationality spellings to the code we store: German
// passports carry "D" instead of "DEU".
var icaoAliases = map[string]string{"D": "DEU"}

var countryIndex = func() map[string]Country {
	m := make(map[string]Country, 2*(len(isoCountries)+len(icaoCountries)))
	for _, c := range slices.Concat(isoCountries, icaoCountries) {
		m[c.Alpha3] = c
		m[c.Alpha2] = c
	}
	return m
}()

// GCC member states by alpha-3.
const (
	SaudiArabia = "SAU"
	UAE         = "ARE"
	Bahrain     = "BHR"
	Kuwait      = "KWT"
	Oman        = "OMN"
	Qatar       = "QAT"
)

// Countries returns every nationality the pickers offer (the 249 ISO codes
// plus ICAO's RKS), sorted by alpha-3. The slice is a copy.
func Countries() []Country {
	out := slices.Concat(isoCountries, icaoCountries)
	slices.SortFunc(out, func(a, b Country) int { return strings.Compare(a.Alpha3, b.Alpha3) })
	return out
}

// LookupCountry finds a country by alpha-3, alpha-2 or ICAO alias, in any
// letter case, ignoring surrounding spaces.
func LookupCountry(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(normalizeDigits(code)))
	if a, ok := icaoAliases[code]; ok {
		code = a
	}
	c, ok := countryIndex[code]
	return c, ok
}

// ParseNationality returns the alpha-3 code for a nationality typed or read
// from an MRZ.
func ParseNationality(raw string) (string, error) {
	if strings.TrimSpace(normalizeDigits(raw)) == "" {
		return "", errf(CodeNationalityRequired, FieldNationality)
	}
	c, ok := LookupCountry(raw)
	if !ok {
		return "", errf(CodeNationalityUnknown, FieldNationality)
	}
	return c.Alpha3, nil
}
