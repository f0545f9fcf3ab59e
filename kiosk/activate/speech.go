package activate

import (
	"math"
	"strconv"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): every screen says its
// purpose and its next action, saying where the button is; the ID field and
// the capture speak as kiosk/proof's do; the result says the reference
// character by character. The prompts are the catalogue's
// "speech.activate.…" texts.

// announce says the current screen (proof.Session.Announce).
func (f *Flow) announce() {
	id, u := f.Speech()
	f.Announce(id, u)
}

// Speech is what the current screen says, and an ID that changes when there
// is something new to say.
func (f *Flow) Speech() (string, speech.Utterance) {
	if f.Busy() {
		return "wait", speech.Say("speech.activate.wait")
	}
	id := f.step.String()
	var u speech.Utterance
	switch f.step {
	case StepID:
		if e := f.form.ErrorPrompt(); e != "" {
			id += "|" + e
			u = speech.Say(e)
		}
		u = u.Then("speech.activate.id")
	case StepAnswer:
		id += "|" + f.answer + "|" + f.printedID()
		u = speech.Say("speech.activate.answer." + f.answer)
		if f.answer == AnswerNoFingerprint {
			u = u.Then(f.alternativeSpeech()...)
		}
		u = u.Then("speech.activate.answer.buttons")
	case StepConfirm:
		name := f.lookup.MaskedName.AR
		if f.Lang() == i18n.EN {
			name = f.lookup.MaskedName.EN
		}
		// The masked name, spelled as shown (hidden letters are said so), is
		// the person's own: only with speech on, after the warning.
		u = speech.Say("speech.activate.confirm").ThenPersonal(name).Then("speech.activate.confirm.action")
	case StepOffline:
		k := "speech.activate.offline"
		if f.lost {
			k = "speech.activate.offline.lost"
		}
		u = speech.Say(k, "speech.activate.offline.action")
	case StepFinger:
		if f.capture == nil {
			break // being queued: "please wait" is said
		}
		cid, cu := f.capture.Speech()
		id += "|" + cid
		u = cu
		if f.capture.State() == proof.StatePlace && f.capture.Left() == proof.MaxAttempts && f.capture.Finger() == proof.RightIndex {
			// The first time, what the screen is for and its way out too.
			u = speech.Say("speech.activate.finger")
			u.Parts = append(u.Parts, cu.Parts...)
			u = u.Then("speech.activate.finger.cannot")
		}
	case StepAlternative:
		id += "|" + f.reason + "|" + f.printedID()
		u = speech.Say("speech.activate.reason." + f.reason).Then(f.alternativeSpeech()...).Then("speech.activate.home")
	case StepLocked:
		id += "|" + f.printedID()
		u = speech.Say("speech.activate.locked").ThenSpell(strconv.Itoa(int(math.Ceil(f.left.Minutes())))).
			Then("speech.activate.locked.minutes").Then(f.alternativeSpeech()...).Then("speech.activate.home")
	case StepDone:
		res := f.result
		title, next, printed := "speech.activate.done.offline", []string{"speech.activate.done.next_offline", "speech.activate.done.outcome"}, "speech.activate.done.printed"
		if res.Matched {
			title, next = "speech.activate.done.online", []string{"speech.activate.done.next_online"}
		}
		if res.PrintErr != nil {
			printed = "speech.activate.done.print_failed"
		}
		u = speech.Say(title, "speech.activate.done.ref").ThenSlow(res.Ref).Then(printed).Then(next...).Then("speech.activate.done.finish")
	case StepRefused:
		u = speech.Say("speech.activate.refused")
	}
	return id, u
}

// alternativeSpeech is the ways that need no fingerprint and the print
// button, or what came of printing.
func (f *Flow) alternativeSpeech() []string {
	switch {
	case f.slipPrinted == nil:
		return []string{"speech.activate.alternative", "speech.activate.slip.print"}
	case *f.slipPrinted != nil:
		return []string{"speech.activate.alternative", "speech.activate.slip.print_failed"}
	}
	return []string{"speech.activate.alternative", "speech.activate.slip.printed"}
}

// printedID changes when the reason was printed, so that its outcome is said.
func (f *Flow) printedID() string {
	switch {
	case f.slipPrinted == nil:
		return ""
	case *f.slipPrinted != nil:
		return "print_failed"
	}
	return "printed"
}
