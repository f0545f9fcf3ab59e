package wizard

import (
	"strconv"
	"strings"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance: every screen says its purpose and its one next action, each
// field its label when it gains focus, each error when it appears, and the
// done screen the result (see kiosk/shell's package doc). The prompts are the
// catalogue's "speech.register.…" and "speech.err.<code>" texts.

// secretFields are never said as they are typed: the keyboard announces each
// key only as "one character typed" (keyboard.Field.Secret). The visual code is
// not secret: it is on the screen and said aloud by "listen to the code", so its
// keys are said to help the person type it; the personal fields' prompts warn
// that what is typed in them is heard aloud.
var secretFields = map[register.Field]bool{
	register.FieldPassword: true, register.FieldConfirm: true, register.FieldOTP: true,
}

// announce says the current screen, unless it was said already: a tap that
// redraws the same step with the same errors says nothing again.
func (f *Flow) announce() {
	id, u := f.screenSpeech()
	if id == f.saidID {
		return
	}
	f.saidID = id
	shell.Speak(f.h, u)
}

// screenSpeech is what the current screen says, and an ID that changes when
// there is something new to say (another step, new errors, a result).
func (f *Flow) screenSpeech() (string, speech.Utterance) {
	switch {
	case f.refused != nil:
		return "refused", speech.Say("speech.register.refused", refusedKey(f.refused.Reason), "speech.register.refused.home")
	case f.busy:
		return "busy", speech.Say("speech.register.wait")
	}
	step := f.w.Step()
	id := step.String()
	var u speech.Utterance
	if errs := f.w.Errors(); len(errs) > 0 {
		for _, fe := range errs {
			id += "|" + fe.Code
			u = u.Then(ErrorKey(fe.Code))
			if fe.Code == "otp_wrong" {
				u = u.Then("speech.register.otp.tries").ThenSpell(strconv.Itoa(f.w.OTP().TriesLeft))
			}
		}
		return id, u
	}
	if re, ok := f.lastErr.(*register.RefusedError); ok && step == register.StepReview {
		return id + "|refused:" + re.Reason, speech.Say("speech.register.refused", refusedKey(re.Reason))
	}
	form := f.w.Form()
	switch step {
	case register.StepIDNumber:
		u = speech.Say(StepKey(step, form.IDType))
	case register.StepBirthDate:
		u = speech.Say(StepKey(step, form.IDType))
		if len(form.IDType.Calendars()) > 1 {
			u = u.Then("speech.register.step.birth_date.calendars")
		}
	case register.StepTerms:
		t := f.w.Terms()
		u = f.sayTerms(f.sayTerms(speech.Say(StepKey(step, form.IDType)), t.Terms, "terms.pledge"), t.Privacy, "terms.privacy")
	case register.StepReview:
		u = speech.Say(StepKey(step, form.IDType)).
			Then("speech.register.review.id").ThenPersonal(form.IDNumber).
			Then("speech.register.review.mobile").ThenPersonal(form.Mobile).
			Then("speech.register.review.username").ThenSpell(form.Username)
	case register.StepOTP:
		st := f.w.OTP()
		u = speech.Say(StepKey(step, form.IDType)).ThenSpell(st.MaskedMobile).
			Then("speech.register.step.otp.action", "speech.register.otp.tries").ThenSpell(strconv.Itoa(st.TriesLeft))
	case register.StepDone:
		res, _ := f.w.Result()
		next, printed := "speech.register.next.queued", "speech.register.done.printed"
		if res.Verified {
			next = "speech.register.next.verified"
		}
		if res.PrintErr != nil {
			printed = "speech.register.done.print_failed"
		}
		u = speech.Say("speech.register.done").ThenSlow(res.Ref).Then(next, printed, "speech.register.done.finish")
	default:
		u = speech.Say(StepKey(step, form.IDType))
	}
	return id, u
}

// StepKey is the prompt of a step; the ID number step's depends on the
// identity type.
func StepKey(s register.Step, t identity.IdentityType) string {
	k := "speech.register.step." + s.String()
	if s == register.StepIDNumber {
		switch t {
		case identity.Resident:
			k += ".resident"
		case identity.Visitor:
			k += ".visitor"
		case identity.GCC:
			k += ".gcc"
		}
	}
	return k
}

// ErrorKey is the prompt of an error code (the wizard's own or an identity
// rule's).
func ErrorKey(code string) string { return "speech.err." + code }

// FieldKey is the prompt said when a field gains focus.
func FieldKey(name register.Field, t identity.IdentityType) string {
	if name == register.FieldIDNumber {
		switch t {
		case identity.Resident:
			return "speech.register.field.iqama_number"
		case identity.Visitor:
			return "speech.register.field.passport_number"
		case identity.GCC:
			return "speech.register.field.gcc_number"
		}
	}
	return "speech.register.field." + string(name)
}

func refusedKey(reason string) string {
	switch reason {
	case register.ReasonQueueFull, register.ReasonBacklogOld, register.ReasonKeyExpired, register.ReasonNoTerms:
		return "speech.register.refused." + reason
	}
	return "speech.register.refused." + register.ReasonStorage
}

// speakField says a field's label when the person moves to it. A field
// focused while its screen is being shown keeps quiet: the screen's prompt
// already says what to type.
func (f *Flow) speakField(name register.Field) {
	if f.showing || f.w == nil {
		return
	}
	shell.Echo(f.h, speech.Say(FieldKey(name, f.w.Form().IDType)))
}

// echoChoice confirms a tapped choice: its name, then "selected"; the terms'
// tick box says whether the terms are now accepted.
func (f *Flow) echoChoice(button string) {
	if button == "accept" {
		k := "speech.register.choice.not_accepted"
		if f.w != nil && f.w.Form().Terms {
			k = "speech.register.choice.accept"
		}
		shell.Echo(f.h, speech.Say(k))
		return
	}
	if k := choiceKey(f.lang(), button); k != "" {
		shell.Echo(f.h, speech.Say(k, "speech.register.selected"))
	}
}

// sayTerms adds a text of the terms to u: its spoken form, with diacritics,
// when it is the catalogue's text (key; the central service sends the
// catalogue's own by default), else read as written — a text central changed
// has no spoken form until the catalogue has it too.
func (f *Flow) sayTerms(u speech.Utterance, t register.Text, key string) speech.Utterance {
	text := f.tx(t)
	if text == f.t(key) {
		return u.Then(speech.KeyPrefix + key)
	}
	return u.ThenText(text)
}

// listenCode reads the visual code's characters slowly; Repeat says it again.
func (f *Flow) listenCode() {
	f.h.Touch()
	c, err := f.w.Captcha()
	if err != nil {
		return
	}
	shell.Speak(f.h, speech.Say("speech.register.captcha.code").ThenSlow(c.Answer()))
}

// choiceKey is the spoken name of a choice button, by its button key.
func choiceKey(l i18n.Lang, button string) string {
	kind, v, _ := strings.Cut(button, ":")
	var k string
	switch kind {
	case "type":
		k = "speech.register.choice.type." + v
	case "cal":
		k = "speech.register.choice.calendar." + v
	case "lang":
		k = "speech.register.choice.lang." + v
	case "country":
		k = speech.CountryKey(v)
	}
	if k == "" || !i18n.Default().Has(l, k) {
		return ""
	}
	return k
}

// echoDate says the part of the birth date an arrow just changed: the day or
// the year as digits, the month by its name and number.
func (f *Flow) echoDate(part string) {
	d := f.w.Form().BirthDate
	switch part {
	case "day":
		shell.Echo(f.h, speech.Spell(strconv.Itoa(d.Day)))
	case "year":
		shell.Echo(f.h, speech.Spell(strconv.Itoa(d.Year)))
	case "month":
		k := speech.MonthKey(d.Calendar.String(), d.Month)
		if !i18n.Default().Has(f.lang(), k) {
			return
		}
		shell.Echo(f.h, speech.Say(k).ThenSpell(strconv.Itoa(d.Month)))
	}
}
