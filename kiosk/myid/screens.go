package myid

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// qrSide is the QR's side on screen: a version 12 code (65 modules and a quiet
// zone of 4 on each side) gets five whole pixels a module, which a phone or a
// scanner reads at arm's length.
const qrSide = 365

func (f *Flow) t(key string) string { return i18n.T(f.lang(), key) }

func (f *Flow) screen() fyne.CanvasObject {
	f.buttons = map[string]*rtl.Button{}
	f.qr, f.qrText, f.left, f.note, f.printOut, f.expired, f.expiredBox = nil, "", nil, nil, nil, nil, nil
	f.qrSaid = ""
	defer f.speak()
	switch f.step {
	case StepWait:
		wait := rtl.NewHeading(f.lang(), f.t("myid.wait"))
		wait.Alignment = fyne.TextAlignCenter
		return container.NewCenter(wait)
	case StepCard:
		return f.cardScreen()
	case StepNoAccount:
		return proof.Frame(f.lang(), f.t("myid.no_account.title"), f.text(f.t("myid.no_account.body")), nil, f.homeButton())
	case StepFailed:
		return proof.Frame(f.lang(), f.t("myid.failed.title"), f.text(f.t("myid.failed.body")), f.againButton(), f.homeButton())
	case StepEnded:
		return proof.Frame(f.lang(), f.t("myid.ended.title"), f.text(f.t("myid.ended.body")), f.againButton(), f.homeButton())
	}
	return proof.Frame(f.lang(), f.t("myid.network.title"), f.text(f.t("myid.network.body")), nil, f.homeButton())
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
	b := f.button("done", "myid.done", true, func() { f.h.Home() })
	b.Icon = fynetheme.HomeIcon()
	return b
}

func (f *Flow) againButton() *rtl.Button {
	return f.button("again", "myid.again", false, func() { f.h.Show(f.Start(f.h)) })
}

func (f *Flow) text(s string) *rtl.Label {
	l := rtl.NewLabel(f.lang(), s)
	l.Wrap = true
	return l
}

// cardScreen is the card: the holder's details at the reading start, the QR with
// its countdown beside them, "Finish" and "Print a copy" under them.
func (f *Flow) cardScreen() fyne.CanvasObject {
	l := f.lang()
	c := CardOf(f.status.ID, l)
	// Each name is drawn in its own language's direction, both on the screen
	// language's side.
	align := func(nameLang i18n.Lang) fyne.TextAlign {
		if nameLang == l {
			return fyne.TextAlignLeading
		}
		return fyne.TextAlignTrailing
	}
	details := container.NewVBox(rtl.NewHeading(l, f.t("myid.card.heading")), widgetSeparator())
	for _, n := range []struct {
		lang i18n.Lang
		text string
	}{{i18n.AR, c.NameAR}, {i18n.EN, c.NameEN}} {
		if n.text == "" {
			continue
		}
		name := rtl.NewLabel(n.lang, n.text)
		name.Bold, name.Wrap, name.SizeName, name.Alignment = true, true, fynetheme.SizeNameSubHeadingText, align(n.lang)
		details.Add(name)
	}
	for _, s := range []string{c.ID, c.Birth, c.Nationality} {
		if s != "" {
			details.Add(f.text(s))
		}
	}
	bg := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNameInputBackground))
	bg.CornerRadius, bg.StrokeWidth = 16, 2
	bg.StrokeColor = fynetheme.Color(fynetheme.ColorNamePrimary)
	p := fynetheme.Padding()
	card := container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(2*p, 2*p, 4*p, 4*p), details))

	f.qr = canvas.NewImageFromImage(nil)
	f.qr.FillMode, f.qr.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
	f.qr.SetMinSize(fyne.NewSize(qrSide, qrSide))
	f.left = rtl.NewHeading(l, "")
	f.left.Alignment = fyne.TextAlignCenter
	f.note = f.text("")
	f.note.Alignment, f.note.SizeName = fyne.TextAlignCenter, fynetheme.SizeNameCaptionText
	f.printOut = f.text("")
	f.printOut.Bold = true
	// An expired code is replaced, in the same place, by a panel that says so.
	f.expired = f.text(f.t("myid.qr.expired"))
	f.expired.Bold, f.expired.Alignment, f.expired.ColorName = true, fyne.TextAlignCenter, fynetheme.ColorNameError
	panel := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNameInputBackground))
	panel.CornerRadius, panel.StrokeWidth = 8, 2
	panel.StrokeColor = fynetheme.Color(fynetheme.ColorNameError)
	f.expiredBox = container.NewStack(panel, container.New(layout.NewCustomPaddedLayout(4*p, 4*p, 4*p, 4*p), container.NewVBox(layout.NewSpacer(), f.expired, layout.NewSpacer())))
	f.expiredBox.Hide()
	place := canvas.NewRectangle(color.Transparent)
	place.SetMinSize(fyne.NewSize(qrSide, qrSide))
	qrArea := container.NewStack(place, f.qr, f.expiredBox)
	qrBox := container.NewVBox(container.NewCenter(qrArea), f.left, f.note)

	var printB *rtl.Button
	if f.opts.Deps.Printer != nil {
		printB = f.button("print", "myid.print", false, f.printCopy)
		printB.Icon = fynetheme.DocumentPrintIcon()
	}
	// The copy's message sits between the buttons, beside "Print a copy".
	f.printOut.Alignment = fyne.TextAlignTrailing
	var start, end fyne.CanvasObject = f.homeButton(), nil
	if printB != nil {
		end = printB
	}
	if l.RTL() {
		start, end = end, start
	}
	nav := container.NewBorder(nil, nil, start, end, container.NewPadded(f.printOut))
	body := rtl.Row(l, card, qrBox)
	f.update()
	return container.NewPadded(container.NewBorder(nil, nav, nil, nil, container.NewVScroll(container.NewPadded(body))))
}

// update draws the current status into the card screen's widgets in place: the
// QR image is replaced only when the credential changes, and hidden (never left
// drawn) once it has expired.
func (f *Flow) update() {
	if f.qr == nil {
		return
	}
	st, l := f.status, f.lang()
	switch {
	case st.ID.QR == "":
		f.qr.Image, f.qrText = nil, ""
		f.qr.Hide()
	case st.ID.QR != f.qrText:
		if img, err := QRImage(st.ID.QR, qrSide); err == nil {
			f.qr.Image, f.qrText = img, st.ID.QR
			f.qr.Show()
		} else {
			f.qr.Image, f.qrText = nil, ""
			f.qr.Hide()
		}
	}
	f.qr.Refresh()
	f.note.Bold, f.note.SizeName = false, fynetheme.SizeNameCaptionText
	switch {
	case st.Expired || f.qrText == "":
		f.expiredBox.Show()
		f.left.SetText("")
		f.note.SetText("")
	case st.RenewErr != nil:
		f.expiredBox.Hide()
		f.left.SetText(i18n.Tf(l, "myid.qr.left", int(st.Left.Seconds())))
		f.note.SetText("⚠ " + f.t("myid.qr.renew_failed"))
		f.note.Bold, f.note.SizeName = true, fynetheme.SizeNameText
	default:
		f.expiredBox.Hide()
		f.left.SetText(i18n.Tf(l, "myid.qr.left", int(st.Left.Seconds())))
		f.note.SetText(f.t("myid.qr.renews"))
	}
	f.left.Refresh()
	f.note.Refresh()
	f.announceQR(st)
	f.printOut.SetText(f.printMsg)
	f.printOut.ColorName = fynetheme.ColorNameSuccess
	if f.printBad {
		f.printOut.ColorName = fynetheme.ColorNameError
	}
	f.printOut.Refresh()
	if b, ok := f.buttons["print"]; ok {
		if f.printing {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

func widgetSeparator() fyne.CanvasObject {
	r := canvas.NewRectangle(fynetheme.Color(fynetheme.ColorNameSeparator))
	r.SetMinSize(fyne.NewSize(1, 2))
	return r
}
