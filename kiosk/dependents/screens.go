package dependents

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/datepick"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// ChoiceHeight is the height of the large buttons a person chooses a type of ID
// or a relation with: twice the 48 dp touch target, for unsteady hands.
const ChoiceHeight = 96

// screen builds the current step's screen.
func (f *Flow) screen() fyne.CanvasObject {
	if f.step != StepProve {
		// The prover says its own screens.
		defer f.announce()
	}
	if wait := f.Screen(); wait != nil {
		return wait
	}
	f.fields = map[string]*keyboard.Field{}
	switch f.step {
	case StepProve:
		if obj, ok := f.prover.Rebuild(f.H); ok {
			return obj
		}
	case StepList:
		return f.listScreen()
	case StepType:
		return f.typeScreen()
	case StepNumber:
		return f.numberScreen()
	case StepBirth:
		return f.birthScreen()
	case StepRelation:
		return f.relationScreen()
	case StepReview:
		return f.reviewScreen()
	case StepDone:
		return f.doneScreen()
	}
	return f.frame(f.T("dependents.refused.title"), f.Text(f.T("dependents.refused.body")), nil, f.HomeButton())
}

func (f *Flow) frame(title string, body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	return proof.Frame(f.Lang(), title, body, back, next)
}

// button is a named button whose text is not a catalogue key (a type of ID's
// name from the identity rules, say).
func (f *Flow) button(name, text string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(f.Lang(), text, func() { f.H.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	return f.AddButton(name, b)
}

// errorLine is the current step's message, right under what it is about.
func (f *Flow) errorLine() fyne.CanvasObject {
	if msg := f.Error(); msg != "" {
		return f.ErrorText(msg)
	}
	return f.Text("")
}

// choice is a large button among others; the selected one is highlighted.
func (f *Flow) choice(name, text string, selected bool, tapped func()) fyne.CanvasObject {
	b := f.button(name, text, selected, tapped)
	if selected {
		b.Icon = fynetheme.ConfirmIcon()
	}
	return container.New(minHeight(ChoiceHeight), b)
}

// minHeight lays its objects over each other at least that tall.
type minHeight float32

func (m minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, float32(m))
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (f *Flow) listScreen() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	switch {
	case f.listNote != "":
		objs = append(objs, f.Text(f.T("dependents.list."+f.listNote)))
	case len(f.list) == 0:
		objs = append(objs, f.Text(f.T("dependents.list.empty")))
	default:
		for _, d := range f.list {
			n := d.Name.AR
			if f.Lang() == i18n.EN {
				n = d.Name.EN
			}
			name := rtl.NewLabel(f.Lang(), n)
			name.Bold = true
			// LRM: the masked number reads left to right inside Arabic text.
			detail := f.Text(f.T("dependents.relation."+d.Relationship) + " — " +
				i18n.Tf(f.Lang(), "dependents.list.id", "\u200e"+d.MaskedID+"\u200e"))
			objs = append(objs, container.NewVBox(name, detail), widget.NewSeparator())
		}
	}
	add := f.NextButton("dependents.add", func() { f.to(StepType) })
	return f.frame(f.T("dependents.list.title"), container.NewVBox(objs...), f.BackButton(func() { f.H.Home() }), add)
}

func (f *Flow) typeScreen() fyne.CanvasObject {
	var choices []fyne.CanvasObject
	for _, k := range IDTypes() {
		choices = append(choices, f.choice("type:"+k.String(), k.Name(string(f.Lang())), f.idType == k, func() { f.chooseType(k) }))
	}
	body := container.NewVBox(f.Text(f.T("dependents.type.hint")), container.NewGridWithColumns(1, choices...))
	return f.frame(f.T("dependents.type.title"), body, f.BackButton(func() { f.to(StepList) }), nil)
}

func (f *Flow) numberScreen() fyne.CanvasObject {
	label := rtl.NewLabel(f.Lang(), f.idType.Name(string(f.Lang())))
	label.Bold = true
	fl := f.H.Keyboard().NewField(keyboard.Numeric)
	fl.SetText(f.number)
	fl.OnChanged = func(s string) { f.number = s; f.H.Touch() }
	f.Voice(fl, NumberPrompt, proof.EchoPersonal)
	f.fields["number"] = fl
	body := container.NewVBox(label, fl, f.errorLine())
	return f.frame(f.T("dependents.number.title"), body, f.BackButton(func() { f.to(StepType) }),
		f.NextButton("nav.next", f.submitNumber))
}

func (f *Flow) relationScreen() fyne.CanvasObject {
	var choices []fyne.CanvasObject
	for _, rel := range identity.Relations() {
		choices = append(choices, f.choice("relation:"+rel, f.T("dependents.relation."+rel), f.relation == rel, func() { f.chooseRelation(rel) }))
	}
	if f.Lang().RTL() {
		// A grid fills its rows left to right; Arabic reads them from the right.
		for i := 0; i+1 < len(choices); i += 2 {
			choices[i], choices[i+1] = choices[i+1], choices[i]
		}
	}
	body := container.NewVBox(container.NewGridWithColumns(2, choices...), f.errorLine())
	return f.frame(f.T("dependents.relation.title"), body, f.BackButton(func() { f.to(StepBirth) }), nil)
}

func (f *Flow) reviewScreen() fyne.CanvasObject {
	lang := string(f.Lang())
	row := func(key, value string) fyne.CanvasObject {
		l := rtl.NewLabel(f.Lang(), f.T(key))
		l.Bold = true
		return rtl.FormRow(f.Lang(), l, f.Text(value))
	}
	body := container.NewVBox(
		row("dependents.review.idtype", f.id.Type.Name(lang)),
		// LRM: the number reads left to right inside Arabic text.
		row("dependents.review.number", "\u200e"+f.id.Number+"\u200e"),
		row("dependents.review.birth", formatBirth(f.dob, lang)),
		row("dependents.review.relation", f.T("dependents.relation."+f.relation)),
	)
	change := f.NewButton("change", "dependents.review.change", false, func() { f.to(StepType) })
	change.Icon = rtl.BackIcon(f.Lang())
	return f.frame(f.T("dependents.review.title"), body, change, f.NextButton("dependents.review.submit", f.submit))
}

// formatBirth is the date as entered, with its twin in the other calendar.
func formatBirth(d identity.Date, lang string) string {
	b := register.BirthDates{}
	if g, err := d.In(identity.Gregorian); err == nil {
		b.Gregorian = g
	}
	if h, err := d.In(identity.Hijri); err == nil {
		b.Hijri = h
	}
	return register.FormatDates(b, d.Calendar, lang)
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	next := "dependents.done.next_offline"
	if res.Live {
		next = "dependents.done.next_online"
	}
	refLine := proof.RefWithQR(f.Lang(), f.T("dependents.done.ref"), res.Ref)
	status := f.Text(f.T("dependents.done.printed"))
	status.Bold = true
	var side fyne.CanvasObject
	if res.PrintErr != nil {
		status.SetText(f.T("dependents.done.print_failed"))
		status.ColorName = fynetheme.ColorNameError
		side = receiptOnScreen(res.Receipt, f.opts.ReceiptWidth)
	}
	info := container.NewVBox(status, refLine, f.Text(f.T(next)))
	var body fyne.CanvasObject = info
	switch {
	case side != nil && f.Lang().RTL():
		body = container.NewBorder(nil, nil, side, nil, info)
	case side != nil:
		body = container.NewBorder(nil, nil, nil, side, info)
	}
	finish := f.NewButton("finish", "dependents.finish", true, func() { f.H.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	return f.frame(f.T("dependents.done.title"), body, nil, finish)
}

// receiptOnScreen draws the receipt as it would print, at 60 %, scrolling.
func receiptOnScreen(r receipt.Receipt, width int) fyne.CanvasObject {
	img, err := receipt.Render(r, width)
	if err != nil {
		return nil
	}
	w, h := float32(img.Bounds().Dx())*0.6, float32(img.Bounds().Dy())*0.6
	o := canvas.NewImageFromImage(img)
	o.FillMode = canvas.ImageFillContain
	o.SetMinSize(fyne.NewSize(w, h))
	s := container.NewVScroll(o)
	s.SetMinSize(fyne.NewSize(w+fynetheme.Size(fynetheme.SizeNameScrollBar), 300))
	return s
}

// birthScreen is the shared date-of-birth picker (kiosk/datepick): Hijri first
// for a citizen, who may switch to Gregorian; Gregorian only for a resident.
func (f *Flow) birthScreen() fyne.CanvasObject {
	var obj fyne.CanvasObject
	var other func() // the line in the other calendar, refreshed as the person types
	obj, other = datepick.Picker{
		Lang: f.Lang(), Now: f.opts.Deps.Now(), Date: f.dob, Calendars: f.idType.IdentityType().Calendars(),
		Field: func(name, text string) *keyboard.Field {
			fl := f.H.Keyboard().NewField(keyboard.Numeric)
			fl.SetText(text)
			fl.OnFocused = func() { shell.Echo(f.H, speech.Say(datePrompt(name))) }
			f.fields[name] = fl
			return fl
		},
		Button: func(name, text string, selected bool, tap func()) *rtl.Button {
			b := f.button(name, text, selected, func() { tap(); f.echoDate(name); f.show() })
			if selected {
				b.Icon = fynetheme.ConfirmIcon()
			}
			return b
		},
		Set:         func(y, m, d int) { f.dob.Year, f.dob.Month, f.dob.Day, f.err = y, m, d, nil },
		SetCalendar: f.setCalendar,
		Typed:       func(string, string) { f.H.Touch(); other() },
		Current:     func() identity.Date { return f.dob },
	}.Object(f.errorLine())
	return f.frame(f.T("dependents.birth.title"), obj, f.BackButton(func() { f.to(StepNumber) }),
		f.NextButton("nav.next", f.submitBirth))
}

// setCalendar switches the calendar of the date of birth, converting a date
// already picked so the person does not lose it.
func (f *Flow) setCalendar(c identity.Calendar) {
	if c == f.dob.Calendar || !f.idType.IdentityType().AllowsCalendar(c) {
		return
	}
	f.err, f.dob = nil, convert(f.dob, c)
}
