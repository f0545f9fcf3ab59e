package register

import (
	"testing"

	"github.com/bawaba/bawaba/i18n"
)

// TestTextsComeFromTheCatalogue proves that every text the wizard's own functions
// return is a catalogue text, word for word, in both languages: the wizard's error
// messages, the refusal reasons, the step titles, the next steps, the language
// names and the receipt. (Identity rule messages are checked in package identity.)
func TestTextsComeFromTheCatalogue(t *testing.T) {
	values := map[i18n.Lang]map[string]bool{}
	for _, l := range i18n.Langs {
		values[l] = map[string]bool{}
		for _, k := range i18n.Default().Keys(l) {
			values[l][i18n.T(l, k)] = true
		}
	}
	texts := map[string]Text{}
	for _, fe := range []FieldError{errChooseIDType, errChooseLanguage, errCaptchaEmpty, errCaptchaWrong,
		errTermsNotAccepted, errNotInRegistry, errHasAccount, errMobileTaken, errRateLimited, errOTPFormat,
		errOTPExpired, errOTPExhausted, errNoMoreCodes, errDocumentUnusable} {
		texts["error "+fe.Code] = fe.Text
	}
	for _, r := range []string{ReasonQueueFull, ReasonBacklogOld, ReasonKeyExpired, ReasonStorage, ReasonNoTerms, "unknown"} {
		texts["refusal "+r] = ReasonText(r)
	}
	for s := StepIdentityType; s <= StepDone; s++ {
		texts["title "+s.String()] = s.Title()
	}
	texts["next verified"], texts["next queued"] = NextSteps(true), NextSteps(false)
	texts["language ar"], texts["language en"] = LanguageName(LangArabic), LanguageName(LangEnglish)
	for name, txt := range texts {
		for l, s := range map[i18n.Lang]string{i18n.AR: txt.AR, i18n.EN: txt.EN} {
			if s == "" || !values[l][s] {
				t.Errorf("%s in %s is not a catalogue text: %q", name, l, s)
			}
		}
	}
	if got, want := errOTPWrong(2).Text.AR, i18n.Tf(i18n.AR, "register.err.otp_wrong", 2); got != want {
		t.Errorf("otp_wrong = %q, want the catalogue's %q", got, want)
	}
	h := newHarness(t)
	res := &Result{Ref: "REF", MaskedMobile: "05•••••123", Verified: false}
	r := h.w.receipt(res)
	lines := append([]struct{ AR, EN string }{{r.Title.AR, r.Title.EN}}, struct{ AR, EN string }{r.Footer[0].AR, r.Footer[0].EN})
	for _, l := range r.Lines {
		lines = append(lines, struct{ AR, EN string }{l.AR, l.EN})
	}
	want := []struct{ AR, EN string }{
		{i18n.T(i18n.AR, "register.title"), i18n.T(i18n.EN, "register.title")},
		{i18n.T(i18n.AR, "register.next.queued"), i18n.T(i18n.EN, "register.next.queued")},
		{i18n.Tf(i18n.AR, "register.receipt.mobile", res.MaskedMobile), i18n.Tf(i18n.EN, "register.receipt.mobile", res.MaskedMobile)},
		{i18n.Tf(i18n.AR, "register.receipt.status", i18n.T(i18n.AR, "register.receipt.status.pending")), i18n.Tf(i18n.EN, "register.receipt.status", i18n.T(i18n.EN, "register.receipt.status.pending"))},
		{i18n.Tf(i18n.AR, "register.receipt.kiosk", "kiosk-test-1"), i18n.Tf(i18n.EN, "register.receipt.kiosk", "kiosk-test-1")},
	}
	if len(lines) != len(want) {
		t.Fatalf("receipt has %d text lines, want %d", len(lines), len(want))
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("receipt line %d = %q, want %q", i, lines[i], want[i])
		}
	}
}
