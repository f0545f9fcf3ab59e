package verify

import (
	"fmt"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
)

// Keys returns the issuer keys to verify with at now: the cached trust list's,
// or an error when there is none or it is stale (digitalid.ErrTrustListStale).
type Keys func(now time.Time) ([]digitalid.Key, error)

// Outcome is what one scan gave.
type Outcome struct {
	// Result is digitalid.Verify's answer; zero when NoTrust or Misread is set.
	Result digitalid.Result
	// NoTrust is why nothing could be verified: no usable trust list.
	NoTrust error
	// Misread is set when the scanner dropped the frame (a partial or noisy read).
	Misread bool
}

// Check verifies a scanned text offline.
func Check(scan []byte, keys Keys, now time.Time) Outcome {
	if keys == nil {
		return Outcome{NoTrust: fmt.Errorf("verify: no trust list")}
	}
	k, err := keys(now)
	if err != nil {
		return Outcome{NoTrust: err}
	}
	return Outcome{Result: digitalid.Verify(string(scan), k, now)}
}

// Describe is o in lang: a headline, whether it is good news, and the holder's
// details (only when the signature held).
func Describe(lang i18n.Lang, o Outcome) (headline string, good bool, details []string) {
	switch {
	case o.Misread:
		return i18n.T(lang, "verify.misread"), false, nil
	case o.NoTrust != nil:
		return i18n.T(lang, "verify.no_trust"), false, nil
	}
	r := o.Result
	switch r.Verdict {
	case digitalid.Valid:
		headline, good = i18n.Tf(lang, "verify.valid", duration(lang, max(r.Remaining, 0))), true
	case digitalid.Expired:
		headline = i18n.Tf(lang, "verify.expired", duration(lang, r.Overdue))
	case digitalid.NotYetValid:
		headline = i18n.Tf(lang, "verify.not_yet", duration(lang, r.Early))
	case digitalid.UnknownKey:
		return i18n.T(lang, "verify.unknown_key"), false, nil
	case digitalid.Forged:
		return i18n.T(lang, "verify.forged"), false, nil
	default:
		return i18n.T(lang, "verify.not_digital_id"), false, nil
	}
	h := r.Holder
	if r.Copy {
		details = append(details, i18n.T(lang, "verify.copy"))
	}
	details = append(details, i18n.Tf(lang, "verify.name", h.FullName))
	if h.SecondaryFullName != "" {
		details = append(details, i18n.Tf(lang, "verify.name", h.SecondaryFullName))
	}
	details = append(details,
		i18n.Tf(lang, "verify.id", h.ID),
		i18n.Tf(lang, "verify.dob", fmt.Sprintf("%04d-%02d-%02d", h.BirthDate.Year, h.BirthDate.Month, h.BirthDate.Day)))
	if h.Nationality != "" {
		details = append(details, i18n.Tf(lang, "verify.nationality", h.Nationality))
	}
	return headline, good, details
}

// duration says d in the largest unit that keeps it at least 2 (90 seconds, not
// 1 minute), rounded down: a verifier needs the order of magnitude.
func duration(lang i18n.Lang, d time.Duration) string {
	n, unit := durationIn(d)
	return i18n.Tf(lang, "verify."+unit, n)
}

// durationIn is d as a count of its unit ("seconds", "minutes", "hours" or
// "days"), for the screen and for speech alike.
func durationIn(d time.Duration) (int, string) {
	switch {
	case d < 2*time.Minute:
		return int(d / time.Second), "seconds"
	case d < 2*time.Hour:
		return int(d / time.Minute), "minutes"
	case d < 48*time.Hour:
		return int(d / time.Hour), "hours"
	}
	return int(d / (24 * time.Hour)), "days"
}
