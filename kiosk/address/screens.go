package address

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/sync/wire"
)

func homeIcon() fyne.Resource { return fynetheme.HomeIcon() }

func (f *Flow) screen() fyne.CanvasObject {
	clear(f.buttons)
	clear(f.fields)
	f.list, f.scroll, f.count = nil, nil, nil
	defer f.speak()
	if f.busy {
		l := rtl.NewHeading(f.lang(), f.t("address.wait"))
		l.Alignment = fyne.TextAlignCenter
		return container.NewCenter(l)
	}
	switch f.step {
	case StepCurrent:
		return f.currentScreen()
	case StepForm:
		return f.formScreen()
	case StepPicker:
		return f.pickerScreen()
	case StepReview:
		return f.reviewScreen()
	case StepDone:
		return f.doneScreen()
	case StepRefused:
		return f.frame(f.t("address.refused.title"), f.text(f.t("address.refused.body")), nil, f.homeButton())
	}
	// StepProve is the prover's; a screen asked for here is a rebuild without
	// one, which only a wiped session does: go home.
	return f.frame(f.t("service.address"), f.text(""), nil, f.homeButton())
}

// frame is the screen layout the services that prove the person share
// (proof.Frame): title between back and next at the top, where the keyboard
// never covers them, and the body scrolling under them.
func (f *Flow) frame(title string, body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	var start, end fyne.CanvasObject
	if back != nil {
		start = back
	}
	if next != nil {
		end = next
	}
	if f.lang().RTL() {
		start, end = end, start
	}
	head := rtl.NewHeading(f.lang(), title)
	head.Alignment, head.Wrap = fyne.TextAlignCenter, true
	top := container.NewBorder(nil, nil, start, end, head)
	p := fynetheme.Padding()
	pad := container.New(layout.NewCustomPaddedLayout(p, p, 2*p, 2*p+fynetheme.Size(fynetheme.SizeNameScrollBar)), body)
	f.scroll = container.NewVScroll(pad)
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, f.scroll))
}

func (f *Flow) button(name, key string, primary bool, tapped func()) *rtl.Button {
	b := rtl.NewButton(f.lang(), f.t(key), func() { f.h.Touch(); tapped() })
	if primary {
		b.Importance = rtl.Primary
	}
	f.buttons[name] = b
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

// placeName is a place's name in the screen's language; for an address stored
// without codes, the name as stored.
func (f *Flow) placeName(code, stored string, district bool) string {
	get := f.dir.City
	if district {
		get = f.dir.District
	}
	if p, ok := get(code); ok {
		return p.Name(string(f.lang()))
	}
	return stored
}

// addressRows are the address's fields as label: value rows.
func (f *Flow) addressRows(a wire.Address) fyne.CanvasObject {
	rows := []fyne.CanvasObject{}
	lw := f.labelWidth()
	add := func(key, value string) {
		name := rtl.NewLabel(f.lang(), f.t(key))
		name.Bold = true
		box := container.NewGridWrap(fyne.NewSize(lw, name.MinSize().Height), name)
		rows = append(rows, rtl.FormRow(f.lang(), box, f.text(ltr(value))))
	}
	if a.ShortAddress != "" {
		l := rtl.NewLabel(f.lang(), f.t("address.field.short_address"))
		l.Alignment = fyne.TextAlignCenter
		short := rtl.NewHeading(f.lang(), ltr(a.ShortAddress))
		short.Alignment = fyne.TextAlignCenter
		rows = append(rows, l, short)
	}
	add("address.field.building_number", a.BuildingNumber)
	add("address.field.street", a.Street)
	add("address.field.district", f.placeName(a.DistrictCode, a.District, true))
	add("address.field.city", f.placeName(a.CityCode, a.City, false))
	add("address.field.postal_code", a.PostalCode)
	add("address.field.additional_number", a.AdditionalNumber)
	return container.NewVBox(rows...)
}

// ltr keeps a value that reads left to right (numbers, the short address) in
// its order inside an Arabic line.
func ltr(s string) string {
	for _, r := range s {
		if r >= 0x0600 && r <= 0x06FF {
			return s
		}
	}
	return "\u200e" + s + "\u200e"
}

func (f *Flow) currentScreen() fyne.CanvasObject {
	body := container.NewVBox(f.addressRows(*f.current), f.cardRow())
	update := f.button("update", "address.current.update", true, f.startUpdate)
	update.Icon = rtl.NextIcon(f.lang())
	back := f.button("back", "nav.home", false, func() { f.h.Home() })
	back.Icon = rtl.BackIcon(f.lang())
	return f.frame(f.t("address.current.title"), body, back, update)
}

// cardRow is the "print the address card" button, or what came of it.
func (f *Flow) cardRow() fyne.CanvasObject {
	if f.printed != nil {
		key := "address.card.printed"
		if *f.printed != nil {
			key = "address.card.print_failed"
		}
		l := f.text(f.t(key))
		l.Bold = true
		if *f.printed != nil {
			l.ColorName = fynetheme.ColorNameError
		}
		return l
	}
	b := f.button("print_card", "address.card.print", false, f.printCard)
	b.Icon = fynetheme.DocumentPrintIcon()
	return container.NewCenter(b)
}

// formScreen is the new address: one row per field, its error under it.
func (f *Flow) formScreen() fyne.CanvasObject {
	var rows []fyne.CanvasObject
	switch f.unknown {
	case UnknownOffline, UnknownFailed:
		note := f.text(f.t("address.unknown." + f.unknown))
		note.Bold = true
		rows = append(rows, note)
	default:
		if !f.found {
			rows = append(rows, f.text(f.t("address.current.none")))
		}
	}
	rows = append(rows, f.text(f.t("address.form.intro")))
	lw := f.labelWidth()
	for _, name := range []string{identity.FieldBuildingNumber, identity.FieldStreet, identity.FieldCity,
		identity.FieldDistrict, identity.FieldPostalCode, identity.FieldAdditionalNumber, identity.FieldShortAddress} {
		var input fyne.CanvasObject
		errL := f.errLabel(name)
		switch name {
		case identity.FieldCity, identity.FieldDistrict:
			input = f.pickerButton(name)
		default:
			input = f.field(name, errL)
		}
		rows = append(rows, f.row(name, input, lw), errL)
	}
	back := f.button("back", "nav.back", false, func() {
		if f.current != nil && f.found {
			f.step = StepCurrent
			f.show()
			return
		}
		f.h.Home()
	})
	back.Icon = rtl.BackIcon(f.lang())
	next := f.button("next", "address.form.review", true, f.review)
	next.Icon = rtl.NextIcon(f.lang())
	return f.frame(f.t("address.form.title"), container.NewVBox(rows...), back, next)
}

// labelWidth is the width of the widest field label, so the fields line up.
func (f *Flow) labelWidth() float32 {
	var w float32
	for _, name := range []string{identity.FieldBuildingNumber, identity.FieldStreet, identity.FieldCity,
		identity.FieldDistrict, identity.FieldPostalCode, identity.FieldAdditionalNumber, identity.FieldShortAddress} {
		l := rtl.NewLabel(f.lang(), f.t("address.field."+name))
		l.Bold = true
		w = max(w, l.MinSize().Width)
	}
	return w
}

func (f *Flow) row(name string, input fyne.CanvasObject, lw float32) fyne.CanvasObject {
	l := rtl.NewLabel(f.lang(), f.t("address.field."+name))
	l.Bold = true
	box := container.NewGridWrap(fyne.NewSize(lw, l.MinSize().Height), l)
	return rtl.FormRow(f.lang(), container.NewPadded(box), input)
}

// errLabel is the message next to a field, empty while the field is fine.
func (f *Flow) errLabel(name string) *rtl.Label {
	l := f.text("")
	l.ColorName, l.Bold = fynetheme.ColorNameError, true
	if code, ok := f.errs[name]; ok {
		l.SetText("⚠ " + f.errText(code))
	}
	return l
}

func (f *Flow) errText(code identity.Code) string {
	if code == CodeCityFirst {
		return f.t("address.err.city_first")
	}
	return code.Message(string(f.lang()))
}

// fieldKinds are the keyboards of the typed fields; the street starts on the
// screen language's letters and can switch (the name may be in either).
func (f *Flow) fieldKind(name string) keyboard.Kind {
	switch name {
	case identity.FieldBuildingNumber, identity.FieldPostalCode, identity.FieldAdditionalNumber:
		return keyboard.Numeric
	case identity.FieldShortAddress:
		return keyboard.Latin
	}
	if k, ok := f.kinds[name]; ok {
		return k
	}
	if f.lang() == i18n.AR {
		return keyboard.Arabic
	}
	return keyboard.Latin
}

func (f *Flow) field(name string, errL *rtl.Label) fyne.CanvasObject {
	e := f.h.Keyboard().NewField(f.fieldKind(name))
	e.SetText(f.vals[name])
	e.OnChanged = func(s string) {
		f.h.Touch()
		f.vals[name] = s
		if _, bad := f.errs[name]; bad {
			// The message stays until the person changes the field; the screen is
			// not rebuilt, so the field keeps the keyboard.
			delete(f.errs, name)
			errL.SetText("")
		}
	}
	e.OnFocused = func() { f.reveal(e); f.echoField(name) }
	f.fields[name] = e
	if name == identity.FieldShortAddress {
		e.SetPlaceHolder("RRRD2929")
	}
	if name != identity.FieldStreet {
		return e
	}
	return f.withScriptSwitch(name, e)
}

// withScriptSwitch puts a button beside a text field that switches its
// keyboard between Arabic and English letters.
func (f *Flow) withScriptSwitch(name string, e *keyboard.Field) fyne.CanvasObject {
	key := "address.kb.latin"
	if f.fieldKind(name) == keyboard.Latin {
		key = "address.kb.arabic"
	}
	var sw *rtl.Button
	sw = f.button("script:"+name, key, false, func() {
		k := keyboard.Arabic
		if f.fieldKind(name) == keyboard.Arabic {
			k = keyboard.Latin
		}
		f.kinds[name] = k
		e.Kind = k
		kb := f.h.Keyboard()
		kb.SetTarget(e)
		kb.SetKind(k)
		if c := f.h.Window().Canvas(); c != nil {
			c.Focus(e)
		}
		caption := "address.kb.latin"
		if k == keyboard.Latin {
			caption = "address.kb.arabic"
		}
		shell.Echo(f.h, speech.Say("speech.address.kb."+map[keyboard.Kind]string{keyboard.Arabic: "arabic", keyboard.Latin: "latin"}[k]))
		sw.Label.SetText(f.t(caption))
		sw.Refresh()
	})
	// The switch sits at the reading end of the field, as narrow as its caption.
	if f.lang().RTL() {
		return container.NewBorder(nil, nil, sw, nil, e)
	}
	return container.NewBorder(nil, nil, nil, sw, e)
}

// reveal scrolls the form so the focused field shows above the keyboard.
func (f *Flow) reveal(o fyne.CanvasObject) {
	if f.scroll == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	bottom := top + o.Size().Height
	view, off := f.scroll.Size().Height, f.scroll.Offset.Y
	switch {
	case top < off || bottom-top > view:
		off = top
	case bottom > off+view:
		off = bottom - view
	default:
		return
	}
	f.scroll.ScrollToOffset(fyne.NewPos(0, max(0, off)))
}

// pickerButton shows the picked place, and opens the list when tapped.
func (f *Flow) pickerButton(name string) fyne.CanvasObject {
	text := f.t("address.pick." + name)
	code := f.city
	if name == identity.FieldDistrict {
		code = f.district
	}
	if code != "" {
		text = f.placeName(code, "", name == identity.FieldDistrict)
	}
	b := f.button("pick:"+name, "", false, func() { f.openPicker(name) })
	b.Label.SetText(text)
	b.Icon = fynetheme.MenuDropDownIcon()
	if code == "" {
		b.Importance = rtl.Normal
	}
	return b
}

func (f *Flow) countText() string {
	if len(f.matches) == 0 {
		return f.t("address.pick.none")
	}
	return i18n.Tf(f.lang(), "address.pick.count", len(f.matches))
}

// pickerScreen is the searchable list: the search field at the top, the
// matches under it as big buttons, the keyboard below.
func (f *Flow) pickerScreen() fyne.CanvasObject {
	title := f.t("address.pick.title." + f.picking)
	if f.picking == identity.FieldDistrict {
		title = i18n.Tf(f.lang(), "address.pick.title.district", f.placeName(f.city, "", false))
	}
	search := f.h.Keyboard().NewField(f.fieldKind("search"))
	search.SetPlaceHolder(f.t("address.pick.search"))
	search.SetText(f.query)
	search.OnChanged = func(q string) {
		f.h.Touch()
		f.filter(q)
	}
	f.fields["search"] = search
	f.count = f.text(f.countText())
	lang := f.lang()
	f.list = widget.NewList(
		func() int { return len(f.matches) },
		func() fyne.CanvasObject {
			b := rtl.NewButton(lang, "", nil)
			b.Label.Alignment = fyne.TextAlignLeading
			if lang.RTL() {
				b.Label.Alignment = fyne.TextAlignTrailing
			}
			return b
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(f.matches) {
				return
			}
			p := f.index.Place(f.matches[i])
			b := o.(*rtl.Button)
			// Both names: a person may know the place by either.
			other := p.EN
			if lang == i18n.EN {
				other = p.AR
			}
			b.Label.SetText(p.Name(string(lang)) + " — " + other)
			b.OnTapped = func() { f.pick(p) }
			b.Refresh()
		})
	back := f.button("back", "nav.back", false, func() {
		f.picking, f.query, f.index = "", "", nil
		f.step = StepForm
		f.show()
	})
	back.Icon = rtl.BackIcon(f.lang())
	head := rtl.NewHeading(f.lang(), title)
	head.Alignment, head.Wrap = fyne.TextAlignCenter, true
	var start, end fyne.CanvasObject = back, nil
	if f.lang().RTL() {
		start, end = nil, back
	}
	top := container.NewVBox(container.NewBorder(nil, nil, start, end, head),
		f.withScriptSwitch("search", search), f.count)
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, f.list))
}

func (f *Flow) reviewScreen() fyne.CanvasObject {
	var rows []fyne.CanvasObject
	rows = append(rows, f.text(f.t("address.review.intro")), f.addressRows(f.entered()))
	if f.proven != nil && f.proven.Token == "" {
		note := f.text(f.t("address.review.offline"))
		note.Bold = true
		rows = append(rows, note)
	}
	back := f.button("back", "address.review.change", false, func() {
		f.step = StepForm
		f.show()
	})
	back.Icon = rtl.BackIcon(f.lang())
	next := f.button("next", "address.review.confirm", true, f.queue)
	next.Icon = fynetheme.ConfirmIcon()
	return f.frame(f.t("address.review.title"), container.NewVBox(rows...), back, next)
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	refLabel := rtl.NewLabel(f.lang(), f.t("address.done.ref"))
	refLabel.Alignment = fyne.TextAlignCenter
	ref := rtl.NewHeading(f.lang(), "\u200e"+res.Ref+"\u200e")
	ref.Alignment = fyne.TextAlignCenter
	refBox := container.NewVBox(layout.NewSpacer(), refLabel, ref, layout.NewSpacer())
	refLine := fyne.CanvasObject(container.NewCenter(refBox))
	if img, err := slip.QRImage(res.Ref, 256); err == nil {
		refLine = container.NewCenter(rtl.HBox(f.lang(), refBox, container.NewGridWrap(fyne.NewSize(24, 1)), qr(img)))
	}
	status := f.text(f.t("address.done.printed"))
	status.Bold = true
	if res.PrintErr != nil {
		status.SetText(f.t("address.done.print_failed"))
		status.ColorName = fynetheme.ColorNameError
	}
	body := container.NewVBox(status, refLine, f.text(f.t("address.done.next")), f.text(f.t("address.card.note")), f.cardRow())
	finish := f.button("finish", "nav.done", true, func() { f.h.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	return f.frame(f.t("address.done.title"), body, nil, finish)
}

func qr(img image.Image) fyne.CanvasObject {
	q := canvas.NewImageFromImage(img)
	q.FillMode, q.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
	q.SetMinSize(fyne.NewSquareSize(150))
	return q
}
