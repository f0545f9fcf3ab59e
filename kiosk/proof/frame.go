package proof

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/slip"
)

// Frame is the screen layout of the services that prove the person: the title
// between the back and next buttons at the top (back at the reading start; the
// keypad takes the bottom half of the screen while a number is typed), and body
// under them, scrolling when long. back or next may be nil.
func Frame(lang i18n.Lang, title string, body fyne.CanvasObject, back, next *rtl.Button) fyne.CanvasObject {
	var start, end fyne.CanvasObject
	if back != nil {
		start = back
	}
	if next != nil {
		end = next
	}
	if lang.RTL() {
		start, end = end, start
	}
	head := rtl.NewHeading(lang, title)
	head.Alignment, head.Wrap = fyne.TextAlignCenter, true
	top := container.NewBorder(nil, nil, start, end, head)
	p := fynetheme.Padding()
	pad := container.New(layout.NewCustomPaddedLayout(p, p, 2*p, 2*p+fynetheme.Size(fynetheme.SizeNameScrollBar)), body)
	return container.NewPadded(container.NewBorder(top, nil, nil, nil, container.NewVScroll(pad)))
}

// RefWithQR is a queued request's reference under its label, centred, with
// its status QR (kiosk/slip) beside it after it in reading order: what a
// person sees of their receipt on a service's last screen.
func RefWithQR(lang i18n.Lang, label, ref string) fyne.CanvasObject {
	refLabel := rtl.NewLabel(lang, label)
	refLabel.Alignment = fyne.TextAlignCenter
	// LRM: the reference reads left to right inside Arabic text.
	refText := rtl.NewHeading(lang, "\u200e"+ref+"\u200e")
	refText.Alignment = fyne.TextAlignCenter
	refBox := container.NewVBox(layout.NewSpacer(), refLabel, refText, layout.NewSpacer())
	img, err := slip.QRImage(ref, 256)
	if err != nil {
		return container.NewCenter(refBox)
	}
	q := canvas.NewImageFromImage(img)
	q.FillMode, q.ScaleMode = canvas.ImageFillContain, canvas.ImageScalePixels
	q.SetMinSize(fyne.NewSquareSize(150))
	return container.NewCenter(rtl.HBox(lang, refBox, container.NewGridWrap(fyne.NewSize(24, 1)), q))
}
