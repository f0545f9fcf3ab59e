package rtl

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// Importance selects a Button's colours.
type Importance int

// Button importances.
const (
	Normal  Importance = iota // neutral fill
	Primary                   // green fill: the way forward
	Danger                    // red fill: destructive or ending
)

// Button is a touch button with a bidi-correct caption and an optional icon that
// sits before the text in reading order, or after it with IconEnd. It is deliberately not focusable: tapping
// it must not take focus from the field an on-screen keyboard is typing into.
type Button struct {
	widget.BaseWidget

	Label      *Label
	Icon       fyne.Resource
	Importance Importance
	OnTapped   func()
	// Tall makes a tile: icon above a wrapped caption, for the home screen.
	Tall bool
	// Wide makes a row tile, for the home screen at larger text sizes: the icon
	// at the reading start, the caption wrapped beside it, both centred
	// vertically. Its MinSize is for the width it was last laid out at.
	Wide bool
	// IconEnd puts the icon after the caption in reading order: a forward arrow
	// follows the word it belongs to ("Next →"; in Arabic the mirrored arrow on the
	// caption's left). Zero keeps the icon before the caption ("← Back").
	IconEnd bool

	disabled bool
	hovered  bool
}

// NewButton returns a button in lang.
func NewButton(lang i18n.Lang, text string, tapped func()) *Button {
	b := &Button{Label: NewLabel(lang, text), OnTapped: tapped}
	b.Label.Alignment = fyne.TextAlignCenter
	b.ExtendBaseWidget(b)
	return b
}

// NewPrimary returns a Primary button in lang.
func NewPrimary(lang i18n.Lang, text string, tapped func()) *Button {
	b := NewButton(lang, text, tapped)
	b.Importance = Primary
	return b
}

// Base returns b itself; widgets that embed a Button (keyboard keys) inherit it,
// so tests and tools can find every button in a tree by this method.
func (b *Button) Base() *Button { return b }

// Tapped runs OnTapped unless the button is disabled.
func (b *Button) Tapped(*fyne.PointEvent) {
	if b.disabled || b.OnTapped == nil {
		return
	}
	b.OnTapped()
}

// MouseIn shows pointer feedback (desktop.Hoverable) while a mouse is over the
// button.
func (b *Button) MouseIn(*desktop.MouseEvent) { b.hovered = true; b.Refresh() }

// MouseMoved implements desktop.Hoverable; moving inside changes nothing.
func (b *Button) MouseMoved(*desktop.MouseEvent) {}

// MouseOut ends the pointer feedback of MouseIn.
func (b *Button) MouseOut() { b.hovered = false; b.Refresh() }

// Disable greys the button out and ignores taps.
func (b *Button) Disable() { b.disabled = true; b.Refresh() }

// Enable undoes Disable.
func (b *Button) Enable() { b.disabled = false; b.Refresh() }

// Disabled reports whether the button ignores taps.
func (b *Button) Disabled() bool { return b.disabled }

// CreateRenderer implements fyne.Widget.
func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &buttonRenderer{b: b, bg: canvas.NewRectangle(color.Transparent)}
	r.icon = canvas.NewImageFromResource(b.Icon)
	r.icon.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type buttonRenderer struct {
	b    *Button
	bg   *canvas.Rectangle
	icon *canvas.Image
}

func (r *buttonRenderer) iconSize() float32 {
	th := r.b.Theme()
	if r.b.Tall {
		return 2.5 * th.Size(fynetheme.SizeNameInlineIcon)
	}
	if r.b.Wide {
		return 1.5 * th.Size(fynetheme.SizeNameInlineIcon)
	}
	return th.Size(fynetheme.SizeNameInlineIcon)
}

func (r *buttonRenderer) Layout(size fyne.Size) {
	th := r.b.Theme()
	pad := th.Size(fynetheme.SizeNameInnerPadding)
	r.bg.Resize(size)
	lbl := r.b.Label.MinSize()
	is := r.iconSize()
	if r.b.Icon == nil {
		is = 0
	}
	if r.b.Tall {
		top := (size.Height - is - pad - lbl.Height) / 2
		r.icon.Move(fyne.NewPos((size.Width-is)/2, top))
		r.icon.Resize(fyne.NewSquareSize(is))
		r.b.Label.Move(fyne.NewPos(pad, top+is+pad))
		r.b.Label.Resize(fyne.NewSize(size.Width-2*pad, lbl.Height))
		return
	}
	if r.b.Wide {
		r.layoutWide(size, is, pad)
		return
	}
	gap := float32(0)
	if is > 0 {
		gap = pad / 2
	}
	total := is + gap + lbl.Width
	x := (size.Width - total) / 2
	iconX, labelX := x, x+is+gap
	// Icon on the right: leading in Arabic, or trailing in English.
	if r.b.Label.Lang.RTL() != r.b.IconEnd {
		labelX, iconX = x, x+lbl.Width+gap
	}
	r.icon.Move(fyne.NewPos(iconX, (size.Height-is)/2))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.b.Label.Move(fyne.NewPos(labelX, (size.Height-lbl.Height)/2))
	r.b.Label.Resize(lbl)
}

// layoutWide lays out a Wide tile: the icon at the reading start (the right
// in Arabic), the caption over the rest of the width, wrapped to it.
func (r *buttonRenderer) layoutWide(size fyne.Size, is, pad float32) {
	gap := float32(0)
	if is > 0 {
		gap = pad
	}
	lw := max(size.Width-is-gap-2*pad, 0)
	r.b.Label.Resize(fyne.NewSize(lw, size.Height)) // wraps it at lw
	lh := r.b.Label.MinSize().Height
	iconX, labelX := pad, pad+is+gap
	if r.b.Label.Lang.RTL() {
		iconX, labelX = size.Width-pad-is, pad
	}
	r.icon.Move(fyne.NewPos(iconX, (size.Height-is)/2))
	r.icon.Resize(fyne.NewSquareSize(is))
	r.b.Label.Move(fyne.NewPos(labelX, (size.Height-lh)/2))
	r.b.Label.Resize(fyne.NewSize(lw, lh))
}

func (r *buttonRenderer) MinSize() fyne.Size {
	th := r.b.Theme()
	pad := th.Size(fynetheme.SizeNameInnerPadding)
	lbl := r.b.Label.MinSize()
	is := r.iconSize()
	if r.b.Icon == nil {
		is = 0
	}
	var s fyne.Size
	switch {
	case r.b.Tall:
		s = fyne.NewSize(max(lbl.Width, is)+2*pad, is+lbl.Height+3*pad)
	case r.b.Wide:
		s = fyne.NewSize(is+lbl.Width+3*pad, max(lbl.Height, is)+2*pad)
	default:
		s = fyne.NewSize(is+lbl.Width+3*pad, max(lbl.Height, is)+2*pad)
	}
	return s.Max(fyne.NewSquareSize(theme.MinTouch + 8))
}

func (r *buttonRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill, fg := fynetheme.ColorNameButton, fynetheme.ColorNameForeground
	switch {
	case r.b.disabled:
		fill, fg = fynetheme.ColorNameDisabledButton, fynetheme.ColorNameDisabled
	case r.b.Importance == Primary:
		fill, fg = fynetheme.ColorNamePrimary, fynetheme.ColorNameForegroundOnPrimary
	case r.b.Importance == Danger:
		fill, fg = fynetheme.ColorNameError, fynetheme.ColorNameForegroundOnError
	}
	r.bg.FillColor = th.Color(fill, v)
	r.bg.CornerRadius = th.Size(fynetheme.SizeNameInputRadius) * 1.5
	r.bg.StrokeWidth = 0
	if kt, ok := th.(*theme.Theme); ok && kt.Options().HighContrast && r.b.Importance == Normal {
		// Dark grey on black is not enough of an edge for low vision: outline it.
		r.bg.StrokeColor = th.Color(fynetheme.ColorNameForeground, v)
		r.bg.StrokeWidth = 2
	}
	if r.b.hovered && !r.b.disabled {
		r.bg.StrokeColor = th.Color(fynetheme.ColorNameFocus, v)
		r.bg.StrokeWidth = 3
	}
	if r.b.Label.ColorName != fg {
		r.b.Label.ColorName = fg
		r.b.Label.Refresh()
	}
	r.icon.Resource = r.b.Icon
	if r.b.Icon != nil {
		r.icon.Resource = fynetheme.NewColoredResource(r.b.Icon, fg)
	}
	r.icon.Refresh()
	r.bg.Refresh()
	r.Layout(r.b.Size())
}

func (r *buttonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.b.Label}
}

func (r *buttonRenderer) Destroy() {}
