package atm

import (
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// speak says the screen being shown (with speech mode on): what it is for and
// the one thing to do next, an error as it appears, the result with its
// reference spelled, and "take your card" at every end. The masked card number
// and name are not said: the person holds the card, and a name read out in a
// bank's lobby is theirs to read.
func (f *Flow) speak() {
	if f.H == nil {
		return
	}
	shell.Speak(f.H, f.prompt())
}

// prompt is the utterance of the current screen.
func (f *Flow) prompt() speech.Utterance {
	if f.Busy() {
		return speech.Say("speech.atm.wait")
	}
	switch f.step {
	case StepConfirm:
		return speech.Say("speech.atm.confirm")
	case StepResult:
		return speech.Say(OutcomePromptKey(f.outcome), "speech.atm.ref").ThenSpell(f.ref).Then("speech.atm.finish")
	case StepRefused:
		return speech.Say("speech.atm.refused", "speech.atm.finish")
	}
	if f.cardErr != "" {
		return speech.Say(CardPromptKey(f.cardErr), "speech.atm.card.again")
	}
	return speech.Say("speech.atm.card")
}

// OutcomePromptKey is the spoken prompt of an outcome on StepResult.
func OutcomePromptKey(outcome string) string { return "speech.atm.result." + outcome }

// CardPromptKey is the spoken prompt of a bad card's text key ("atm.card.x").
func CardPromptKey(key string) string { return "speech." + key }
