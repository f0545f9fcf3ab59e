package shell

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// CardPicture draws a bank card going into the card reader's slot: the slot
// across the top, the card under it with its chip and stripe, and an arrow
// from the card into the slot. It is drawn in the theme's colours, so high
// contrast changes it too, and never mirrored: the reader is where it is in
// every language. The ATM home and the card screens of the services show it.
type CardPicture struct {
	widget.BaseWidget
}

// NewCardPicture returns the picture.
func NewCardPicture() *CardPicture {
	c := &CardPicture{}
	c.ExtendBaseWidget(c)
	return c
}

// The shapes in units of a 200×130 box: x, y, width, height.
var (
	cardSlot   = [4]float32{20, 0, 160, 14}
	cardBody   = [4]float32{45, 22, 110, 72}
	cardStripe = [4]float32{45, 34, 110, 12}
	cardChip   = [4]float32{58, 56, 20, 16}
	cardShaft  = [4]float32{96, 100, 8, 30}
)

const cardW, cardH = 200, 130

// CreateRenderer implements fyne.Widget.
func (c *CardPicture) CreateRenderer() fyne.WidgetRenderer {
	r := &cardRenderer{c: c}
	for i := range r.rects {
		r.rects[i] = canvas.NewRectangle(color.Transparent)
		r.objects = append(r.objects, r.rects[i])
	}
	// The arrow's head: two strokes meeting at the shaft's top.
	r.head[0], r.head[1] = canvas.NewLine(color.Transparent), canvas.NewLine(color.Transparent)
	r.objects = append(r.objects, r.head[0], r.head[1])
	r.Refresh()
	return r
}

type cardRenderer struct {
	c       *CardPicture
	rects   [5]*canvas.Rectangle // slot, card, stripe, chip, arrow shaft
	head    [2]*canvas.Line
	objects []fyne.CanvasObject
}

func (r *cardRenderer) MinSize() fyne.Size { return fyne.NewSize(cardW, cardH) }

func (r *cardRenderer) Layout(size fyne.Size) {
	scale := min(size.Width/cardW, size.Height/cardH)
	ox := (size.Width - cardW*scale) / 2
	oy := (size.Height - cardH*scale) / 2
	at := func(x, y float32) fyne.Position { return fyne.NewPos(ox+x*scale, oy+y*scale) }
	for i, b := range [][4]float32{cardSlot, cardBody, cardStripe, cardChip, cardShaft} {
		r.rects[i].Move(at(b[0], b[1]))
		r.rects[i].Resize(fyne.NewSize(b[2]*scale, b[3]*scale))
	}
	r.rects[0].CornerRadius = 7 * scale
	r.rects[1].CornerRadius = 8 * scale
	r.rects[3].CornerRadius = 3 * scale
	// The arrow points up, into the slot, from under the card.
	tipX, tipY := cardShaft[0]+cardShaft[2]/2, cardShaft[1]-4
	for i, dx := range []float32{-14, 14} {
		r.head[i].Position1 = at(tipX, tipY)
		r.head[i].Position2 = at(tipX+dx, tipY+14)
		r.head[i].StrokeWidth = 6 * scale
	}
}

func (r *cardRenderer) Refresh() {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(fynetheme.ColorNameForeground, v)
	primary := th.Color(fynetheme.ColorNamePrimary, v)
	bg := th.Color(fynetheme.ColorNameBackground, v)
	r.rects[0].FillColor = fg      // the slot: dark on a light theme
	r.rects[1].FillColor = primary // the card
	r.rects[2].FillColor = fg      // its magnetic stripe
	r.rects[3].FillColor = bg      // its chip
	r.rects[4].FillColor = fg      // the arrow
	for _, o := range r.rects {
		o.Refresh()
	}
	for _, l := range r.head {
		l.StrokeColor = fg
		l.Refresh()
	}
	r.Layout(r.c.Size())
}

func (r *cardRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *cardRenderer) Destroy()                     {}
