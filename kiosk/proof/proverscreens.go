package proof

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// screen builds the current step's screen.
func (p *Prover) screen() fyne.CanvasObject {
	p.buttons = map[string]*rtl.Button{}
	lang := p.h.Lang()
	if p.busy {
		wait := rtl.NewHeading(lang, p.t("prove.wait"))
		wait.Alignment = fyne.TextAlignCenter
		return container.NewCenter(wait)
	}
	title := p.t(p.c.TitleKey)
	switch p.step {
	case ProveID:
		body := fyne.CanvasObject(p.form.Object(lang, p.h.Keyboard(), p.h.Touch))
		back := p.backButton(p.toChoose)
		if p.c.ATM {
			card := p.text(i18n.Tf(lang, "atm.card.read", "\u200e"+p.card.Masked()+"\u200e"))
			// The card line last: the field and its error stay above the keypad.
			body = container.NewVBox(body, card)
			back = p.button("cancel", "prove.cancel", false, p.cancel)
		}
		return Frame(lang, title, body, back, p.nextButton("nav.next", p.submitID))
	case ProveFinger:
		alt := p.button("no_finger", "prove.finger.cannot", false, p.noFinger)
		return Frame(lang, title, p.capture.Object(lang, p.leading(alt)), p.backButton(p.toID), nil)
	case ProveCard:
		insert := rtl.NewHeading(lang, p.t("atm.card.insert"))
		insert.Alignment, insert.Wrap = fyne.TextAlignCenter, true
		body := container.NewVBox(insert, p.text(p.t("atm.card.why")))
		if p.cardErr != "" {
			body.Add(p.errorLine(p.t(p.cardErr)))
		}
		return Frame(lang, title, body, p.button("cancel", "prove.cancel", false, p.cancel), nil)
	case ProveLogin:
		return Frame(lang, title, p.loginBody(), p.backButton(p.toChoose), p.sendButton())
	case ProveCode:
		return Frame(lang, title, p.codeBody(), p.backButton(p.toLogin), p.nextButton("prove.code.confirm", p.submitCode))
	case ProveNoFinger:
		r := p.text(p.t("prove.no_finger." + p.reason))
		r.Bold = true
		return Frame(lang, title, container.NewVBox(r, p.otherWays()), nil, p.cancelButton())
	case ProveLocked:
		r := p.text(i18n.Tf(lang, "prove.locked.body", int(math.Ceil(p.left.Minutes()))))
		r.Bold = true
		return Frame(lang, p.t("prove.locked.title"), container.NewVBox(r, p.otherWays()), nil, p.cancelButton())
	case ProveNoAccount:
		return Frame(lang, p.t("prove.no_account.title"), p.text(p.t("prove.no_account.body")), nil, p.cancelButton())
	case ProveNetwork:
		key := "prove.network.body"
		if p.lost {
			key = "prove.network.lost"
		}
		return Frame(lang, p.t("prove.network.title"), p.text(p.t(key)), nil, p.cancelButton())
	}
	return Frame(lang, title, p.chooseBody(), p.button("cancel", "prove.cancel", false, p.cancel), nil)
}

func (p *Prover) t(key string) string { return i18n.T(p.h.Lang(), key) }

func (p *Prover) text(s string) *rtl.Label {
	l := rtl.NewLabel(p.h.Lang(), s)
	l.Wrap = true
	return l
}

func (p *Prover) errorLine(s string) *rtl.Label {
	l := p.text("⚠ " + s)
	l.Bold, l.ColorName = true, fynetheme.ColorNameError
	return l
}

// leading puts obj at the reading start of its row: the left in English, the
// right in Arabic.
func (p *Prover) leading(obj fyne.CanvasObject) fyne.CanvasObject {
	if p.h.Lang().RTL() {
		return container.NewHBox(layout.NewSpacer(), obj)
	}
	return container.NewHBox(obj)
}

func (p *Prover) button(name, key string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(p.h.Lang(), p.t(key), func() { p.h.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	p.buttons[name] = b
	return b
}

func (p *Prover) backButton(tapped func()) *rtl.Button {
	b := p.button("back", "nav.back", false, tapped)
	b.Icon = rtl.BackIcon(p.h.Lang())
	return b
}

func (p *Prover) nextButton(key string, tapped func()) *rtl.Button {
	b := p.button("next", key, true, tapped)
	b.Icon = rtl.NextIcon(p.h.Lang())
	return b
}

func (p *Prover) cancelButton() *rtl.Button {
	key := "nav.home"
	if p.c.ATM {
		key = "prove.take_card"
	}
	b := p.button("cancel", key, true, p.cancel)
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
	lang := p.h.Lang()
	q := rtl.NewHeading(lang, p.t("prove.choose.question"))
	q.Wrap = true
	finger := p.button("finger", "prove.choose.finger", true, p.chooseFinger)
	finger.Icon = fynetheme.AccountIcon()
	box := container.NewVBox(q, p.leading(finger), p.text(p.t("prove.choose.finger_hint")))
	if p.live() {
		pw := p.button("password", "prove.choose.password", true, p.choosePassword)
		pw.Icon = fynetheme.LoginIcon()
		box.Add(p.leading(pw))
		box.Add(p.text(p.t("prove.choose.password_hint")))
	} else {
		box.Add(p.text(p.t("prove.choose.password_offline")))
	}
	return box
}

// otherWays is what a person can do when the fingerprint did not prove them.
func (p *Prover) otherWays() fyne.CanvasObject {
	box := container.NewVBox()
	if !p.c.ATM && p.live() {
		pw := p.button("password", "prove.choose.password", false, p.choosePassword)
		pw.Icon = fynetheme.LoginIcon()
		box.Add(p.text(p.t("prove.other.password")))
		box.Add(p.leading(pw))
	}
	box.Add(p.text(p.t("prove.other.centre")))
	return box
}

func (p *Prover) field(kind keyboard.Kind, text string, password bool) *keyboard.Field {
	f := p.h.Keyboard().NewField(kind)
	// The mask must be set before the text: Entry decides how to draw its text
	// when the text first arrives.
	f.Password = password
	f.SetText(text)
	f.OnChanged = func(string) { p.h.Touch() }
	return f
}

func (p *Prover) label(key string) *rtl.Label {
	l := rtl.NewLabel(p.h.Lang(), p.t(key))
	l.Bold = true
	return l
}

func (p *Prover) loginBody() fyne.CanvasObject {
	p.user = p.field(keyboard.Latin, p.username, false)
	p.pass = p.field(keyboard.Latin, p.password, true)
	box := container.NewVBox()
	// The error above the fields: with the keyboard up, below them is out of
	// sight.
	if p.loginErr != "" {
		box.Add(p.errorLine(p.t(p.loginErr)))
	}
	// Each label beside its field: both fields fit above the keyboard.
	lang := p.h.Lang()
	box.Add(rtl.FormRow(lang, p.label("prove.login.username"), p.user))
	box.Add(rtl.FormRow(lang, p.label("prove.login.password"), p.pass))
	box.Add(p.text(p.t("prove.login.hint")))
	return box
}

func (p *Prover) codeBody() fyne.CanvasObject {
	lang := p.h.Lang()
	// LRM keeps the masked number in reading order inside the Arabic line.
	sent := p.text(i18n.Tf(lang, "prove.code.sent", "\u200e"+p.challenge.MaskedMobile+"\u200e"))
	p.code = p.field(keyboard.Numeric, p.codeText, false)
	// The label, the field and its error first: with the keypad up only they
	// are sure to show.
	box := container.NewVBox(p.label("prove.code.label"), p.code)
	switch {
	case p.codeErr == "prove.code.wrong":
		box.Add(p.errorLine(i18n.Tf(lang, p.codeErr, p.triesLeft)))
	case p.codeErr != "":
		box.Add(p.errorLine(p.t(p.codeErr)))
	}
	box.Add(sent)
	resend := p.button("resend", "prove.code.resend", false, p.sendCode)
	if left := p.resendLeft(); left > 0 {
		resend.Disable()
		box.Add(p.leading(resend))
		box.Add(p.text(i18n.Tf(lang, "prove.code.resend_wait", int(math.Ceil(left.Seconds())))))
	} else {
		box.Add(p.leading(resend))
	}
	return box
}

func (p *Prover) sendButton() *rtl.Button {
	b := p.button("send_code", "prove.login.send", true, p.submitLogin)
	b.Icon = rtl.NextIcon(p.h.Lang())
	return b
}
