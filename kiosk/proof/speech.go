package proof

import (
	"fmt"
	"strconv"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): every screen of the
// services that prove the person says its purpose and its next action, each
// field its label when it gains focus, each error as it appears. The prompts
// are the catalogue's "speech.proof.…" (the capture and the ID form, shared by
// every service) and "speech.prove.…" (the Prover's screens) texts.

// Announce says u as the current screen's prompt, unless the same screen (id,
// in the same language) was said last: a redraw with nothing new says nothing
// again. Forget starts afresh. With speech mode off the shell only keeps u, so
// that switching speech on says the screen.
func (s *Session) Announce(id string, u speech.Utterance) {
	if s.H == nil {
		return
	}
	id = string(s.Lang()) + "|" + id
	if id == s.saidID {
		return
	}
	s.saidID = id
	shell.Speak(s.H, u)
}

// Echo says how a field answers a key press.
type Echo int

// Echoes.
const (
	// EchoSecret says only "one character typed": a password, a code typed.
	EchoSecret Echo = iota
	// EchoPersonal spells the character as the person's own data (an ID
	// number, a username): said only with speech mode on, and the field's
	// prompt warns that it is heard aloud.
	EchoPersonal
)

// Voice makes f speak: the prompt key when it gains focus (except while its
// screen is being shown: the screen's prompt names it already), and each key
// press as echo says. It wraps f's OnChanged, so set that first. A field of a
// session since forgotten (Forget) says nothing, not even the clearing of its
// text.
func (s *Session) Voice(f *keyboard.Field, key string, echo Echo) {
	if f == nil {
		return
	}
	gen, before := s.gen, f.Text
	f.OnFocused = func() {
		if !s.showing && s.gen == gen {
			shell.Echo(s.H, speech.Say(key))
		}
	}
	changed := f.OnChanged
	f.OnChanged = func(now string) {
		was := before
		before = now
		if changed != nil {
			changed(now)
		}
		if s.gen != gen || s.H == nil || !shell.SpeechOn(s.H) {
			return
		}
		b, a := []rune(was), []rune(now)
		switch {
		case len(a) < len(b):
			shell.Echo(s.H, speech.Say(speech.KeyDeleted))
		case len(a) > len(b) && echo == EchoSecret:
			shell.Echo(s.H, speech.Typed())
		case len(a) == len(b)+1 && string(a[:len(b)]) == was:
			shell.Echo(s.H, speech.Utterance{Parts: []speech.Part{{Spell: string(a[len(a)-1]), Personal: true}}})
		}
	}
}

// ErrorPrompt is the spoken prompt of the error under the field, "" for none:
// "speech.<key>" for a text key set here or by SetError, and the
// registration's "speech.err.<code>" for an identity rule's code (one rule,
// one prompt).
func (f *IDForm) ErrorPrompt() string {
	switch {
	case f.errKey != "":
		return speech.KeyPrefix + f.errKey
	case f.errID != "":
		return speech.KeyPrefix + "err." + string(f.errID)
	}
	return ""
}

// KeyIDField is the ID number field's spoken label, which warns that the
// digits typed are heard aloud.
const KeyIDField = "speech.proof.field.id_number"

// personCodes are the sensor codes about the finger (it is the person's to
// act on), each with its own prompt; any other code is the sensor's own fault,
// said as such with its code spelled for staff.
var personCodes = map[fingerprint.Code]bool{
	fingerprint.CodeNoFinger: true, fingerprint.CodeImageFail: true, fingerprint.CodeImageMessy: true,
	fingerprint.CodeFewFeatures: true, fingerprint.CodeNoMatch: true, fingerprint.CodeNoValidImage: true,
}

// ProblemSpeech is what a Problem says: what went wrong, then what to do.
func ProblemSpeech(p Problem) speech.Utterance {
	var u speech.Utterance
	switch {
	case p.Key == "":
		return u
	case p.Code != 0 && !personCodes[p.Code] && p.Key != "proof.code.other":
		u = speech.Say("speech.proof.code.device").ThenSpell(fmt.Sprintf("%02X", byte(p.Code)))
	default:
		u = speech.Say(speech.KeyPrefix + p.Key)
	}
	if p.Hint != "" {
		u = u.Then(speech.KeyPrefix + p.Hint)
	}
	return u
}

// fingerPrompt asks for f on the sensor.
func fingerPrompt(f Finger) string { return speech.KeyPrefix + f.Key() }

// Speech is what the capture says in its state, and an ID that changes when
// there is something new to say: which finger to place and the tries left,
// "lift", what went wrong and what to do about it (the other finger after a
// switch), "try again", the result.
func (c *Capture) Speech() (string, speech.Utterance) {
	id := fmt.Sprintf("capture|%s|%s|%d|%s", c.state, c.Finger(), c.Left(), c.problem.Key)
	var u speech.Utterance
	switch c.state {
	case StatePlace:
		u = speech.Say(fingerPrompt(c.Finger()), "speech.proof.place", "speech.proof.tries_left").ThenSpell(strconv.Itoa(c.Left()))
	case StateChecking, StateStopped:
		u = speech.Say("speech.proof.checking")
	case StateLift:
		if c.switched {
			u = speech.Say(speech.KeyPrefix+c.problem.Key, "speech.proof.hint.other_finger."+c.Finger().name())
		} else {
			u = ProblemSpeech(c.problem)
		}
		u = u.Then("speech.proof.lift")
	case StateFault:
		u = ProblemSpeech(c.problem).Then("speech.proof.try_again")
	case StateAccepted:
		u = speech.Say("speech.proof.accepted")
	case StateExhausted:
		u = speech.Say("speech.proof.exhausted")
	}
	return id, u
}

// name is the finger's part of its keys: "right_index".
func (f Finger) name() string {
	if f == LeftIndex {
		return "left_index"
	}
	return "right_index"
}
