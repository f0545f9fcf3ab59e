package dependents

import (
	"errors"
	"strconv"
	"strings"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/datepick"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): each step says its
// question and where its buttons are (proof.Session.Announce), an error in
// place of it when one appears, the number and date fields their labels (the
// shell says each key typed), the date picker each part an arrow changed, and
// the last screen the reference spelled and what happens next. The list names
// each dependent's relation and masked ID, spelled; not the names, which
// would be spelled letter by letter and are on the screen. The review reads
// the dependent's ID number and date of birth after the warning that they are
// heard aloud.

// NumberPrompt is said when the ID number field gains focus: it names the
// field and warns that the digits typed are heard aloud (as the number step's
// prompt does, said while the field is focused with its screen).
const NumberPrompt = "speech.dependents.field.number"

// announce says the current screen.
func (f *Flow) announce() {
	id, u := f.Speech()
	f.Announce(id, u)
}

// Speech is what the current screen says, and an ID that changes when there
// is something new to say (another step, an error, a result).
func (f *Flow) Speech() (string, speech.Utterance) {
	if f.Busy() {
		return "wait", speech.Say("speech.dependents.wait")
	}
	id := f.step.String()
	if k := f.errorPrompt(); k != "" {
		return id + "|" + k, speech.Say(k)
	}
	var u speech.Utterance
	switch f.step {
	case StepList:
		switch {
		case f.listNote != "":
			u = speech.Say("speech.dependents.list." + f.listNote)
		case len(f.list) == 0:
			u = speech.Say("speech.dependents.list.empty")
		default:
			u = speech.Say("speech.dependents.list.count").ThenSpell(strconv.Itoa(len(f.list)))
			for _, d := range f.list {
				// The hidden digits are not said one "hidden" at a time: only the
				// ones shown, after "ending in".
				u = u.Then(relationPrompt(d.Relationship), "speech.dependents.list.id").ThenSpell(strings.TrimLeft(d.MaskedID, "*•"))
			}
		}
		u = u.Then("speech.dependents.list.action")
	case StepType:
		u = speech.Say("speech.dependents.type")
	case StepNumber:
		u = speech.Say("speech.dependents.number." + f.idType.String())
	case StepBirth:
		u = speech.Say("speech.dependents.birth")
		if len(f.idType.IdentityType().Calendars()) > 1 {
			u = u.Then("speech.dependents.birth.calendars")
		}
		u = u.Then("speech.dependents.birth.action")
	case StepRelation:
		u = speech.Say("speech.dependents.relation")
	case StepReview:
		u = speech.Say("speech.dependents.review", "speech.dependents.review.type."+f.id.Type.String(), "speech.dependents.review.number").
			ThenPersonal(f.id.Number).Then("speech.dependents.review.birth").ThenWarned(strconv.Itoa(f.dob.Day)).
			Then(monthKey(f.dob)).ThenWarned(strconv.Itoa(f.dob.Year)).
			Then("speech.dependents.review.relation", relationPrompt(f.relation), "speech.dependents.review.action")
	case StepDone:
		res := f.result
		printed, next := "speech.dependents.done.printed", "speech.dependents.done.next_offline"
		if res.PrintErr != nil {
			printed = "speech.dependents.done.print_failed"
		}
		if res.Live {
			next = "speech.dependents.done.next_online"
		}
		id += "|" + res.Ref
		u = speech.Say("speech.dependents.done").ThenSpell(res.Ref).Then(printed, next, "speech.dependents.done.action")
	case StepRefused:
		u = speech.Say("speech.dependents.refused")
	}
	return id, u
}

// errorPrompt is the spoken prompt of the current step's message, "" for none:
// the identity rule's "speech.err.<code>", as every flow says it.
func (f *Flow) errorPrompt() string {
	if f.err == nil {
		return ""
	}
	var ie identity.Error
	if errors.As(f.err, &ie) {
		return "speech.err." + string(ie.Code)
	}
	return "speech.err.invalid"
}

func relationPrompt(rel string) string { return "speech.dependents.relation." + rel }

// monthKey names the month of d in its calendar by its spoken form.
func monthKey(d identity.Date) string { return speech.MonthKey(d.Calendar.String(), d.Month) }

// echoDate says the part of the date a picker button just changed: the day or
// the year spelled, the month by name and number, a calendar by name.
func (f *Flow) echoDate(button string) {
	part, _, _ := strings.Cut(strings.TrimRight(button, "+-"), ":")
	if part == "cal" {
		shell.Echo(f.H, speech.Say("speech.dependents.calendar."+f.dob.Calendar.String()))
		return
	}
	shell.Echo(f.H, datepick.Spoken(part, f.dob, f.Lang()))
}

// datePrompt is said when the day or year field gains focus.
func datePrompt(name string) string { return "speech.dependents.field." + name }
