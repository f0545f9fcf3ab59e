package address

import (
	"strconv"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): each screen says what
// it is for and where its next button is; the form's errors are said field by
// field when Review finds them; a field says its label (and that what is typed
// is heard aloud) when it gains focus, and the shell each key; the picker says how many
// places match as the person types, and names them once few enough remain to
// choose by ear, and the place chosen. An address — on record, or entered for
// review — is read after one warning that it is heard aloud: the numbers and
// the street spelled as the person's own data, the city and district by name.
//
// Place names are read as written (speech.Part.Text), so espeak-ng renders
// them and the render cache keeps them: they are public names from the
// directory (identity/places), chosen by touch, never text the person typed.

// formFields are the form's fields in the order the screen shows them.
var formFields = []string{identity.FieldBuildingNumber, identity.FieldStreet, identity.FieldCity,
	identity.FieldDistrict, identity.FieldPostalCode, identity.FieldAdditionalNumber, identity.FieldShortAddress}

// fieldPrompt is said when the field gains focus; labelPrompt names the field
// before its value or its error.
func fieldPrompt(field string) string { return "speech.address.field." + field }
func labelPrompt(field string) string { return "speech.address.label." + field }

// ErrorPrompt is the spoken prompt of a form error: the identity rule's
// ("speech.err.<code>", as the registration says its own), or the flow's.
func ErrorPrompt(code identity.Code) string { return "speech.err." + string(code) }

// speak says the screen just built: an event (a place picked, the card
// printed) when one is waiting, else the screen's own prompt.
func (f *Flow) speak() {
	u := f.event
	f.event = speech.Utterance{}
	if u.Empty() {
		u = f.screenSpeech()
	}
	shell.Speak(f.h, u)
}

func (f *Flow) screenSpeech() speech.Utterance {
	if f.busy {
		return speech.Say("speech.address.wait")
	}
	switch f.step {
	case StepCurrent:
		u := f.sayAddress(speech.Say("speech.address.current"), *f.current)
		return u.Then(f.cardPrompt(), "speech.address.current.action")
	case StepForm:
		if len(f.errs) > 0 {
			u := speech.Say("speech.address.form.errors")
			for _, name := range formFields {
				if code, ok := f.errs[name]; ok {
					u = u.Then(labelPrompt(name), ErrorPrompt(code))
				}
			}
			return u
		}
		var u speech.Utterance
		switch {
		case f.unknown != "":
			u = speech.Say("speech.address.unknown." + f.unknown)
		case !f.found:
			u = speech.Say("speech.address.current.none")
		}
		return u.Then("speech.address.form")
	case StepPicker:
		if f.picking == identity.FieldDistrict {
			return speech.Say("speech.address.pick.district").ThenText(f.placeName(f.city, "", false)).Then("speech.address.pick.action")
		}
		return speech.Say("speech.address.pick.city", "speech.address.pick.action")
	case StepReview:
		u := f.sayAddress(speech.Say("speech.address.review"), f.entered())
		if f.proven != nil && f.proven.Token == "" {
			u = u.Then("speech.address.review.offline")
		}
		return u.Then("speech.address.review.action")
	case StepDone:
		res := f.result
		printed := "speech.address.done.printed"
		if res.PrintErr != nil {
			printed = "speech.address.done.print_failed"
		}
		return speech.Say("speech.address.done").ThenSpell(res.Ref).Then(printed, "speech.address.done.next", f.cardPrompt(), "speech.address.done.action")
	case StepRefused:
		return speech.Say("speech.address.refused")
	}
	return speech.Utterance{}
}

// sayAddress adds a to u after one warning that it is heard aloud: each field
// that has a value, named.
func (f *Flow) sayAddress(u speech.Utterance, a wire.Address) speech.Utterance {
	u = u.ThenAloud()
	for _, name := range formFields {
		switch name {
		case identity.FieldCity:
			if n := f.placeName(a.CityCode, a.City, false); n != "" {
				u = u.Then(labelPrompt(name)).ThenText(n)
			}
		case identity.FieldDistrict:
			if n := f.placeName(a.DistrictCode, a.District, true); n != "" {
				u = u.Then(labelPrompt(name)).ThenText(n)
			}
		default:
			if v := addressValue(a, name); v != "" {
				u = u.Then(labelPrompt(name)).ThenWarned(v)
			}
		}
	}
	return u
}

func addressValue(a wire.Address, field string) string {
	switch field {
	case identity.FieldBuildingNumber:
		return a.BuildingNumber
	case identity.FieldStreet:
		return a.Street
	case identity.FieldPostalCode:
		return a.PostalCode
	case identity.FieldAdditionalNumber:
		return a.AdditionalNumber
	case identity.FieldShortAddress:
		return a.ShortAddress
	}
	return ""
}

// cardPrompt says what became of the address card, or where to print it.
func (f *Flow) cardPrompt() string {
	switch {
	case f.printed == nil:
		return "speech.address.card.print"
	case *f.printed != nil:
		return "speech.address.card.print_failed"
	}
	return "speech.address.card.printed"
}

// cardPrinted is said once the card is printed (or failed), instead of the
// whole screen again: the result, and the screen's next action.
func (f *Flow) cardPrinted() {
	next := "speech.address.current.action"
	if f.step == StepDone {
		next = "speech.address.done.action"
	}
	f.event = speech.Say(f.cardPrompt(), next)
}

// picked is said when a place is chosen, instead of the whole form again.
func (f *Flow) picked(field, name string) {
	f.event = speech.Say(labelPrompt(field)).ThenText(name).Then("speech.address.picked")
}

// echoField says a field's label when the person moves to it, and that what
// is typed is heard.
func (f *Flow) echoField(name string) {
	shell.Echo(f.h, speech.Say(fieldPrompt(name), speech.KeyAloud))
}

// fewEnough is how many matches the picker names aloud: more would be a list
// nobody can hold in mind.
const fewEnough = 3

// echoSearch answers a key press in the picker's search: the character, then
// how many places match, and their names once few enough remain.
func (f *Flow) echoSearch(before, after string) {
	u, _ := speech.Keystroke(before, after, false, false)
	switch n := len(f.matches); {
	case n == 0:
		u = u.Then("speech.address.pick.none")
	default:
		u = u.Then("speech.address.pick.count").ThenSpell(strconv.Itoa(n))
		if n <= fewEnough {
			u = u.Then("speech.address.pick.listed")
			for _, m := range f.matches {
				u = u.ThenText(f.index.Place(m).Name(string(f.lang())))
			}
		}
	}
	shell.Echo(f.h, u)
}
