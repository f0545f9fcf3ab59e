package mobile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

// Spoken guidance (see kiosk/shell's package doc): every screen of the change
// says its purpose and its one next action, each field its label when it
// gains focus, each error when it appears, and the done screen the result.
// The prompts are the catalogue's "speech.mobile.…" texts, and the identity
// rules' "speech.err.<code>". The prover's screens are the prover's to say.
// Never said: a code typed (each key says only "one character typed"). The
// ID number and the mobile numbers only after the warning that they are heard
// aloud.

// announce says the current screen, unless it was said already: a redraw of
// the same screen with the same messages says nothing again.
func (f *Flow) announce() {
	if f.step == StepProve && !f.Busy() {
		return
	}
	id, u := f.screenSpeech()
	if id == f.saidID {
		return
	}
	f.saidID = id
	shell.Speak(f.H, u)
}

// errPrompt is the prompt of a message under a field.
func errPrompt(e fieldErr) speech.Utterance {
	if e.code != "" {
		return speech.Say("speech.err." + string(e.code))
	}
	u := speech.Say("speech." + e.key)
	if e.key == "mobile.code.wrong" {
		u = u.ThenSpell(strconv.Itoa(e.arg))
	}
	return u
}

// screenSpeech is what the current screen says, and an ID that changes when
// there is something new to say (another step, a new message, a result).
func (f *Flow) screenSpeech() (string, speech.Utterance) {
	if f.Busy() {
		return "busy", speech.Say("speech.mobile.wait")
	}
	id := f.step.String()
	if f.step == StepID && f.idErr != "" {
		return fmt.Sprintf("%s|%s|%d", id, f.idErr, f.errGen), speech.Say(f.idErr)
	}
	if len(f.errs) > 0 && (f.step == StepOldCode || f.step == StepNewNumber || f.step == StepNewCode) {
		fields := make([]string, 0, len(f.errs))
		for k := range f.errs {
			fields = append(fields, k)
		}
		sort.Strings(fields)
		var u speech.Utterance
		for _, k := range fields {
			e := f.errs[k]
			id += "|" + k + ":" + e.key + string(e.code)
			u.Parts = append(u.Parts, errPrompt(e).Parts...)
		}
		return id + "|" + strconv.Itoa(f.errGen), u
	}
	switch f.step {
	case StepChoose:
		if f.opts.Deps.CardProof {
			return id, speech.Say("speech.mobile.choose.card")
		}
		return id, speech.Say("speech.mobile.choose")
	case StepID:
		if f.opts.Deps.CardProof {
			return id, speech.Say("speech.mobile.id.atm", speech.KeyAloud)
		}
		return id, speech.Say("speech.mobile.id", speech.KeyAloud)
	case StepNeedsNetwork:
		return id, speech.Say("speech.mobile.network")
	case StepAnswer:
		return id + "|" + f.answer, speech.Say("speech.mobile.answer." + f.answer)
	case StepOldCode:
		return id, speech.Say("speech.mobile.old").ThenSpell(f.oldMasked).Then("speech.mobile.code.action")
	case StepNewNumber:
		return id, speech.Say("speech.mobile.number", speech.KeyAloud)
	case StepNewCode:
		return id, speech.Say("speech.mobile.new_code").ThenPersonal(wire.MaskMobile(f.newMobile)).Then("speech.mobile.code.action")
	case StepDone:
		res := f.result
		printed := "speech.mobile.done.printed"
		if res.PrintErr != nil {
			printed = "speech.mobile.done.print_failed"
		}
		u := speech.Say("speech.mobile.done").ThenSlow(res.Ref).Then("speech.mobile.done.next", printed)
		if res.Card {
			u = u.Then("speech.mobile.done.take_card")
		}
		return id + "|" + res.Ref, u.Then("speech.mobile.done.finish")
	case StepRefused:
		return id, speech.Say("speech.mobile.refused")
	case StepExpired:
		return id, speech.Say("speech.mobile.expired")
	}
	return id, speech.Utterance{}
}

// hear makes a field speak: its label when the person moves to it, and each
// key: "one character typed" in a secret field (a code), the digit in the
// others — marked personal in the ID and mobile number fields.
func (f *Flow) hear(name string, field *keyboard.Field, secret, personal bool) {
	if field == nil {
		return
	}
	field.OnFocused = func() {
		if f.showing {
			return
		}
		u := speech.Say("speech.mobile.field." + name)
		if personal {
			u = u.Then(speech.KeyAloud)
		}
		shell.Echo(f.H, u)
	}
	changed := field.OnChanged
	if f.typed == nil {
		f.typed = map[string]string{}
	}
	f.typed[name] = field.Text
	field.OnChanged = func(now string) {
		if changed != nil {
			changed(now)
		}
		f.echo(name, now, secret, personal)
	}
}

// echo answers a key press in a field: the character typed (or "one character
// typed" in a secret field), or "deleted".
func (f *Flow) echo(name, now string, secret, personal bool) {
	before := f.typed[name]
	f.typed[name] = now
	if f.showing || !shell.SpeechOn(f.H) {
		return
	}
	b, a := []rune(before), []rune(now)
	switch {
	case len(a) < len(b):
		shell.Echo(f.H, speech.Say(speech.KeyDeleted))
	case len(a) > len(b) && secret:
		shell.Echo(f.H, speech.Typed())
	case len(a) == len(b)+1 && strings.HasPrefix(now, before):
		shell.Echo(f.H, speech.Utterance{Parts: []speech.Part{{Spell: string(a[len(a)-1]), Personal: personal}}})
	}
}

// echoCountry confirms a tapped country: its name and calling code.
func (f *Flow) echoCountry(code string) {
	shell.Echo(f.H, speech.Say("speech.mobile.chip."+code).ThenSpell("+"+code))
}
