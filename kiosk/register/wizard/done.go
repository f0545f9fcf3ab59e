package wizard

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
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
	info := []fyne.CanvasObject{title, status, refLabel, ref}
	if q, err := qrcode.New(register.StatusQR(res.Ref), qrcode.Medium); err == nil {
		img := canvas.NewImageFromImage(q.Image(256))
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScalePixels
		img.SetMinSize(fyne.NewSquareSize(170))
		info = append(info, container.NewCenter(img))
	}
	info = append(info, next)
	var side fyne.CanvasObject
	if res.PrintErr != nil {
		status.SetText(f.t("register.done_print_failed"))
		status.ColorName = fynetheme.ColorNameError
		if img, err := receipt.Render(res.Receipt, f.opts.ReceiptWidth); err == nil {
			paper := imageObject(img, float32(img.Bounds().Dx())*0.6, float32(img.Bounds().Dy())*0.6)
			side = container.NewVScroll(paper)
		}
	}
	body := fyne.CanvasObject(container.NewVScroll(container.NewVBox(info...)))
	if side != nil {
		body = rtl.Row(f.lang(), body, side)
	}
	// Finish stays in view whatever the length of the rest.
	return container.NewBorder(nil, container.NewPadded(container.NewCenter(finish)), nil, nil, container.NewPadded(body))
}
