package identity

import (
	"errors"
	"strings"
	"unicode"
)

// maxAddressText is the longest street, district or city name accepted, in
// characters; the longest Saudi street names are well under it.
const maxAddressText = 100

// Address is a Saudi national address (العنوان الوطني).
type Address struct {
	BuildingNumber   string // 4 digits, e.g. "2929"
	Street           string
	District         string
	City             string
	PostalCode       string // 5 digits, e.g. "12345"
	AdditionalNumber string // 4 digits
	ShortAddress     string // 4 letters + 4 digits, e.g. "RRRD2929"
}

// CheckAddress validates every field and returns the normalised address and
// one Error per bad field (in field order), or nil errors. All fields are
// required. Digits may be typed in Arabic-Indic or Persian script; spaces
// inside numbers are dropped; text fields are trimmed with inner runs of
// spaces collapsed.
//
// The short address's 4 digits are commonly the building number, but that
// is not checked: it is not stated by Saudi Post in a form we could verify.
func CheckAddress(a Address) (Address, []Error) {
	var errs []Error
	keep := func(v string, err error) string {
		var e Error
		if errors.As(err, &e) {
			errs = append(errs, e)
		}
		return v
	}
	out := Address{
		BuildingNumber:   keep(digitsField(a.BuildingNumber, 4, FieldBuildingNumber, CodeAddressBuildingNumber)),
		Street:           keep(textField(a.Street, FieldStreet)),
		District:         keep(textField(a.District, FieldDistrict)),
		City:             keep(textField(a.City, FieldCity)),
		PostalCode:       keep(digitsField(a.PostalCode, 5, FieldPostalCode, CodeAddressPostalCode)),
		AdditionalNumber: keep(digitsField(a.AdditionalNumber, 4, FieldAdditionalNumber, CodeAddressAdditionalNumber)),
		ShortAddress:     keep(ParseShortAddress(a.ShortAddress)),
	}
	return out, errs
}

// ParseShortAddress normalises a short address: four English letters and
// four digits ("rrrd 2929" → "RRRD2929").
func ParseShortAddress(raw string) (string, error) {
	s := strings.ToUpper(compact(raw, "-"))
	if s == "" {
		return "", errf(CodeAddressRequired, FieldShortAddress)
	}
	if len(s) != 8 {
		return "", errf(CodeAddressShortAddress, FieldShortAddress)
	}
	for i := 0; i < 8; i++ {
		c := s[i]
		if i < 4 && (c < 'A' || c > 'Z') || i >= 4 && (c < '0' || c > '9') {
			return "", errf(CodeAddressShortAddress, FieldShortAddress)
		}
	}
	return s, nil
}

func digitsField(raw string, n int, field string, code Code) (string, error) {
	s := compact(raw, "-")
	if s == "" {
		return "", errf(CodeAddressRequired, field)
	}
	if len(s) != n || !allDigits(s) {
		return "", errf(code, field)
	}
	return s, nil
}

// textField accepts letters of any script (Arabic and English names),
// combining marks (Arabic diacritics), digits, spaces and the punctuation
// street names use: - ' . , / ( ) &.
func textField(raw, field string) (string, error) {
	s := strings.Join(strings.Fields(normalizeDigits(raw)), " ")
	if s == "" {
		return "", errf(CodeAddressRequired, field)
	}
	if runeCount(s) > maxAddressText {
		return "", errf(CodeAddressLength, field)
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || r >= '0' && r <= '9' || strings.ContainsRune(" -'.,/()&", r)) {
			return "", errf(CodeAddressText, field)
		}
	}
	return s, nil
}
