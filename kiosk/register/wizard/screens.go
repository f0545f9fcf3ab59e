package wizard

import (
	"context"
	"fmt"
	"image"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/datepick"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// field makes an on-screen-keyboard input bound to a wizard field.
func (f *Flow) field(name register.Field, kind keyboard.Kind, value string) *keyboard.Field {
	return f.fieldOpt(name, kind, value, false)
}

// fieldOpt is field, masked when password is set. The mask must be set before the
// text: Entry decides how to draw its text when the text first arrives.
func (f *Flow) fieldOpt(name register.Field, kind keyboard.Kind, value string, password bool) *keyboard.Field {
	e := f.h.Keyboard().NewField(kind)
	e.Password, e.Secret = password, secretFields[name]
	e.SetText(value)
	// Only the field the person is typing in: Entry also reports cursor moves when
	// it is first laid out, and a replaced screen's field may report a lost focus.
	reveal := func() {
		active := f.h.Keyboard().Target() == e
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.Focused() == e {
			active = true
		}
		if f.fields[name] == e && active {
			f.reveal(name)
		}
	}
	e.OnChanged = func(s string) {
		f.w.Set(name, s)
		f.refresh()
		reveal()
	}
	// Focus (a tap or the keyboard's "next field" key) comes after the keyboard
	// has taken its share of the screen: bring the field's row into view.
	e.OnFocused = func() { f.reveal(name); f.speakField(name) }
	e.OnCursorChanged = reveal
	f.fields[name] = e
	return e
}

// liveError is the error next to a field; it disappears as soon as the field is
// edited and reappears when the step is checked again.
func (f *Flow) liveError(name register.Field) fyne.CanvasObject {
	box := container.NewStack(f.errorLabel(name))
	f.live = append(f.live, func() {
		box.Objects = []fyne.CanvasObject{f.errorLabel(name)}
		box.Refresh()
	})
	return box
}

// row is a labelled input with its error underneath, mirrored in Arabic.
func (f *Flow) row(label string, input fyne.CanvasObject, name register.Field) fyne.CanvasObject {
	return f.rowWidth(label, input, name, 0)
}

// rowWidth is row with the label given at least labelWidth, so that the fields
// of rows with the same labelWidth line up and share one width.
func (f *Flow) rowWidth(label string, input fyne.CanvasObject, name register.Field, labelWidth float32) fyne.CanvasObject {
	l := f.rowLabel(label)
	lbl := fyne.CanvasObject(container.NewPadded(l))
	if labelWidth > 0 {
		lbl = container.New(minWidth(labelWidth), lbl)
	}
	r := container.NewVBox(rtl.FormRow(f.lang(), lbl, input), f.liveError(name))
	f.rows[name] = r
	return r
}

func (f *Flow) rowLabel(label string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), label)
	l.Bold = true
	return l
}

// labelWidth is the width the widest of labels takes in a row.
func (f *Flow) labelWidth(labels ...string) float32 {
	w := float32(0)
	for _, s := range labels {
		w = max(w, container.NewPadded(f.rowLabel(s)).MinSize().Width)
	}
	return w
}

// minWidth lays its one object out at full size and asks for at least w.
type minWidth float32

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(float32(m), 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// choice is a large selectable button; the selected one is highlighted.
func (f *Flow) choice(key, text string, selected bool, tap func()) *rtl.Button {
	b := rtl.NewButton(f.lang(), text, func() {
		f.h.Touch()
		tap()
		f.show()
		f.echoChoice(key)
	})
	if selected {
		b.Importance = rtl.Primary
		b.Icon = fynetheme.ConfirmIcon()
	}
	f.buttons[key] = b
	return b
}

// endAligned puts end at the reading end of a line and center before it.
func (f *Flow) endAligned(center, end fyne.CanvasObject) fyne.CanvasObject {
	if f.lang().RTL() {
		return container.NewBorder(nil, nil, end, nil, center)
	}
	return container.NewBorder(nil, nil, nil, end, center)
}

func (f *Flow) identityTypeStep() fyne.CanvasObject {
	cur := f.w.Form().IDType
	var tiles []fyne.CanvasObject
	for _, t := range identity.IdentityTypes() {
		tiles = append(tiles, f.choice("type:"+t.String(), t.Name(string(f.lang())), t == cur, func() { f.w.SetIDType(t) }))
	}
	return container.NewVBox(
		rtl.Row(f.lang(), tiles[:2]...), rtl.Row(f.lang(), tiles[2:]...),
		f.liveError(register.FieldIDType),
		f.label(f.t("register.doc_hint")),
	)
}

func (f *Flow) idNumberStep() fyne.CanvasObject {
	form := f.w.Form()
	label, kind := f.t("register.id_number"), keyboard.Numeric
	switch form.IDType {
	case identity.Resident:
		label = f.t("register.iqama_number")
	case identity.Visitor:
		label, kind = f.t("register.passport_number"), keyboard.Latin
	case identity.GCC:
		label = f.t("register.gcc_number")
	}
	var parts []fyne.CanvasObject
	switch form.IDType {
	case identity.GCC:
		var btns []fyne.CanvasObject
		for _, code := range identity.GCCCountries() {
			c, _ := identity.LookupCountry(code)
			btns = append(btns, f.choice("country:"+code, c.Name(string(f.lang())), form.Nationality == code,
				func() { f.w.Set(register.FieldNationality, code) }))
		}
		parts = append(parts, f.heading(f.t("register.country")), rtl.Row(f.lang(), btns...), f.liveError(register.FieldNationality))
	case identity.Visitor:
		parts = append(parts, f.nationalityPicker(form.Nationality)...)
	}
	parts = append(parts, f.row(label, f.field(register.FieldIDNumber, kind, form.IDNumber), register.FieldIDNumber),
		f.label(f.t("register.doc_hint")))
	return container.NewVBox(parts...)
}

// nationalityPicker is a search field and the best matches as buttons: a list of
// 250 countries is unusable by touch, a few typed letters are not.
func (f *Flow) nationalityPicker(current string) []fyne.CanvasObject {
	kind := keyboard.Latin
	if f.lang().RTL() {
		kind = keyboard.Arabic
	}
	search := f.h.Keyboard().NewField(kind)
	search.SetPlaceHolder(f.t("register.nationality_search"))
	results := container.NewGridWithColumns(3)
	chosen := f.label("")
	update := func() {
		if c, ok := identity.LookupCountry(current); ok && current != "" {
			chosen.SetText(f.t("register.nationality") + ": " + c.Name(string(f.lang())))
		}
		results.Objects = nil
		q := strings.ToLower(strings.TrimSpace(search.Text))
		if q == "" {
			results.Refresh()
			return
		}
		for _, c := range identity.Countries() {
			if len(results.Objects) == 6 {
				break
			}
			if strings.Contains(strings.ToLower(c.Name(register.LangEnglish)), q) || strings.Contains(c.Name(register.LangArabic), q) || strings.EqualFold(c.Alpha3, q) {
				results.Objects = append(results.Objects, f.choice("country:"+c.Alpha3, c.Name(string(f.lang())), c.Alpha3 == current,
					func() { f.w.Set(register.FieldNationality, c.Alpha3) }))
			}
		}
		if f.lang().RTL() { // three a line, the first match on the right
			for len(results.Objects)%3 != 0 {
				results.Objects = append(results.Objects, container.NewStack())
			}
			for i := 0; i < len(results.Objects); i += 3 {
				slices.Reverse(results.Objects[i : i+3])
			}
		}
		results.Refresh()
	}
	search.OnChanged = func(s string) {
		f.h.Touch()
		update()
		// The matches change the step's height: lay it out again and keep the
		// field and its matches in view.
		if f.scroll != nil {
			f.scroll.Refresh()
			f.reveal("nationality_search")
		}
	}
	search.OnFocused = func() { f.reveal("nationality_search"); f.speakField("nationality_search") }
	f.fields["nationality_search"] = search
	update()
	// The matches appear under the search field as letters are typed: keep them in
	// view with it.
	typed := container.NewVBox(f.row(f.t("register.nationality"), search, register.FieldNationality), results)
	f.rows["nationality_search"] = typed
	return []fyne.CanvasObject{typed, chosen}
}

func (f *Flow) textStep(name register.Field, title register.Text, kind keyboard.Kind, hint string) fyne.CanvasObject {
	form := f.w.Form()
	value := map[register.Field]string{register.FieldMobile: form.Mobile, register.FieldEmail: form.Email}[name]
	parts := []fyne.CanvasObject{f.row(f.tx(title), f.field(name, kind, value), name)}
	if hint != "" {
		parts = append(parts, f.label(hint))
	}
	return container.NewVBox(parts...)
}

func (f *Flow) credentialsStep() fyne.CanvasObject {
	form := f.w.Form()
	user := f.field(register.FieldUsername, keyboard.Latin, form.Username)
	pw := f.fieldOpt(register.FieldPassword, keyboard.Latin, form.Password, true)
	confirm := f.fieldOpt(register.FieldConfirm, keyboard.Latin, form.Confirm, true)
	list := container.NewVBox()
	// One column for the marks, as wide as the wider mark: the checklist's
	// column must still fit beside the fields in the largest text.
	mw := float32(0)
	for _, mark := range []string{"✓", "✗"} {
		m := rtl.NewLabel(f.lang(), mark)
		m.Bold = true
		mw = max(mw, m.MinSize().Width)
	}
	draw := func() {
		list.Objects = nil
		for _, c := range f.w.PasswordChecklist() {
			mark, col := "✗", fynetheme.ColorNameError
			if c.OK {
				mark, col = "✓", fynetheme.ColorNameSuccess
			}
			l := rtl.NewLabel(f.lang(), f.tx(c.Text))
			l.ColorName = col
			l.Wrap = true
			m := rtl.NewLabel(f.lang(), mark)
			m.ColorName, m.Bold, m.Alignment = col, true, fyne.TextAlignCenter
			// The mark has a column of its own at the line's start (right in
			// Arabic): a wrapped rule continues under its text, not under the mark.
			list.Objects = append(list.Objects, rtl.FormRow(f.lang(), container.New(minWidth(mw), m), l))
		}
		list.Refresh()
	}
	draw()
	f.live = append(f.live, draw)
	// Fields and checklist side by side, so the fields stay above the keyboard;
	// labels share one width so the three fields are equally wide.
	lw := f.labelWidth(f.t("register.username"), f.t("register.password"), f.t("register.confirm"))
	fields := container.NewVBox(
		f.rowWidth(f.t("register.username"), user, register.FieldUsername, lw),
		f.rowWidth(f.t("register.password"), pw, register.FieldPassword, lw),
		f.rowWidth(f.t("register.confirm"), confirm, register.FieldConfirm, lw),
	)
	note := f.label(f.t("register.username_note"))
	note.Bold = true
	return rtl.Row(f.lang(), fields, container.NewVBox(note, list))
}

func (f *Flow) languageStep() fyne.CanvasObject {
	cur := f.w.Form().Language
	ar := f.choice("lang:ar", register.LanguageName(register.LangArabic).AR, cur == register.LangArabic, func() { f.w.SetLanguage(register.LangArabic) })
	en := f.choice("lang:en", register.LanguageName(register.LangEnglish).EN, cur == register.LangEnglish, func() { f.w.SetLanguage(register.LangEnglish) })
	return container.NewVBox(rtl.Row(f.lang(), ar, en), f.liveError(register.FieldLanguage))
}

func (f *Flow) captchaStep() fyne.CanvasObject {
	c, err := f.w.Captcha()
	var pic fyne.CanvasObject = container.NewStack()
	if err == nil {
		img := canvas.NewImageFromImage(c.Image())
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSize(register.CaptchaWidth*1.25, register.CaptchaHeight*1.25))
		pic = img
	}
	again := rtl.NewButton(f.lang(), f.t("register.captcha_new"), func() {
		f.h.Touch()
		f.w.NewCaptcha()
		f.saidID = "" // say the step again: Repeat must not read the old code
		f.show()
	})
	again.Icon = fynetheme.ViewRefreshIcon()
	f.buttons["captcha_new"] = again
	side := container.NewVBox(again)
	if shell.SpeechOn(f.h) {
		// The audio alternative to the picture, while speech mode is on.
		listen := rtl.NewPrimary(f.lang(), f.t("a11y.speech.listen_code"), f.listenCode)
		listen.Icon = fynetheme.VolumeUpIcon()
		f.buttons["captcha_listen"] = listen
		side.Add(listen)
	}
	// The picture sits beside the answer field, so both stay in view while the
	// letter keyboard is up.
	answer := f.row(f.t("register.captcha_answer"), f.field(register.FieldCaptcha, keyboard.Latin, f.w.Form().Captcha), register.FieldCaptcha)
	picture := rtl.HBox(f.lang(), pic, side)
	line := container.NewBorder(nil, nil, picture, nil, container.NewPadded(answer))
	if f.lang().RTL() {
		line = container.NewBorder(nil, nil, nil, picture, container.NewPadded(answer))
	}
	f.rows[register.FieldCaptcha] = line
	return container.NewVBox(f.label(f.t("register.captcha_prompt")), line)
}

func (f *Flow) termsStep() fyne.CanvasObject {
	t := f.w.Terms()
	accepted := f.w.Form().Terms
	text := f.label(f.tx(t.Terms))
	privacy := f.label(f.tx(t.Privacy))
	// A tick box beside the pledge: the pledge is too long for a button caption.
	accept := f.choice("accept", "", accepted, func() { f.w.AcceptTerms(!accepted) })
	accept.Icon = fynetheme.CheckButtonIcon()
	if accepted {
		accept.Icon = fynetheme.CheckButtonCheckedIcon()
	}
	pledge := f.label(f.t("register.accept"))
	pledge.Bold = true
	box := widget.NewCard("", "", container.NewVBox(f.heading(f.t("register.terms")), text, f.heading(f.t("register.privacy")), privacy))
	var line fyne.CanvasObject
	if f.lang().RTL() {
		line = container.NewBorder(nil, nil, nil, accept, pledge)
	} else {
		line = container.NewBorder(nil, nil, accept, nil, pledge)
	}
	return container.NewVBox(box, line, f.liveError(register.FieldTerms))
}

func (f *Flow) reviewStep() fyne.CanvasObject {
	parts := []fyne.CanvasObject{f.label(f.t("register.review_note"))}
	if f.lastErr != nil {
		if re, ok := f.lastErr.(*register.RefusedError); ok {
			l := f.label("⚠ " + re.Message(string(f.lang())))
			l.ColorName = fynetheme.ColorNameError
			l.Bold = true
			parts = append(parts, l)
		}
	}
	var cells []fyne.CanvasObject
	for _, it := range f.w.Review() {
		name := rtl.NewLabel(f.lang(), f.tx(it.Label))
		name.Bold = true
		value := rtl.NewLabel(f.lang(), f.tx(it.Value))
		if it.Value.AR == it.Value.EN {
			value.Text = ltr(it.Value.EN) // numbers, email, username: the same in both languages
		}
		value.Wrap = true
		edit := rtl.NewButton(f.lang(), f.t("register.edit"), func() {
			f.h.Touch()
			f.w.GoTo(it.Step)
			f.show()
		})
		f.buttons["edit:"+string(it.Field)] = edit
		cells = append(cells, widget.NewCard("", "", f.endAligned(container.NewVBox(name, value), edit)))
	}
	// Two items a line, in reading order, so the whole review fits one screen.
	for i := 0; i < len(cells); i += 2 {
		pair := cells[i:min(i+2, len(cells))]
		if len(pair) == 1 {
			pair = append(pair, container.NewStack())
		}
		parts = append(parts, rtl.Row(f.lang(), pair...))
	}
	return container.NewVBox(parts...)
}

// otpStep returns the code screen's body and its prompt, which goes under the
// step caption at the top (frameWith): with the keypad up, the code field, its
// error and the "new code" line must all fit above it, in Arabic's taller lines too.
func (f *Flow) otpStep() (body, prompt fyne.CanvasObject) {
	st := f.w.OTP()
	code := f.field(register.FieldOTP, keyboard.Numeric, "")
	verify := rtl.NewPrimary(f.lang(), f.t("register.otp_verify"), func() {
		f.h.Touch()
		f.saidID = "" // say the outcome, even the same error again
		c := code.Text
		f.run(func(ctx context.Context) error { return f.w.VerifyOTP(ctx, c) })
	})
	f.buttons["verify"] = verify
	resend := rtl.NewButton(f.lang(), f.t("register.otp_resend"), func() {
		f.h.Touch()
		f.saidID = "" // say that a new code was sent
		f.run(f.w.ResendOTP)
	})
	f.buttons["resend"] = resend
	tries := f.label("")
	wait := f.label("")
	tick := func() {
		st := f.w.OTP()
		tries.SetText(fmt.Sprintf(f.t("register.otp_tries"), st.TriesLeft))
		// A wrong code's message already says how many tries are left (or that
		// none are): the count is not said twice.
		tries.Show()
		if fe, ok := f.w.ErrorFor(register.FieldOTP); ok && (fe.Code == "otp_wrong" || fe.Code == "otp_exhausted") {
			tries.Hide()
		}
		switch {
		case !st.CanResend:
			resend.Disable()
			wait.SetText("")
		case st.ResendIn > 0:
			resend.Disable()
			wait.SetText(fmt.Sprintf(f.t("register.otp_resend_in"), int((st.ResendIn+time.Second-1)/time.Second)))
		default:
			resend.Enable()
			wait.SetText("")
		}
		// An empty line still takes a line's height.
		if wait.Text == "" {
			wait.Hide()
		} else {
			wait.Show()
		}
	}
	tick()
	f.live = append(f.live, tick)
	f.startTicker()
	// Verify and "new code" on the field's line (a six-digit code needs no more
	// width), the error, the tries and the wait for a new code under it: all of
	// it stays above the keypad, in Arabic's taller lines too.
	otpRow := container.NewVBox(
		f.endAligned(rtl.FormRow(f.lang(), container.NewPadded(f.rowLabel(f.t("register.otp_code"))), code),
			rtl.HBox(f.lang(), verify, resend)),
		f.liveError(register.FieldOTP))
	f.rows[register.FieldOTP] = otpRow
	p := f.label(fmt.Sprintf(f.t("register.otp_prompt"), ltr(st.MaskedMobile)))
	p.Alignment = fyne.TextAlignCenter
	return container.NewVBox(otpRow, tries, wait), p
}

func (f *Flow) birthDateStep() fyne.CanvasObject {
	form := f.w.Form()
	obj, other := datepick.Picker{
		Lang: f.lang(), Now: f.now(), Date: form.BirthDate, Calendars: form.IDType.Calendars(),
		Field: func(name, text string) *keyboard.Field {
			return f.field(register.Field(name), keyboard.Numeric, text)
		},
		Button: func(name, text string, selected bool, tap func()) *rtl.Button {
			part, arrow := strings.CutSuffix(name, "+")
			if !arrow {
				part, arrow = strings.CutSuffix(name, "-")
			}
			if !arrow {
				return f.choice(name, text, selected, tap)
			}
			// An arrow says the part of the date it changed.
			b := rtl.NewButton(f.lang(), text, func() { f.h.Touch(); tap(); f.show(); f.echoDate(part) })
			f.buttons[name] = b
			return b
		},
		Set:         f.w.SetBirthDate,
		SetCalendar: f.w.SetCalendar,
		Typed:       func(string, string) { f.refresh() },
		Current:     func() identity.Date { return f.w.Form().BirthDate },
	}.Object(f.liveError(register.FieldBirthDate))
	f.live = append(f.live, other)
	return obj
}

func (f *Flow) now() time.Time {
	if f.opts.Deps.Now != nil {
		return f.opts.Deps.Now()
	}
	return time.Now()
}

// imageObject shows img at its natural size, scaled to fit.
func imageObject(img image.Image, w, h float32) *canvas.Image {
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(fyne.NewSize(w, h))
	return c
}
