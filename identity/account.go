package identity

import "strings"

// The account rules as the national SSO states them.
const (
	MinUsernameLength = 8
	MinPasswordLength = 8
	// MaxUsernameOverlap is the longest run of username characters a password
	// may contain.
	MaxUsernameOverlap = 4
	// MaxCharRepeat is how many times one character may occur in a password.
	MaxCharRepeat = 4
)

// RuleState is one line of a live checklist: a rule and whether the input
// meets it now.
type RuleState struct {
	Code Code
	OK   bool
}

// Message returns the rule's text in lang.
func (s RuleState) Message(lang string) string { return s.Code.Message(lang) }

// UsernameRules lists the username rules in checklist order.
func UsernameRules() []Code {
	return []Code{CodeUsernameLength, CodeUsernameChars, CodeUsernameDigit, CodeUsernameUpper, CodeUsernameLower}
}

// PasswordRules lists the password rules in checklist order.
func PasswordRules() []Code {
	return []Code{CodePasswordLength, CodePasswordUpper, CodePasswordLower, CodePasswordSymbol,
		CodePasswordChars, CodePasswordUsername, CodePasswordRepeat, CodePasswordConfirm}
}

// CheckUsername returns every username rule the input breaks, in
// UsernameRules order; nil means the username is acceptable. The username is
// taken as typed: surrounding spaces break the character rule rather than
// being trimmed, because the username cannot be changed later and must be
// exactly what the person sees.
//
// Rules: at least 8 characters; English letters A–Z a–z and digits only; at
// least one digit, one upper-case and one lower-case letter.
func CheckUsername(u string) []Error {
	return violations(UsernameChecklist(u), FieldUsername)
}

// UsernameChecklist returns every username rule with its current state.
func UsernameChecklist(u string) []RuleState {
	var digit, upper, lower bool
	chars := true
	for _, r := range u {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		default:
			chars = false
		}
	}
	return []RuleState{
		{CodeUsernameLength, runeCount(u) >= MinUsernameLength},
		{CodeUsernameChars, chars},
		{CodeUsernameDigit, digit},
		{CodeUsernameUpper, upper},
		{CodeUsernameLower, lower},
	}
}

// CheckPassword returns every password rule broken, each separately, in
// PasswordRules order; nil means the password is acceptable. Errors for the
// confirmation carry FieldPasswordConfirm, the others FieldPassword.
//
// Rules, and how each is read:
//   - password.length: at least 8 characters.
//   - password.upper / password.lower: at least one A–Z and one a–z.
//   - password.symbol: at least one ASCII symbol, any of
//     ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
//   - password.chars: "English characters only" = printable ASCII without
//     the space (0x21–0x7E). A space is left out because it is invisible on
//     the kiosk's masked field and trailing spaces are silently lost by
//     other channels the person will log in from.
//   - password.username: "must not reuse more than 4 characters of the
//     username" = the password and username share no common substring longer
//     than 4 characters, ignoring letter case. "Ab12" inside the password is
//     fine for username "Ab12cd34"; "b12cd" is not. An empty username passes.
//   - password.repeat: "must not repeat a character more than 4 times" = no
//     single character occurs more than 4 times anywhere in the password
//     (case-sensitive; 'a' and 'A' differ). This is the stricter reading:
//     consecutive repeats are a subset of it, so a password passing here
//     also passes a server that only counts runs.
//   - password.confirm: the confirmation equals the password exactly.
func CheckPassword(pw, confirm, username string) []Error {
	return violations(PasswordChecklist(pw, confirm, username), FieldPassword)
}

// PasswordChecklist returns every password rule with its current state, for
// the live checklist under the password field.
func PasswordChecklist(pw, confirm, username string) []RuleState {
	var upper, lower, symbol bool
	chars := true
	counts := map[rune]int{}
	repeat := true
	for _, r := range pw {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
		case r >= 0x21 && r <= 0x7e:
			symbol = true
		default:
			chars = false
		}
		counts[r]++
		if counts[r] > MaxCharRepeat {
			repeat = false
		}
	}
	return []RuleState{
		{CodePasswordLength, runeCount(pw) >= MinPasswordLength},
		{CodePasswordUpper, upper},
		{CodePasswordLower, lower},
		{CodePasswordSymbol, symbol},
		{CodePasswordChars, chars},
		{CodePasswordUsername, !sharesRun(strings.ToLower(pw), strings.ToLower(username), MaxUsernameOverlap+1)},
		{CodePasswordRepeat, repeat},
		{CodePasswordConfirm, pw == confirm},
	}
}

func violations(list []RuleState, field string) []Error {
	var out []Error
	for _, s := range list {
		if !s.OK {
			f := field
			if s.Code == CodePasswordConfirm {
				f = FieldPasswordConfirm
			}
			out = append(out, Error{Code: s.Code, Field: f})
		}
	}
	return out
}

func runeCount(s string) int { return len([]rune(s)) }

// sharesRun reports whether a and b have a common substring of n runes.
// Any longer common substring contains one of exactly n, so a set of b's
// n-rune windows answers "longest common substring ≥ n" in linear time,
// whatever length of input a caller sends.
func sharesRun(a, b string, n int) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < n || len(rb) < n {
		return false
	}
	windows := make(map[string]struct{}, len(rb)-n+1)
	for i := 0; i+n <= len(rb); i++ {
		windows[string(rb[i:i+n])] = struct{}{}
	}
	for i := 0; i+n <= len(ra); i++ {
		if _, ok := windows[string(ra[i:i+n])]; ok {
			return true
		}
	}
	return false
}
