package mobile

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/wire"
)

// quickCodes are the calling codes offered as one-tap choices: Saudi Arabia,
// the other GCC states and the countries most residents come from. Any other
// code can be typed.
var quickCodes = []string{"966", "971", "965", "973", "974", "968", "20", "962", "91", "92", "880", "63"}

func (f *Flow) screen() fyne.CanvasObject {
	f.buttons, f.fields = map[string]*rtl.Button{}, map[string]*keyboard.Field{}
	if f.busy {
		wait := rtl.NewHeading(f.lang(), f.t("mobile.wait"))
		wait.Alignment = fyne.TextAlignCenter
		return container.NewCenter(wait)
	}
	switch f.step {
	case StepNeedsNetwork:
		return proof.Frame(f.lang(), f.t("mobile.network.title"), f.text(f.t("mobile.network.body")), nil, f.homeButton())
	case StepAnswer:
		change := f.button("change_number", "mobile.change_id", false, f.toID)
		return proof.Frame(f.lang(), f.t("mobile.answer."+f.answer+".title"), f.text(f.t("mobile.answer."+f.answer+".body")), change, f.homeButton())
	case StepChoose:
		return f.chooseScreen()
	case StepOldCode:
		body := f.codeBody(i18n.Tf(f.lang(), "mobile.old.sent", "\u200e"+f.oldMasked+"\u200e"), f.sendOld)
		return proof.Frame(f.lang(), f.t("mobile.old.title"), body, f.backButton(f.toChoose),
			f.nextButton("mobile.code.verify", func() { f.verify(f.oldChallenge, f.toNewNumber) }))
	case StepFinger:
		alt := f.button("alternative", "mobile.finger.alternative", false, func() { f.stopCapture(); f.step = StepAlternative; f.show() })
		return proof.Frame(f.lang(), f.t("mobile.finger.title"), f.capture.Object(f.lang(), container.NewCenter(alt)), f.backButton(f.toChoose), nil)
	case StepAlternative, StepLocked:
		return f.alternativeScreen()
	case StepNewNumber:
		return f.numberScreen()
	case StepNewCode:
		body := f.codeBody(i18n.Tf(f.lang(), "mobile.new.sent", "\u200e"+wireMask(f.newMobile)+"\u200e"), f.submitNumber)
		return proof.Frame(f.lang(), f.t("mobile.new.code_title"), body, f.backButton(f.toNewNumber),
			f.nextButton("mobile.code.verify", func() { f.verify(f.newChallenge, f.queue) }))
	case StepDone:
		return f.doneScreen()
	case StepCard:
		insert := rtl.NewHeading(f.lang(), f.t("atm.card.insert"))
		insert.Alignment, insert.Wrap = fyne.TextAlignCenter, true
		body := container.NewVBox(insert, f.text(f.t("mobile.card.why")))
		if f.cardErr != "" {
			e := f.text("⚠ " + f.t(f.cardErr))
			e.Bold, e.ColorName = true, fynetheme.ColorNameError
			body.Add(e)
		}
		return proof.Frame(f.lang(), f.t("mobile.card.title"), body, f.backButton(f.toChoose), nil)
	case StepRefused:
		return proof.Frame(f.lang(), f.t("mobile.refused.title"), f.text(f.t("mobile.refused.body")), nil, f.homeButton())
	}
	body := f.form.Object(f.lang(), f.h.Keyboard(), f.h.Touch)
	return proof.Frame(f.lang(), f.t("proof.id.title"), body, f.backButton(func() { f.h.Home() }), f.nextButton("nav.next", f.submitID))
}

func (f *Flow) button(name, key string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(f.lang(), f.t(key), func() { f.h.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	f.buttons[name] = b
	return b
}

func (f *Flow) backButton(tapped func()) *rtl.Button {
	b := f.button("back", "nav.back", false, tapped)
	b.Icon = rtl.BackIcon(f.lang())
	return b
}

func (f *Flow) nextButton(key string, tapped func()) *rtl.Button {
	b := f.button("next", key, true, tapped)
	b.Icon = rtl.NextIcon(f.lang())
	return b
}

func (f *Flow) homeButton() *rtl.Button {
	b := f.button("home", "nav.home", true, func() { f.h.Home() })
	b.Icon = fynetheme.HomeIcon()
	return b
}

func (f *Flow) text(s string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), s)
	l.Wrap = true
	return l
}

func (f *Flow) errLine(field string) fyne.CanvasObject {
	msg := f.errs[field]
	if msg == "" {
		return container.NewStack()
	}
	l := f.text("⚠ " + msg)
	l.Bold, l.ColorName = true, fynetheme.ColorNameError
	return l
}

func (f *Flow) toID() {
	f.stopCapture()
	f.step, f.answer = StepID, ""
	f.show()
}

func (f *Flow) toChoose() {
	f.stopCapture()
	clear(f.template)
	f.template, f.card, f.oldChallenge, f.step, f.errs = nil, nil, "", StepChoose, map[string]string{}
	f.show()
}

func (f *Flow) chooseScreen() fyne.CanvasObject {
	have := f.button("have_sim", "mobile.choose.have", true, f.sendOld)
	lostKey, bodyKey := "mobile.choose.lost", "mobile.choose.body"
	if f.opts.Deps.CardProof {
		lostKey, bodyKey = "mobile.choose.lost_card", "mobile.choose.body_card"
	}
	lost := f.button("lost_sim", lostKey, true, f.lostSIM)
	have.Tall, lost.Tall = true, true
	have.Icon, lost.Icon = fynetheme.MailSendIcon(), fynetheme.VisibilityIcon()
	grid := container.NewGridWithColumns(2, have, lost)
	if f.lang().RTL() {
		grid = container.NewGridWithColumns(2, lost, have)
	}
	body := container.NewVBox(f.text(f.t(bodyKey)), grid)
	return proof.Frame(f.lang(), f.t("mobile.choose.title"), body, f.backButton(f.toID), nil)
}

// codeBody is a six-digit code field with where the code went and "send again".
func (f *Flow) codeBody(sentTo string, resend func()) fyne.CanvasObject {
	field := f.h.Keyboard().NewField(keyboard.Numeric)
	field.SetText(f.code)
	field.OnChanged = func(s string) { f.code = s; f.h.Touch() }
	f.fields["code"] = field
	label := f.text(f.t("mobile.code.label"))
	label.Bold = true
	again := f.button("resend", "mobile.code.resend", false, resend)
	// The error line sits right under the field: with the keypad up only the
	// field and its error are sure to show; where the code went comes after.
	row := container.NewHBox(again)
	if f.lang().RTL() {
		row = container.NewHBox(layout.NewSpacer(), again)
	}
	return container.NewVBox(label, field, f.errLine("code"), f.text(sentTo), row)
}

func (f *Flow) numberScreen() fyne.CanvasObject {
	kb := f.h.Keyboard()
	cc := kb.NewField(keyboard.Numeric)
	cc.SetText(f.cc)
	cc.OnChanged = func(s string) { f.cc = s; f.h.Touch() }
	num := kb.NewField(keyboard.Numeric)
	num.SetText(f.number)
	num.OnChanged = func(s string) { f.number = s; f.h.Touch() }
	f.fields["cc"], f.fields["number"] = cc, num
	country := f.text(f.countryName())
	var quick []fyne.CanvasObject
	for _, code := range quickCodes {
		b := rtl.NewButton(f.lang(), "+"+code+" "+countryOf(code, string(f.lang())), nil)
		b.OnTapped = func() {
			f.h.Touch()
			f.cc, f.number = code, num.Text
			f.show()
		}
		f.buttons["cc_"+code] = b
		quick = append(quick, b)
	}
	ccLabel := rtl.NewLabel(f.lang(), f.t("mobile.number.country"))
	ccLabel.Bold = true
	numLabel := f.text(f.t("mobile.number.label"))
	numLabel.Bold = true
	// The number reads left to right in both languages: "+966" then the digits.
	row := container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(140, cc.MinSize().Height), cc), nil, num)
	// One-tap countries flow in rows of fixed cells: a grid of columns would be as
	// wide as four of the longest names and push the screen past its edge.
	if f.lang().RTL() {
		for i, j := 0, len(quick)-1; i < j; i, j = i+1, j-1 {
			quick[i], quick[j] = quick[j], quick[i]
		}
	}
	body := container.NewVBox(
		numLabel, row, f.errLine("number"),
		rtl.FormRow(f.lang(), ccLabel, country),
		container.NewGridWrap(fyne.NewSize(280, 52), quick...),
		f.text(f.t("mobile.number.hint")),
	)
	return proof.Frame(f.lang(), f.t("mobile.new.title"), body, f.backButton(f.toChoose), f.nextButton("mobile.number.send", f.submitNumber))
}

func (f *Flow) countryName() string {
	c := countryOf(stripCC(f.cc), string(f.lang()))
	if c == "" {
		return f.t("mobile.number.unknown_country")
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

func (f *Flow) alternativeScreen() fyne.CanvasObject {
	title, reason := f.t("mobile.alternative.title"), f.t("mobile.alternative.reason")
	if f.step == StepLocked {
		title = f.t("mobile.locked.title")
		reason = i18n.Tf(f.lang(), "mobile.locked.body", int(math.Ceil(f.left.Minutes())))
	}
	r := f.text(reason)
	r.Bold = true
	useOld := f.button("use_old_sim", "mobile.alternative.old_sim", false, f.sendOld)
	body := container.NewVBox(r, f.text(f.t("mobile.alternative.body")), container.NewCenter(useOld))
	return proof.Frame(f.lang(), title, body, nil, f.homeButton())
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	refLabel := rtl.NewLabel(f.lang(), f.t("mobile.done.ref"))
	refLabel.Alignment = fyne.TextAlignCenter
	ref := rtl.NewHeading(f.lang(), "\u200e"+res.Ref+"\u200e")
	ref.Alignment = fyne.TextAlignCenter
	refBox := container.NewVBox(refLabel, ref)
	line := fyne.CanvasObject(container.NewCenter(refBox))
	if img, err := slip.QRImage(res.Ref, 256); err == nil {
		q := canvas.NewImageFromImage(img)
		q.FillMode, q.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
		q.SetMinSize(fyne.NewSquareSize(150))
		line = container.NewCenter(rtl.HBox(f.lang(), refBox, container.NewGridWrap(fyne.NewSize(24, 1)), q))
	}
	status := f.text(f.t("mobile.done.printed"))
	if res.PrintErr != nil {
		status.SetText(f.t("mobile.done.print_failed"))
		status.ColorName = fynetheme.ColorNameError
	}
	status.Bold = true
	finish := f.button("finish", "mobile.finish", true, func() { f.h.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	next := "mobile.done.next"
	if res.Card {
		next = "mobile.done.next_card"
	}
	body := container.NewVBox(status, line, f.text(f.t(next)))
	if res.Card {
		body.Add(rtl.NewHeading(f.lang(), f.t("atm.take_card")))
	}
	return proof.Frame(f.lang(), f.t("mobile.done.title"), body, nil, finish)
}

func wireMask(e164 string) string { return wire.MaskMobile(e164) }
