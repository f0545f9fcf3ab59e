package activate

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/slip"
)

// screen builds the current step's screen.
func (f *Flow) screen() fyne.CanvasObject {
	f.buttons = map[string]*rtl.Button{}
	if f.busy {
		wait := rtl.NewHeading(f.lang(), f.t("activate.wait"))
		wait.Alignment = fyne.TextAlignCenter
		return container.NewCenter(wait)
	}
	switch f.step {
	case StepAnswer:
		return f.answerScreen()
	case StepConfirm:
		return f.confirmScreen()
	case StepOffline:
		return f.offlineScreen()
	case StepFinger:
		return f.fingerScreen()
	case StepAlternative, StepLocked:
		return f.alternativeScreen()
	case StepDone:
		return f.doneScreen()
	case StepRefused:
		return f.frame(f.t("activate.refused.title"), f.text(f.t("activate.refused.body")), nil, f.homeButton())
	}
	return f.idScreen()
}

func (f *Flow) frame(title string, body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	return proof.Frame(f.lang(), title, body, back, next)
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

func (f *Flow) toID() {
	if f.capture != nil {
		f.capture.Stop()
		f.capture = nil
	}
	f.step, f.answer, f.reason, f.online, f.lost, f.slipPrinted = StepID, "", "", false, false, nil
	f.show()
}

func (f *Flow) idScreen() fyne.CanvasObject {
	body := f.form.Object(f.lang(), f.h.Keyboard(), f.h.Touch)
	return f.frame(f.t("proof.id.title"), body, f.backButton(func() { f.h.Home() }), f.nextButton("nav.next", f.submitID))
}

func (f *Flow) answerScreen() fyne.CanvasObject {
	objs := []fyne.CanvasObject{f.text(f.t("activate.answer." + f.answer + ".body"))}
	if f.answer == AnswerNoFingerprint {
		objs = append(objs, f.text(f.t("activate.alternative.body")), f.printRow())
	}
	change := f.button("change_number", "activate.change_number", false, f.toID)
	change.Icon = rtl.BackIcon(f.lang())
	return f.frame(f.t("activate.answer."+f.answer+".title"), container.NewVBox(objs...), change, f.homeButton())
}

func (f *Flow) confirmScreen() fyne.CanvasObject {
	name := f.lookup.MaskedName.AR
	if f.lang() == i18n.EN {
		name = f.lookup.MaskedName.EN
	}
	who := rtl.NewHeading(f.lang(), name)
	who.Alignment = fyne.TextAlignCenter
	body := container.NewVBox(f.text(f.t("activate.confirm.body")), who, f.text(f.t("activate.confirm.next")))
	no := f.button("change_number", "activate.confirm.no", false, f.toID)
	no.Icon = rtl.BackIcon(f.lang())
	return f.frame(f.t("activate.confirm.title"), body, no, f.nextButton("activate.confirm.yes", f.startFinger))
}

func (f *Flow) offlineScreen() fyne.CanvasObject {
	key := "activate.offline.body"
	if f.lost {
		key = "activate.offline.lost"
	}
	body := container.NewVBox(f.text(f.t(key)), f.text(f.t("activate.done.next_offline")))
	return f.frame(f.t("activate.offline.title"), body, f.backButton(f.toID), f.nextButton("activate.offline.continue", f.startFinger))
}

func (f *Flow) fingerScreen() fyne.CanvasObject {
	alt := f.button("alternative", "activate.alternative.button", false, func() {
		if f.capture != nil {
			f.capture.Stop()
			f.capture = nil
		}
		f.step, f.reason = StepAlternative, ReasonDeclined
		f.show()
	})
	body := f.capture.Object(f.lang(), container.NewCenter(alt))
	return f.frame(f.t("activate.finger.title"), body, f.backButton(f.toID), nil)
}

func (f *Flow) alternativeScreen() fyne.CanvasObject {
	title := f.t("activate.alternative.title")
	reason := f.t("activate.reason." + f.reason)
	if f.step == StepLocked {
		title = f.t("activate.locked.title")
		reason = i18n.Tf(f.lang(), "activate.locked.body", int(math.Ceil(f.left.Minutes())))
	}
	r := f.text(reason)
	r.Bold = true
	body := container.NewVBox(r, f.text(f.t("activate.alternative.body")), f.printRow())
	return f.frame(title, body, nil, f.homeButton())
}

// printRow is the "print this for the service centre" button, or what came of it.
func (f *Flow) printRow() fyne.CanvasObject {
	if f.slipPrinted != nil {
		key := "activate.slip.printed"
		if *f.slipPrinted != nil {
			key = "activate.slip.print_failed"
		}
		l := f.text(f.t(key))
		l.Bold = true
		return l
	}
	b := f.button("print_reason", "activate.slip.print", false, f.printReason)
	b.Icon = fynetheme.DocumentPrintIcon()
	return container.NewCenter(b)
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	title, next := "activate.done.title_offline", "activate.done.next_offline"
	if res.Matched {
		title, next = "activate.done.title_online", "activate.done.next_online"
	}
	refLabel := rtl.NewLabel(f.lang(), f.t("activate.done.ref"))
	refLabel.Alignment = fyne.TextAlignCenter
	// LRM: the reference reads left to right inside Arabic text.
	ref := rtl.NewHeading(f.lang(), "\u200e"+res.Ref+"\u200e")
	ref.Alignment = fyne.TextAlignCenter
	refBox := container.NewVBox(layout.NewSpacer(), refLabel, ref, layout.NewSpacer())
	refLine := fyne.CanvasObject(container.NewCenter(refBox))
	if img, err := slip.QRImage(res.Ref, 256); err == nil {
		q := canvas.NewImageFromImage(img)
		q.FillMode, q.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
		q.SetMinSize(fyne.NewSquareSize(150))
		refLine = container.NewCenter(rtl.HBox(f.lang(), refBox, container.NewGridWrap(fyne.NewSize(24, 1)), q))
	}
	status := f.text(f.t("activate.done.printed"))
	status.Bold = true
	var side fyne.CanvasObject
	if res.PrintErr != nil {
		status.SetText(f.t("activate.done.print_failed"))
		status.ColorName = fynetheme.ColorNameError
		side = receiptOnScreen(res.Receipt, f.opts.ReceiptWidth)
	}
	info := container.NewVBox(status, refLine, f.text(f.t(next)))
	var body fyne.CanvasObject = info
	switch {
	case side != nil && f.lang().RTL():
		body = container.NewBorder(nil, nil, side, nil, info)
	case side != nil:
		body = container.NewBorder(nil, nil, nil, side, info)
	}
	finish := f.button("finish", "activate.finish", true, func() { f.h.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	return f.frame(f.t(title), body, nil, finish)
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
