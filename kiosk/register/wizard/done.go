package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"github.com/skip2/go-qrcode"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// doneScreen is the last screen: the reference, its QR code and what happens
// next; when the receipt could not be printed, the receipt itself.
func (f *Flow) doneScreen() fyne.CanvasObject {
	res, _ := f.w.Result()
	lang := string(f.lang())
	title := rtl.NewHeading(f.lang(), f.tx(register.StepDone.Title()))
	title.Alignment = fyne.TextAlignCenter
	refLabel := rtl.NewLabel(f.lang(), f.t("register.done_ref"))
	refLabel.Alignment = fyne.TextAlignCenter
	ref := rtl.NewHeading(f.lang(), ltr(res.Ref))
	ref.Alignment = fyne.TextAlignCenter
	ref.SizeName = fynetheme.SizeNameHeadingText
	next := f.label(register.NextSteps(res.Verified).In(lang))
	finish := rtl.NewPrimary(f.lang(), f.t("register.finish"), func() { f.h.Home() })
	finish.Icon = fynetheme.ConfirmIcon()
	f.buttons["finish"] = finish

	status := f.label(f.t("register.done_printed"))
	status.Bold = true
	// The reference and its QR code share a line (the code at the reading end) so
	// that what happens next is above the fold at 1280×800.
	refBox := container.NewVBox(layout.NewSpacer(), refLabel, ref, layout.NewSpacer())
	refLine := fyne.CanvasObject(refBox)
	if q, err := qrcode.New(register.StatusQR(res.Ref), qrcode.Medium); err == nil {
		img := canvas.NewImageFromImage(q.Image(256))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSquareSize(150))
		refLine = container.NewCenter(rtl.HBox(f.lang(), refBox, container.NewGridWrap(fyne.NewSize(24, 1)), img))
	}
	info := []fyne.CanvasObject{title, status, refLine, next}
	var side fyne.CanvasObject
	if res.PrintErr != nil {
		status.SetText(f.t("register.done_print_failed"))
		status.ColorName = fynetheme.ColorNameError
		if img, err := receipt.Render(res.Receipt, f.opts.ReceiptWidth); err == nil {
			pw := float32(img.Bounds().Dx()) * 0.6
			paper := imageObject(img, pw, float32(img.Bounds().Dy())*0.6)
			// The receipt column is as wide as the paper, the text gets the rest:
			// at half the width the text would not fit above the fold.
			side = container.New(minWidth(pw+fynetheme.Size(fynetheme.SizeNameScrollBar)+2*fynetheme.Padding()), container.NewVScroll(paper))
		}
	}
	f.scroll = container.NewVScroll(clearOfScrollBar(container.NewVBox(info...)))
	body := fyne.CanvasObject(f.scroll)
	switch {
	case side != nil && f.lang().RTL():
		body = container.NewBorder(nil, nil, side, nil, body)
	case side != nil:
		body = container.NewBorder(nil, nil, nil, side, body)
	}
	// Finish stays in view whatever the length of the rest.
	return container.NewBorder(nil, container.NewPadded(container.NewCenter(finish)), nil, nil, container.NewPadded(body))
}

// clearOfScrollBar pads o, and more on the right, where Fyne draws a scroll bar in both
// languages, so text never runs under the bar.
func clearOfScrollBar(o fyne.CanvasObject) fyne.CanvasObject {
	p := fynetheme.Padding()
	return container.New(layout.NewCustomPaddedLayout(p, p, p, p+fynetheme.Size(fynetheme.SizeNameScrollBar)), o)
}
