package proof

import (
	"math"
	"strconv"

	"github.com/bawaba/bawaba/kiosk/speech"
)

// announce says the prover's current screen (Session.Announce).
func (p *Prover) announce() {
	id, u := p.Speech()
	p.Announce(id, u)
}

// Speech is what the prover's current screen says, and an ID that changes
// when there is something new to say (another screen, an error, a capture's
// new state).
func (p *Prover) Speech() (string, speech.Utterance) {
	if p.Busy() {
		return "wait", speech.Say("speech.prove.wait")
	}
	id := p.step.String()
	var u speech.Utterance
	switch p.step {
	case ProveChoose:
		k := "speech.prove.choose"
		if !p.live() {
			k = "speech.prove.choose.offline"
		}
		u = speech.Say(k)
	case ProveID:
		k := "speech.prove.id"
		if p.c.ATM {
			k = "speech.prove.id.atm"
		}
		if e := p.form.ErrorPrompt(); e != "" {
			id += "|" + e
			u = speech.Say(e)
		}
		u = u.Then(k)
		if p.c.ATM && p.idWhy != "" {
			u = u.Then(CardPromptKey(p.idWhy)) // why the card alone was not enough
		}
	case ProveFinger:
		if p.capture == nil {
			break
		}
		cid, cu := p.capture.Speech()
		id += "|" + cid
		u = cu
		if p.capture.State() == StatePlace && p.capture.Left() == MaxAttempts && p.capture.Finger() == RightIndex {
			// The first time, the way out too.
			u = u.Then("speech.prove.finger.cannot")
		}
	case ProveCard:
		cid, cu := p.cardSpeech()
		id += cid
		u = cu
	case ProveLogin:
		u = speech.Say("speech.prove.login")
		if p.loginErr != "" {
			id += "|" + p.loginErr
			u = speech.Say(speech.KeyPrefix + p.loginErr).Then("speech.prove.login.again")
		}
	case ProveCode:
		u = speech.Say("speech.prove.code.sent").ThenSpell(p.challenge.MaskedMobile).Then("speech.prove.code")
		if p.codeErr != "" {
			id += "|" + p.codeErr + "|" + strconv.Itoa(p.triesLeft)
			u = speech.Say(speech.KeyPrefix + p.codeErr)
			if p.codeErr == "prove.code.wrong" {
				u = u.ThenSpell(strconv.Itoa(p.triesLeft))
			}
		}
	case ProveNoFinger:
		id += "|" + p.reason
		u = speech.Say("speech.prove.no_finger." + p.reason).Then(p.otherWaysSpeech()...)
	case ProveLocked:
		u = speech.Say("speech.prove.locked").ThenSpell(strconv.Itoa(int(math.Ceil(p.left.Minutes())))).
			Then("speech.prove.locked.minutes").Then(p.otherWaysSpeech()...)
	case ProveNoAccount:
		k := "speech.prove.no_account" // as noAccountKey shows it
		if p.c.ATM {
			k += ".atm"
		}
		u = speech.Say(k, p.homePrompt())
	case ProveNetwork:
		k := "speech.prove.network"
		if p.lost {
			k = "speech.prove.network.lost"
		}
		u = speech.Say(k, p.homePrompt())
	}
	return id, u
}

// otherWaysSpeech is what the person can do when the fingerprint did not prove
// them, as otherWays shows it, and where the way home is.
func (p *Prover) otherWaysSpeech() []string {
	var ks []string
	if !p.c.ATM && p.live() {
		ks = append(ks, "speech.prove.other.password")
	}
	return append(ks, "speech.prove.other.centre", p.homePrompt())
}

// homePrompt says where the button that ends the service is.
func (p *Prover) homePrompt() string {
	if p.c.ATM {
		return "speech.prove.take_card"
	}
	return "speech.prove.home"
}
