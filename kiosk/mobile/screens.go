package mobile

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/sync/wire"
)

// quickCodes are the calling codes offered as one-tap choices: Saudi Arabia,
// the other GCC states and the countries most residents come from. Any other
// code can be typed.
var quickCodes = []string{"966", "971", "965", "973", "974", "968", "20", "962", "91", "92", "880", "63"}

func (f *Flow) screen() fyne.CanvasObject {
	f.fields = map[string]*keyboard.Field{}
	if wait := f.Screen(); wait != nil {
		return wait
	}
	switch f.step {
	case StepNeedsNetwork:
		return proof.Frame(f.Lang(), f.T("mobile.network.title"), f.Text(f.T("mobile.network.body")), nil, f.HomeButton())
	case StepAnswer:
		change := f.NewButton("change_number", "mobile.change_id", false, f.toID)
		return proof.Frame(f.Lang(), f.T("mobile.answer."+f.answer+".title"), f.Text(f.T("mobile.answer."+f.answer+".body")), change, f.HomeButton())
	case StepID:
		body := f.form.Object(f.Lang(), f.H.Keyboard(), f.H.Touch)
		f.hear("id", f.form.Field(), false, true)
		return proof.Frame(f.Lang(), f.T("proof.id.title"), body, f.BackButton(f.toChoose), f.NextButton("nav.next", f.submitID))
	case StepOldCode:
		body := f.codeBody(i18n.Tf(f.Lang(), "mobile.old.sent", "\u200e"+f.oldMasked+"\u200e"), f.sendOld)
		return proof.Frame(f.Lang(), f.T("mobile.old.title"), body, f.BackButton(f.toChoose),
			f.NextButton("mobile.code.verify", func() { f.verify(f.oldChallenge, f.toNewNumber) }))
	case StepNewNumber:
		return f.numberScreen()
	case StepNewCode:
		body := f.codeBody(i18n.Tf(f.Lang(), "mobile.new.sent", "\u200e"+wire.MaskMobile(f.newMobile)+"\u200e"), f.submitNumber)
		return proof.Frame(f.Lang(), f.T("mobile.new.code_title"), body, f.BackButton(f.toNewNumber),
			f.NextButton("mobile.code.verify", func() { f.verify(f.newChallenge, f.queue) }))
	case StepDone:
		return f.doneScreen()
	case StepRefused:
		return proof.Frame(f.Lang(), f.T("mobile.refused.title"), f.Text(f.T("mobile.refused.body")), nil, f.HomeButton())
	case StepExpired:
		return proof.Frame(f.Lang(), f.T("mobile.expired.title"), f.Text(i18n.Tf(f.Lang(), "mobile.expired.body", int(wire.ProofTTL/time.Minute))), nil, f.HomeButton())
	}
	return f.chooseScreen()
}

func (f *Flow) errLine(field string) fyne.CanvasObject {
	msg := f.Error(field)
	if msg == "" {
		return container.NewStack()
	}
	return f.ErrorText(msg)
}

func (f *Flow) toID() {
	f.step, f.answer, f.idErr = StepID, "", ""
	f.show()
}

// toChoose goes back to the choice between the two cases, forgetting the
// proof given so far: the other case, or another ID, starts afresh.
func (f *Flow) toChoose() {
	if f.prover != nil {
		f.prover.Wipe()
	}
	f.oldChallenge, f.oldMasked, f.step, f.idErr = "", "", StepChoose, ""
	f.prover, f.token, f.tokenExp, f.card, f.id = nil, "", time.Time{}, false, identity.ID{}
	f.clearErrs()
	f.show()
}

func (f *Flow) chooseScreen() fyne.CanvasObject {
	have := f.NewButton("have_sim", "mobile.choose.have", true, f.haveSIM)
	lostKey, bodyKey := "mobile.choose.lost", "mobile.choose.body"
	if f.opts.Deps.CardProof {
		lostKey, bodyKey = "mobile.choose.lost_card", "mobile.choose.body_card"
	}
	lost := f.NewButton("lost_sim", lostKey, true, f.lostSIM)
	have.Tall, lost.Tall = true, true
	have.Icon, lost.Icon = fynetheme.MailSendIcon(), fynetheme.VisibilityIcon()
	grid := container.NewGridWithColumns(2, have, lost)
	if f.Lang().RTL() {
		grid = container.NewGridWithColumns(2, lost, have)
	}
	body := container.NewVBox(f.Text(f.T(bodyKey)), grid)
	back := f.NewButton("back", "nav.home", false, func() { f.H.Home() })
	back.Icon = rtl.BackIcon(f.Lang())
	return proof.Frame(f.Lang(), f.T("mobile.choose.title"), body, back, nil)
}

// codeBody is a six-digit code field with where the code went and "send again".
func (f *Flow) codeBody(sentTo string, resend func()) fyne.CanvasObject {
	field := f.H.Keyboard().NewField(keyboard.Numeric)
	field.Secret = true // shown, but its keys are never said aloud
	field.SetText(f.code)
	field.OnChanged = func(s string) { f.code = s; f.H.Touch() }
	f.fields["code"] = field
	f.hear("code", field, true, false)
	label := f.Text(f.T("mobile.code.label"))
	label.Bold = true
	again := f.NewButton("resend", "mobile.code.resend", false, resend)
	// The error line sits right under the field: with the keypad up only the
	// field and its error are sure to show; where the code went comes after.
	row := container.NewHBox(again)
	if f.Lang().RTL() {
		row = container.NewHBox(layout.NewSpacer(), again)
	}
	return container.NewVBox(label, field, f.errLine("code"), f.Text(sentTo), row)
}

func (f *Flow) numberScreen() fyne.CanvasObject {
	kb := f.H.Keyboard()
	cc := kb.NewField(keyboard.Numeric)
	cc.SetText(f.cc)
	cc.OnChanged = func(s string) { f.cc = s; f.H.Touch() }
	num := kb.NewField(keyboard.Numeric)
	num.SetText(f.number)
	num.OnChanged = func(s string) { f.number = s; f.H.Touch() }
	f.fields["cc"], f.fields["number"] = cc, num
	f.hear("cc", cc, false, false)
	f.hear("number", num, false, true)
	country := f.Text(f.countryName())
	var quick []fyne.CanvasObject
	for _, code := range quickCodes {
		// A short name on the chip (the full one shows below once chosen); LRM
		// keeps "+" before the code inside Arabic.
		b := rtl.NewButton(f.Lang(), "\u200e+"+code+"\u200e "+f.T("mobile.chip."+code), nil)
		b.Label.SizeName = fynetheme.SizeNameCaptionText
		b.OnTapped = func() {
			f.H.Touch()
			f.cc, f.number = code, num.Text
			f.show()
			f.echoCountry(code)
		}
		f.AddButton("cc_"+code, b)
		quick = append(quick, b)
	}
	ccLabel := rtl.NewLabel(f.Lang(), f.T("mobile.number.country"))
	ccLabel.Bold = true
	numLabel := rtl.NewLabel(f.Lang(), f.T("mobile.number.label"))
	numLabel.Bold = true
	// The number reads left to right in both languages: "+", the calling code,
	// then the digits ("+" is not on the keypad, so it stands before the field).
	plus := rtl.NewHeading(f.Lang(), "+")
	ccBox := container.NewHBox(container.NewCenter(plus), container.NewGridWrap(fyne.NewSize(120, cc.MinSize().Height), cc))
	row := container.NewBorder(nil, nil, ccBox, nil, num)
	// One-tap countries flow in two rows of six fixed cells right under the
	// number, so that they show above the keypad in both languages: a grid of
	// columns would be as wide as the longest names and push the screen past
	// its edge.
	if f.Lang().RTL() {
		for i, j := 0, len(quick)-1; i < j; i, j = i+1, j-1 {
			quick[i], quick[j] = quick[j], quick[i]
		}
	}
	body := container.NewVBox(
		rtl.FormRow(f.Lang(), numLabel, row), f.errLine("number"),
		container.NewGridWrap(fyne.NewSize(172, 52), quick...),
		rtl.FormRow(f.Lang(), ccLabel, country),
		f.Text(f.T("mobile.number.hint")),
	)
	return proof.Frame(f.Lang(), f.T("mobile.new.title"), body, f.BackButton(f.toChoose), f.NextButton("mobile.number.send", f.submitNumber))
}

func (f *Flow) countryName() string {
	c := countryOf(stripCC(f.cc), string(f.Lang()))
	if c == "" {
		return f.T("mobile.number.unknown_country")
	}
	return c
}

func stripCC(s string) string {
	for len(s) > 0 && (s[0] == '+' || s[0] == '0') {
		s = s[1:]
	}
	return identity.NormalizeDigits(s)
}

// countryOf names the country of a calling code in lang, "" when unknown.
func countryOf(cc, lang string) string {
	a3, ok := identity.CallingCodeCountry(cc)
	if !ok {
		return ""
	}
	c, ok := identity.LookupCountry(a3)
	if !ok {
		return a3
	}
	return c.Name(lang)
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	line := proof.RefWithQR(f.Lang(), f.T("mobile.done.ref"), res.Ref)
	status := f.Text(f.T("mobile.done.printed"))
	if res.PrintErr != nil {
		status.SetText(f.T("mobile.done.print_failed"))
		status.ColorName = fynetheme.ColorNameError
	}
	status.Bold = true
	finish := f.NewButton("finish", "mobile.finish", true, func() { f.H.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	body := container.NewVBox(status, line, f.Text(f.T("mobile.done.next")))
	if res.Card {
		body.Add(rtl.NewHeading(f.Lang(), f.T("atm.take_card")))
	}
	return proof.Frame(f.Lang(), f.T("mobile.done.title"), body, nil, finish)
}
