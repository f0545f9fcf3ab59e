package rtl

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
)

// HBox lays objs out in reading order: left to right in English, right to left in
// Arabic (the first object on the right).
func HBox(lang i18n.Lang, objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewHBox(ordered(lang, objs)...)
}

// Row is HBox where every object gets an equal share of the width.
func Row(lang i18n.Lang, objs ...fyne.CanvasObject) *fyne.Container {
	return container.NewGridWithColumns(max(len(objs), 1), ordered(lang, objs)...)
}

func ordered(lang i18n.Lang, objs []fyne.CanvasObject) []fyne.CanvasObject {
	objs = slices.Clone(objs)
	if lang.RTL() {
		slices.Reverse(objs)
	}
	return objs
}

// FormRow puts a field's label before the field in reading order: label on the
// left in English, on the right in Arabic; the field takes the remaining width.
func FormRow(lang i18n.Lang, label, field fyne.CanvasObject) *fyne.Container {
	if lang.RTL() {
		return container.NewBorder(nil, nil, nil, label, field)
	}
	return container.NewBorder(nil, nil, label, nil, field)
}

// NavRow places back at the reading start and next at the reading end: back on
// the left and next on the right in English, mirrored in Arabic. Either may be nil.
func NavRow(lang i18n.Lang, back, next fyne.CanvasObject) *fyne.Container {
	start, end := back, next
	if lang.RTL() {
		start, end = next, back
	}
	return container.NewBorder(nil, nil, start, end, layout.NewSpacer())
}

// BackIcon is the arrow that points towards the reading start (right in Arabic).
func BackIcon(lang i18n.Lang) fyne.Resource {
	if lang.RTL() {
		return fynetheme.NavigateNextIcon()
	}
	return fynetheme.NavigateBackIcon()
}

// NextIcon is the arrow that points towards the reading end (left in Arabic).
func NextIcon(lang i18n.Lang) fyne.Resource {
	if lang.RTL() {
		return fynetheme.NavigateBackIcon()
	}
	return fynetheme.NavigateNextIcon()
}

// Steps is a step indicator: numbered dots joined by a line, the current one
// highlighted and named, running in reading direction (step 1 on the right in
// Arabic), with "Step n of m" for screen readers of the old-fashioned kind.
type Steps struct {
	widget.BaseWidget
	lang    i18n.Lang
	titles  []string
	current int
}

// NewSteps returns an indicator for titles with step current (0-based) active.
func NewSteps(lang i18n.Lang, titles []string, current int) *Steps {
	s := &Steps{lang: lang, titles: titles, current: current}
	s.ExtendBaseWidget(s)
	return s
}

// Current returns the active step (0-based).
func (s *Steps) Current() int { return s.current }

// CreateRenderer implements fyne.Widget.
func (s *Steps) CreateRenderer() fyne.WidgetRenderer {
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	var dots []fyne.CanvasObject
	for i := range s.titles {
		fill := th.Color(fynetheme.ColorNameButton, v)
		fg := fynetheme.ColorNameForeground
		switch {
		case i == s.current:
			fill, fg = th.Color(fynetheme.ColorNamePrimary, v), fynetheme.ColorNameForegroundOnPrimary
		case i < s.current:
			fill = th.Color(fynetheme.ColorNameSelection, v)
		}
		circle := canvas.NewCircle(fill)
		num := NewLabel(s.lang, fmt.Sprint(i+1))
		num.Alignment = fyne.TextAlignCenter
		num.ColorName = fg
		num.Bold = true
		dot := container.NewStack(circle, container.NewCenter(num))
		dots = append(dots, container.NewGridWrap(fyne.NewSquareSize(44), dot))
	}
	line := canvas.NewRectangle(th.Color(fynetheme.ColorNameSeparator, v))
	line.SetMinSize(fyne.NewSize(0, 4))
	row := container.NewStack(container.NewVBox(layout.NewSpacer(), line, layout.NewSpacer()),
		container.NewHBox(spaced(ordered(s.lang, dots))...))
	title := ""
	if s.current >= 0 && s.current < len(s.titles) {
		title = i18n.Tf(s.lang, "nav.step", s.current+1, len(s.titles)) + " — " + s.titles[s.current]
	}
	caption := NewLabel(s.lang, title)
	caption.Alignment = fyne.TextAlignCenter
	caption.Bold = true
	return widget.NewSimpleRenderer(container.NewVBox(container.NewCenter(row), caption))
}

// spaced puts a flexible gap between objects so the line shows between dots.
func spaced(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, o := range objs {
		if i > 0 {
			out = append(out, container.NewGridWrap(fyne.NewSize(24, 1)))
		}
		out = append(out, o)
	}
	return out
}
