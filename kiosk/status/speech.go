package status

import (
	"strings"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): the entry screen says
// what to scan or type and where "Look up" is, an input error replaces it when
// it appears, and the answer says the reference spelled, then the kind, the
// state and what it means — the same texts as the screen, from their
// "speech.status.…" prompts (SpeechKey). The dates are not said: they are on
// the screen, and the state already says what happened. The keys typed are
// the shell's to say (the on-screen keyboard announces them).

// SpeechKey is the spoken prompt of an answer's catalogue text:
// "reqstatus.state.done" is said by "speech.status.state.done". A text that has
// no prompt yet (a decline reason added without one) is read as written, so
// the person still hears it; the completeness test keeps that from shipping.
func SpeechKey(textKey string) string {
	if textKey == "" {
		return ""
	}
	k := speech.KeyPrefix + "status." + strings.TrimPrefix(textKey, "reqstatus.")
	if !i18n.Default().Has(i18n.AR, k) {
		return textKey
	}
	return k
}

// speak says the screen just built.
func (f *Flow) speak() {
	var u speech.Utterance
	switch f.screen {
	case "looking":
		u = speech.Say("speech.status.looking")
	case "answer":
		if f.outErr || f.answer == nil {
			u = speech.Say("speech.status.err.outbox", "speech.status.answer.action")
			break
		}
		d := Describe(*f.answer, f.lang(), f.opts.Location)
		u = speech.Say("speech.status.answer").ThenSpell(f.answer.Ref).
			Then(SpeechKey(d.KindKey), SpeechKey(d.StateKey), SpeechKey(d.DetailKey), SpeechKey(d.NoteKey), "speech.status.answer.action")
	default:
		if f.errCode != "" {
			u = speech.Say("speech.status.err." + f.errCode)
			break
		}
		u = speech.Say("speech.status.entry")
	}
	shell.Speak(f.h, u)
}
