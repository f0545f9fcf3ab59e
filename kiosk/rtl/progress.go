package rtl

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
)

// ProgressBar fills from the start of the reading direction: from the right in
// Arabic. Fyne's ProgressBar always fills from the left.
type ProgressBar struct {
	widget.BaseWidget
	lang  i18n.Lang
	value float64 // 0..1
}

// NewProgressBar returns an empty bar for lang.
func NewProgressBar(l i18n.Lang) *ProgressBar {
	p := &ProgressBar{lang: l}
	p.ExtendBaseWidget(p)
	return p
}

// SetValue sets the filled fraction, clamped to 0..1.
func (p *ProgressBar) SetValue(v float64) {
	p.value = min(max(v, 0), 1)
	p.Refresh()
}

func (p *ProgressBar) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(nil)
	fill := canvas.NewRectangle(nil)
	r := &barRenderer{p: p, bg: bg, fill: fill}
	r.Refresh()
	return r
}

type barRenderer struct {
	p        *ProgressBar
	bg, fill *canvas.Rectangle
}

func (r *barRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	w := size.Width * float32(r.p.value)
	r.fill.Resize(fyne.NewSize(w, size.Height))
	if r.p.lang.RTL() {
		r.fill.Move(fyne.NewPos(size.Width-w, 0))
	} else {
		r.fill.Move(fyne.NewPos(0, 0))
	}
}

func (r *barRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 28) }

func (r *barRenderer) Refresh() {
	th := r.p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(fynetheme.ColorNameInputBackground, v)
	r.fill.FillColor = th.Color(fynetheme.ColorNamePrimary, v)
	r.Layout(r.p.Size())
	r.bg.Refresh()
	r.fill.Refresh()
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.fill} }
func (r *barRenderer) Destroy()                     {}
