package proof

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// screen builds the current step's screen.
func (p *Prover) screen() fyne.CanvasObject {
	if wait := p.Screen(); wait != nil {
		return wait
	}
	lang := p.H.Lang()
	title := p.T(p.c.TitleKey)
	switch p.step {
	case ProveID:
		body := fyne.CanvasObject(p.form.Object(lang, p.H.Keyboard(), p.H.Touch))
		p.Voice(p.form.Field(), KeyIDField, EchoPersonal)
		back := p.BackButton(p.toChoose)
		if p.c.ATM {
			card := p.Text(i18n.Tf(lang, "atm.card.read", "\u200e"+p.card.Masked()+"\u200e"))
			// Why the number is asked comes first, where it is read before
			// typing; the card line last: the field and its error stay above
			// the keypad.
			box := container.NewVBox(body, card)
			if p.idWhy != "" {
				why := p.Text(p.T(p.idWhy))
				why.Bold = true
				box = container.NewVBox(why, body, card)
			}
			body = box
			back = p.NewButton("cancel", "prove.cancel", false, p.cancel)
		} else if p.c.NoCode {
			// The ID screen is the first: nothing to go back to in the proof.
			back = p.NewButton("cancel", "prove.cancel", false, p.cancel)
		}
		return Frame(lang, title, body, back, p.NextButton("nav.next", p.submitID))
	case ProveFinger:
		alt := p.NewButton("no_finger", "prove.finger.cannot", false, p.noFinger)
		return Frame(lang, title, p.capture.Object(lang, p.Leading(alt)), p.BackButton(p.toID), nil)
	case ProveCard:
		insert := rtl.NewHeading(lang, p.T("atm.card.insert"))
		insert.Alignment, insert.Wrap = fyne.TextAlignCenter, true
		body := container.NewVBox(container.NewCenter(shell.NewCardPicture()), insert, p.Text(p.T("prove.card.why")))
		if p.cardErr != "" {
			body.Add(p.ErrorText(p.T(p.cardErr)))
		}
		return Frame(lang, title, body, p.NewButton("cancel", "prove.cancel", false, p.cancel), nil)
	case ProveLogin:
		return Frame(lang, title, p.loginBody(), p.BackButton(p.toChoose), p.sendButton())
	case ProveCode:
		return Frame(lang, title, p.codeBody(), p.BackButton(p.toLogin), p.NextButton("prove.code.confirm", p.submitCode))
	case ProveNoFinger:
		r := p.Text(p.T("prove.no_finger." + p.reason))
		r.Bold = true
		return Frame(lang, title, container.NewVBox(r, p.otherWays()), nil, p.cancelButton())
	case ProveLocked:
		r := p.Text(i18n.Tf(lang, "prove.locked.body", int(math.Ceil(p.left.Minutes()))))
		r.Bold = true
		return Frame(lang, p.T("prove.locked.title"), container.NewVBox(r, p.otherWays()), nil, p.cancelButton())
	case ProveNoAccount:
		return Frame(lang, p.T("prove.no_account.title"), p.Text(p.T(p.noAccountKey())), nil, p.cancelButton())
	case ProveNetwork:
		key := "prove.network.body"
		if p.lost {
			key = "prove.network.lost"
		}
		return Frame(lang, p.T("prove.network.title"), p.Text(p.T(key)), nil, p.cancelButton())
	}
	return Frame(lang, title, p.chooseBody(), p.NewButton("cancel", "prove.cancel", false, p.cancel), nil)
}

func (p *Prover) cancelButton() *rtl.Button {
	key := "nav.home"
	if p.c.ATM {
		key = "prove.take_card"
	}
	b := p.NewButton("cancel", key, true, p.cancel)
	b.Icon = fynetheme.HomeIcon()
	return b
}

func (p *Prover) toChoose() {
	p.readFields()
	if p.capture != nil {
		p.capture.Stop()
		p.capture = nil
	}
	p.step, p.loginErr = ProveChoose, ""
	if p.c.ATM {
		p.step = ProveCard
	}
	p.show()
}

func (p *Prover) toID() {
	if p.capture != nil {
		p.capture.Stop()
		p.capture = nil
	}
	p.step = ProveID
	p.show()
}

func (p *Prover) toLogin() {
	if p.tick != nil {
		p.tick.Stop()
	}
	p.step, p.codeErr, p.codeText = ProveLogin, "", ""
	p.show()
}

// chooseBody is "how do you want to prove who you are": the fingerprint, and
// (with the network) the username, password and a code.
func (p *Prover) chooseBody() fyne.CanvasObject {
	lang := p.H.Lang()
	q := rtl.NewHeading(lang, p.T("prove.choose.question"))
	q.Wrap = true
	finger := p.NewButton("finger", "prove.choose.finger", true, p.chooseFinger)
	finger.Icon = fynetheme.AccountIcon()
	box := container.NewVBox(q, p.Leading(finger), p.Text(p.T("prove.choose.finger_hint")))
	if p.live() {
		pw := p.NewButton("password", "prove.choose.password", true, p.choosePassword)
		pw.Icon = fynetheme.LoginIcon()
		box.Add(p.Leading(pw))
		box.Add(p.Text(p.T("prove.choose.password_hint")))
	} else {
		box.Add(p.Text(p.T("prove.choose.password_offline")))
	}
	return box
}

// otherWays is what a person can do when the fingerprint did not prove them.
func (p *Prover) otherWays() fyne.CanvasObject {
	box := container.NewVBox()
	if !p.c.ATM && !p.c.NoCode && p.live() {
		pw := p.NewButton("password", "prove.choose.password", false, p.choosePassword)
		pw.Icon = fynetheme.LoginIcon()
		box.Add(p.Text(p.T("prove.other.password")))
		box.Add(p.Leading(pw))
	}
	box.Add(p.Text(p.T("prove.other.centre")))
	return box
}

func (p *Prover) field(kind keyboard.Kind, text string, password bool) *keyboard.Field {
	f := p.H.Keyboard().NewField(kind)
	// The mask must be set before the text: Entry decides how to draw its text
	// when the text first arrives.
	f.Password = password
	f.SetText(text)
	f.OnChanged = func(string) { p.H.Touch() }
	return f
}

func (p *Prover) label(key string) *rtl.Label {
	l := rtl.NewLabel(p.H.Lang(), p.T(key))
	l.Bold = true
	return l
}

func (p *Prover) loginBody() fyne.CanvasObject {
	p.user = p.field(keyboard.Latin, p.username, false)
	p.pass = p.field(keyboard.Latin, p.password, true)
	p.Voice(p.user, "speech.prove.field.username", EchoPersonal)
	p.Voice(p.pass, "speech.prove.field.password", EchoSecret)
	box := container.NewVBox()
	// The error above the fields: with the keyboard up, below them is out of
	// sight.
	if p.loginErr != "" {
		box.Add(p.ErrorText(p.T(p.loginErr)))
	}
	// Each label beside its field: both fields fit above the keyboard.
	lang := p.H.Lang()
	box.Add(rtl.FormRow(lang, p.label("prove.login.username"), p.user))
	box.Add(rtl.FormRow(lang, p.label("prove.login.password"), p.pass))
	box.Add(p.Text(p.T("prove.login.hint")))
	return box
}

func (p *Prover) codeBody() fyne.CanvasObject {
	lang := p.H.Lang()
	// LRM keeps the masked number in reading order inside the Arabic line.
	sent := p.Text(i18n.Tf(lang, "prove.code.sent", "\u200e"+p.challenge.MaskedMobile+"\u200e"))
	p.code = p.field(keyboard.Numeric, p.codeText, false)
	p.Voice(p.code, "speech.prove.field.code", EchoSecret)
	p.code.Secret = true // shown, but its keys are never said aloud
	// The label, the field and its error first: with the keypad up only they
	// are sure to show.
	box := container.NewVBox(p.label("prove.code.label"), p.code)
	switch {
	case p.codeErr == "prove.code.wrong":
		box.Add(p.ErrorText(i18n.Tf(lang, p.codeErr, p.triesLeft)))
	case p.codeErr != "":
		box.Add(p.ErrorText(p.T(p.codeErr)))
	}
	box.Add(sent)
	resend := p.NewButton("resend", "prove.code.resend", false, p.sendCode)
	if left := p.resendLeft(); left > 0 {
		resend.Disable()
		box.Add(p.Leading(resend))
		box.Add(p.Text(i18n.Tf(lang, "prove.code.resend_wait", int(math.Ceil(left.Seconds())))))
	} else {
		box.Add(p.Leading(resend))
	}
	return box
}

func (p *Prover) sendButton() *rtl.Button {
	b := p.NewButton("send_code", "prove.login.send", true, p.submitLogin)
	b.Icon, b.IconEnd = rtl.NextIcon(p.H.Lang()), true
	return b
}

// noAccountKey is what a person with no activated account is told (central's
// 409 no_account: none at all, or registered and not yet activated, as after a
// lost SIM): activate first where this machine does it, else register first;
// an ATM registers no one.
func (p *Prover) noAccountKey() string {
	if p.c.ATM {
		return "prove.no_account.body.atm"
	}
	return "prove.no_account.body"
}
