package proof

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Hand draws both hands from above, resting palm down as on the sensor, with the
// finger to place marked in the theme's primary colour and a ring at its tip. The
// left hand is on the left and the right hand on the right in every language:
// this picture shows the person's body, which does not mirror with the text.
type Hand struct {
	widget.BaseWidget
	// Mark is the finger to place.
	Mark Finger
}

// NewHand returns a picture of both hands with mark highlighted.
func NewHand(mark Finger) *Hand {
	h := &Hand{Mark: mark}
	h.ExtendBaseWidget(h)
	return h
}

// The shapes of one hand, a left hand seen from above, in units of a 100×120 box:
// x, y, width, height. The right hand is its mirror image.
var (
	handPalm    = [4]float32{8, 58, 66, 58}
	handFingers = [4][4]float32{ // little, ring, middle, index
		{8, 30, 14, 40},
		{25, 12, 15, 56},
		{43, 4, 15, 64},
		{61, 14, 14, 54},
	}
	handThumb = [4]float32{76, 66, 14, 34}
)

const (
	handW, handH = 100, 120
	handGap      = 24 // units between the two hands
)

// CreateRenderer implements fyne.Widget.
func (h *Hand) CreateRenderer() fyne.WidgetRenderer {
	r := &handRenderer{h: h}
	for side := range 2 {
		var parts []*canvas.Rectangle
		for range 6 { // palm, four fingers, thumb
			rect := canvas.NewRectangle(color.Transparent)
			parts = append(parts, rect)
			r.objects = append(r.objects, rect)
		}
		r.parts[side] = parts
	}
	r.ring = canvas.NewCircle(color.Transparent)
	r.objects = append(r.objects, r.ring)
	r.Refresh()
	return r
}

type handRenderer struct {
	h       *Hand
	parts   [2][]*canvas.Rectangle // [0] left hand, [1] right hand
	ring    *canvas.Circle
	objects []fyne.CanvasObject
}

func (r *handRenderer) MinSize() fyne.Size { return fyne.NewSize(2*handW+handGap, handH) }

func (r *handRenderer) Layout(size fyne.Size) {
	scale := min(size.Width/(2*handW+handGap), size.Height/handH)
	ox := (size.Width - (2*handW+handGap)*scale) / 2
	oy := (size.Height - handH*scale) / 2
	place := func(o fyne.CanvasObject, side int, b [4]float32) (fyne.Position, fyne.Size) {
		x := b[0]
		if side == 1 { // the right hand is the left one mirrored, beside it
			x = handW + handGap + (handW - b[0] - b[2])
		}
		pos := fyne.NewPos(ox+x*scale, oy+b[1]*scale)
		sz := fyne.NewSize(b[2]*scale, b[3]*scale)
		o.Move(pos)
		o.Resize(sz)
		return pos, sz
	}
	for side := range 2 {
		p := r.parts[side]
		place(p[0], side, handPalm)
		for i, f := range handFingers {
			pos, sz := place(p[1+i], side, f)
			p[1+i].CornerRadius = sz.Width / 2
			if i == 3 && side == r.markSide() {
				d := sz.Width * 1.8
				r.ring.Move(fyne.NewPos(pos.X+sz.Width/2-d/2, pos.Y-d*0.15))
				r.ring.Resize(fyne.NewSquareSize(d))
			}
		}
		_, tsz := place(p[5], side, handThumb)
		p[5].CornerRadius = tsz.Width / 2
		p[0].CornerRadius = 12 * scale
	}
}

// markSide is 1 for the right hand, 0 for the left.
func (r *handRenderer) markSide() int {
	if r.h.Mark == LeftIndex {
		return 0
	}
	return 1
}

func (r *handRenderer) Refresh() {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	skin := th.Color(fynetheme.ColorNameDisabled, v)
	mark := th.Color(fynetheme.ColorNamePrimary, v)
	for side := range 2 {
		for i, p := range r.parts[side] {
			p.FillColor = skin
			if i == 4 && side == r.markSide() {
				p.FillColor = mark
			}
			p.Refresh()
		}
	}
	r.ring.FillColor = color.Transparent
	r.ring.StrokeColor = mark
	r.ring.StrokeWidth = 4
	r.ring.Refresh()
	r.Layout(r.h.Size())
}

func (r *handRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *handRenderer) Destroy()                     {}
