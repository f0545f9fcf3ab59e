package identity

import "strings"

// SaudiCallingCode is Saudi Arabia's E.164 country code.
const SaudiCallingCode = "966"

// Mobile is a validated mobile number in E.164 form. The zero value is
// invalid; get one from ParseMobile.
type Mobile struct {
	cc  string // country calling code, digits, e.g. "966"
	nsn string // national significant number, digits, no trunk 0
}

// ParseMobile reads a mobile number in any form people type.
//
// Without an international prefix the number is Saudi: 05XXXXXXXX,
// 5XXXXXXXX, or 9665XXXXXXXX. With "+" or "00" the country code is checked
// against the ITU list and the whole number must have 8–15 digits (E.164); a
// +966 number must still be a Saudi mobile (5 and 8 more digits), and the
// trunk 0 people add after +966 ("+966 05…") is dropped. Spaces, dashes,
// dots, parentheses, Arabic-Indic and Persian digits and bidi marks are
// accepted anywhere.
func ParseMobile(raw string) (Mobile, error) {
	s := compact(raw, "-.()/")
	if s == "" {
		return Mobile{}, errf(CodeMobileRequired, FieldMobile)
	}
	intl := false
	switch {
	case strings.HasPrefix(s, "+"):
		s, intl = s[1:], true
	case strings.HasPrefix(s, "00"):
		s, intl = s[2:], true
	}
	if !allDigits(s) {
		return Mobile{}, errf(CodeMobileFormat, FieldMobile)
	}
	if !intl {
		switch {
		case strings.HasPrefix(s, "9665") && len(s) == 12, strings.HasPrefix(s, "96605") && len(s) == 13:
			return saudiMobile(s[3:])
		}
		return saudiMobile(s)
	}
	cc := ""
	for n := 1; n <= 3 && n <= len(s); n++ {
		if _, ok := callingCodes[s[:n]]; ok {
			cc = s[:n]
			break
		}
	}
	if cc == "" {
		return Mobile{}, errf(CodeMobileCountryCode, FieldMobile)
	}
	if cc == SaudiCallingCode {
		return saudiMobile(s[len(cc):])
	}
	if len(s) < 8 || len(s) > 15 {
		return Mobile{}, errf(CodeMobileLength, FieldMobile)
	}
	return Mobile{cc: cc, nsn: s[len(cc):]}, nil
}

// saudiMobile checks a national number: 5XXXXXXXX, or 05XXXXXXXX with the
// trunk zero.
func saudiMobile(s string) (Mobile, error) {
	s = strings.TrimPrefix(s, "0")
	if len(s) != 9 || s[0] != '5' {
		return Mobile{}, errf(CodeMobileSaudi, FieldMobile)
	}
	return Mobile{cc: SaudiCallingCode, nsn: s}, nil
}

// E164 returns "+<cc><number>", e.g. "+966501234567": the form stored and
// sent to the SMS gateway.
func (m Mobile) E164() string { return "+" + m.cc + m.nsn }

// IsE164Mobile reports whether s is a mobile number already in the form
// ParseMobile gives (Mobile.E164): what a kiosk sends and the central service
// stores. The central service checks received numbers with it, so a number the
// kiosk accepted is accepted there too and one it refused is refused.
func IsE164Mobile(s string) bool {
	m, err := ParseMobile(s)
	return err == nil && m.E164() == s
}

// Local returns the form shown to the person: "050 123 4567" for a Saudi
// number, "+44 7911123456" for another country. ParseMobile reads it back.
func (m Mobile) Local() string {
	if m.IsSaudi() {
		n := "0" + m.nsn
		return n[:3] + " " + n[3:6] + " " + n[6:]
	}
	return "+" + m.cc + " " + m.nsn
}

// CountryCode returns the calling code without "+", e.g. "966".
func (m Mobile) CountryCode() string { return m.cc }

// Country returns the alpha-3 country shown for the calling code.
func (m Mobile) Country() string { return callingCodes[m.cc] }

// IsSaudi reports whether this is a Saudi (+966) mobile.
func (m Mobile) IsSaudi() bool { return m.cc == SaudiCallingCode }

// IsZero reports whether m is the zero Mobile (not parsed).
func (m Mobile) IsZero() bool { return m.nsn == "" }

// String masks all but the last three digits so a Mobile logged by mistake
// does not leak: "+966******567".
func (m Mobile) String() string {
	if m.IsZero() {
		return ""
	}
	k := max(len(m.nsn)-3, 0)
	return "+" + m.cc + strings.Repeat("*", k) + m.nsn[k:]
}
