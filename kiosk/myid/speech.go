package myid

import (
	"strconv"

	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Spoken guidance (kiosk/shell's package doc, "Speech"): each screen says what
// it is and its next action. The card says what it shows and where, and the ID
// number only after the warning that it is heard aloud (ThenPersonal); the
// name is not read (it cannot be spelled usefully, and the screen shows it).
// The QR's countdown is said only when something changes — a new code drawn,
// a renewal failing, the code expiring — never each second: a voice counting
// down would drown everything else.

// speak says the screen just built.
func (f *Flow) speak() {
	var u speech.Utterance
	switch f.step {
	case StepWait:
		u = speech.Say("speech.myid.wait")
	case StepCard:
		u = speech.Say("speech.myid.card", "speech.myid.card.id").ThenPersonal(f.status.ID.IDNumber).Then(f.cardAction())
	case StepNoAccount:
		u = speech.Say("speech.myid.no_account")
	case StepFailed:
		u = speech.Say("speech.myid.failed")
	case StepEnded:
		u = speech.Say("speech.myid.ended")
	default:
		u = speech.Say("speech.myid.network")
	}
	shell.Speak(f.h, u)
}

// cardAction says where "Print a copy" and "Finish" are.
func (f *Flow) cardAction() string {
	if f.opts.Deps.Printer == nil {
		return "speech.myid.card.action.no_print"
	}
	return "speech.myid.card.action"
}

// qrState names what the card's QR area says: a valid code (by its text), a
// renewal failing, or an expired code.
func qrState(st renew.Status, drawn string) string {
	switch {
	case st.Expired || drawn == "":
		return "expired"
	case st.RenewErr != nil:
		return "failed"
	}
	return "valid:" + drawn
}

// announceQR says a change of the QR area as it is drawn: a new code and the
// seconds it lives, a renewal that failed, an expired code. The card's first
// drawing only notes the state: the card's own prompt is being said.
func (f *Flow) announceQR(st renew.Status) {
	now := qrState(st, f.qrText)
	before := f.qrSaid
	f.qrSaid = now
	if before == "" || before == now {
		return
	}
	switch now {
	case "expired":
		shell.Echo(f.h, speech.Say("speech.myid.qr.expired"))
	case "failed":
		shell.Echo(f.h, speech.Say("speech.myid.qr.renew_failed"))
	default:
		shell.Echo(f.h, speech.Say("speech.myid.qr.renewed").ThenSpell(strconv.Itoa(int(st.Left.Seconds()))).Then("speech.myid.qr.seconds"))
	}
}

// printKeys are the spoken prompts of the copy's outcomes, by the screen
// text's key.
var printKeys = map[string]string{
	"myid.print.done":    "speech.myid.print.done",
	"myid.print.failed":  "speech.myid.print.failed",
	"myid.print.no_copy": "speech.myid.print.no_copy",
	"myid.failed.body":   "speech.myid.print.refused",
}
