package identity

import "strings"

// Email limits from RFC 5321 §4.5.3.1 (as corrected by RFC 3696 errata 1690).
const (
	maxEmail  = 254
	maxLocal  = 64
	maxDomain = 253
	maxLabel  = 63
)

// ParseEmail checks an email address against a practical subset of RFC 5322
// and returns it with surrounding spaces and bidi marks removed and the
// domain lower-cased (the local part keeps its case: RFC 5321 lets a server
// treat it as case-sensitive).
//
// Accepted: local@domain.tld where the local part is dot-separated runs of
// RFC 5322 atext (A–Z a–z 0–9 ! # $ % & ' * + - / = ? ^ _ ` { | } ~), and the
// domain is two or more LDH labels with an alphabetic TLD of 2+ letters or a
// punycode TLD (xn--…). Not accepted: quoted local parts, comments, IP
// literals, and internationalised addresses (non-ASCII anywhere; IDN is not
// required here).
func ParseEmail(raw string) (string, error) {
	s := strings.TrimSpace(strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, raw))
	if s == "" {
		return "", errf(CodeEmailRequired, FieldEmail)
	}
	if len(s) > maxEmail {
		return "", errf(CodeEmailLength, FieldEmail)
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", errf(CodeEmailFormat, FieldEmail)
	}
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if len(local) > maxLocal || len(domain) > maxDomain {
		return "", errf(CodeEmailLength, FieldEmail)
	}
	if !validLocal(local) || !validDomain(domain) {
		return "", errf(CodeEmailFormat, FieldEmail)
	}
	return local + "@" + domain, nil
}

func validLocal(s string) bool {
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false // leading, trailing or doubled dot
		}
		for i := 0; i < len(atom); i++ {
			if !isAtext(atom[i]) {
				return false
			}
		}
	}
	return true
}

func isAtext(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.HasPrefix(tld, "xn--") {
		return len(tld) > 4
	}
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if tld[i] < 'a' || tld[i] > 'z' {
			return false
		}
	}
	return true
}
