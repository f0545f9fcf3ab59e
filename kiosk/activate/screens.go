package activate

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// screen builds the current step's screen.
func (f *Flow) screen() fyne.CanvasObject {
	if wait := f.Screen(); wait != nil {
		return wait
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
		return f.frame(f.T("activate.refused.title"), f.Text(f.T("activate.refused.body")), nil, f.HomeButton())
	}
	return f.idScreen()
}

func (f *Flow) frame(title string, body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	return proof.Frame(f.Lang(), title, body, back, next)
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
	body := f.form.Object(f.Lang(), f.H.Keyboard(), f.H.Touch)
	f.Voice(f.form.Field(), proof.KeyIDField, proof.EchoPersonal)
	return f.frame(f.T("proof.id.title"), body, f.BackButton(func() { f.H.Home() }), f.NextButton("nav.next", f.submitID))
}

func (f *Flow) answerScreen() fyne.CanvasObject {
	objs := []fyne.CanvasObject{f.Text(f.T("activate.answer." + f.answer + ".body"))}
	if f.answer == AnswerNoFingerprint {
		objs = append(objs, f.Text(f.T("activate.alternative.body")), f.printRow())
	}
	change := f.NewButton("change_number", "activate.change_number", false, f.toID)
	change.Icon = rtl.BackIcon(f.Lang())
	return f.frame(f.T("activate.answer."+f.answer+".title"), container.NewVBox(objs...), change, f.HomeButton())
}

func (f *Flow) confirmScreen() fyne.CanvasObject {
	name := f.lookup.MaskedName.AR
	if f.Lang() == i18n.EN {
		name = f.lookup.MaskedName.EN
	}
	who := rtl.NewHeading(f.Lang(), name)
	who.Alignment = fyne.TextAlignCenter
	body := container.NewVBox(f.Text(f.T("activate.confirm.body")), who, f.Text(f.T("activate.confirm.next")))
	no := f.NewButton("change_number", "activate.confirm.no", false, f.toID)
	no.Icon = rtl.BackIcon(f.Lang())
	return f.frame(f.T("activate.confirm.title"), body, no, f.NextButton("activate.confirm.yes", f.startFinger))
}

func (f *Flow) offlineScreen() fyne.CanvasObject {
	key := "activate.offline.body"
	if f.lost {
		key = "activate.offline.lost"
	}
	body := container.NewVBox(f.Text(f.T(key)), f.Text(f.T("activate.done.next_offline")))
	return f.frame(f.T("activate.offline.title"), body, f.BackButton(f.toID), f.NextButton("activate.offline.continue", f.startFinger))
}

func (f *Flow) fingerScreen() fyne.CanvasObject {
	alt := f.NewButton("alternative", "activate.alternative.button", false, func() {
		if f.capture != nil {
			f.capture.Stop()
			f.capture = nil
		}
		f.step, f.reason = StepAlternative, ReasonDeclined
		f.show()
	})
	// The way out sits at the reading start, like the text above it.
	body := f.capture.Object(f.Lang(), f.Leading(alt))
	return f.frame(f.T("activate.finger.title"), body, f.BackButton(f.toID), nil)
}

func (f *Flow) alternativeScreen() fyne.CanvasObject {
	title := f.T("activate.alternative.title")
	reason := f.T("activate.reason." + f.reason)
	if f.step == StepLocked {
		title = f.T("activate.locked.title")
		reason = i18n.Tf(f.Lang(), "activate.locked.body", int(math.Ceil(f.left.Minutes())))
	}
	r := f.Text(reason)
	r.Bold = true
	body := container.NewVBox(r, f.Text(f.T("activate.alternative.body")), f.printRow())
	return f.frame(title, body, nil, f.HomeButton())
}

// printRow is the "print this for the service centre" button, or what came of it.
func (f *Flow) printRow() fyne.CanvasObject {
	if f.slipPrinted != nil {
		key := "activate.slip.printed"
		if *f.slipPrinted != nil {
			key = "activate.slip.print_failed"
		}
		l := f.Text(f.T(key))
		l.Bold = true
		return l
	}
	b := f.NewButton("print_reason", "activate.slip.print", false, f.printReason)
	b.Icon = fynetheme.DocumentPrintIcon()
	return container.NewCenter(b)
}

func (f *Flow) doneScreen() fyne.CanvasObject {
	res := f.result
	title, next := "activate.done.title_offline", "activate.done.next_offline"
	if res.Matched {
		title, next = "activate.done.title_online", "activate.done.next_online"
	}
	refLine := proof.RefWithQR(f.Lang(), f.T("activate.done.ref"), res.Ref)
	status := f.Text(f.T("activate.done.printed"))
	status.Bold = true
	var side fyne.CanvasObject
	if res.PrintErr != nil {
		status.SetText(f.T("activate.done.print_failed"))
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
	finish := f.NewButton("finish", "activate.finish", true, func() { f.H.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	return f.frame(f.T(title), body, nil, finish)
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
