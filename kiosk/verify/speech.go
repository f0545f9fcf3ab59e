package verify

import (
	"strconv"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): the screen says what
// to scan and where Back is; each scan's verdict is said when it appears, with
// the time left (or past) spelled and its unit. The holder's name, ID number
// and date of birth are not read aloud: they are another person's data, on
// the screen for the verifier to compare, and a bystander would hear them.

// Prompts said around the verdicts.
const (
	keyScreen = "speech.verify.screen"
	keyHolder = "speech.verify.holder"
	keyCopy   = "speech.verify.copy"
	keyNext   = "speech.verify.next"
	keyBack   = "speech.verify.back"
)

// Spoken says o: the verdict, the time left or past, what to do, then how to
// go on; nil is the screen before any scan.
func Spoken(o *Outcome) speech.Utterance {
	if o == nil {
		return speech.Say(keyScreen, keyBack)
	}
	var u speech.Utterance
	switch {
	case o.Misread:
		u = speech.Say("speech.verify.misread")
	case o.NoTrust != nil:
		u = speech.Say("speech.verify.no_trust")
	default:
		r := o.Result
		switch r.Verdict {
		case digitalid.Valid:
			n, unit := durationIn(max(r.Remaining, 0))
			u = speech.Say("speech.verify.valid").ThenSpell(strconv.Itoa(n)).Then("speech.verify.unit." + unit)
			if r.Copy {
				u = u.Then(keyCopy)
			}
			u = u.Then(keyHolder)
		case digitalid.Expired:
			n, unit := durationIn(r.Overdue)
			u = speech.Say("speech.verify.expired").ThenSpell(strconv.Itoa(n)).Then("speech.verify.unit."+unit, "speech.verify.expired.next")
		case digitalid.NotYetValid:
			n, unit := durationIn(r.Early)
			u = speech.Say("speech.verify.not_yet").ThenSpell(strconv.Itoa(n)).Then("speech.verify.unit."+unit, "speech.verify.not_yet.next")
		case digitalid.UnknownKey:
			u = speech.Say("speech.verify.unknown_key")
		case digitalid.Forged:
			u = speech.Say("speech.verify.forged")
		default:
			u = speech.Say("speech.verify.not_digital_id")
		}
	}
	return u.Then(keyNext, keyBack)
}
