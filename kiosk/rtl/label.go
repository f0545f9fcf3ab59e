// Package rtl holds the widgets and layouts that make the kiosk right-to-left
// correct on Fyne 2.7, whose text and layouts are left-to-right only
// (fyne-io/fyne#90).
//
// Label draws text in bidi visual order (kiosk/bidi): every run is its own
// canvas.Text, placed left to right, so spaces, digits and punctuation stay where a
// reader expects them; in Arabic the text is right-aligned. Button is a large touch
// button whose caption is such a Label. HBox, FormRow, NavRow and Steps mirror
// themselves in Arabic: reading order, label/field order, back/next and the step
// indicator all run right to left.
//
// Every constructor takes the UI language: a language switch rebuilds the screen
// (kiosk/shell), it does not mutate existing widgets.
package rtl

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/bidi"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// Label is a bidi-aware text label.
type Label struct {
	widget.BaseWidget

	// Text may mix Arabic and Latin letters, digits and punctuation; "\n" breaks lines.
	Text string
	// Lang sets the paragraph direction and which side "leading" is.
	Lang i18n.Lang
	// Alignment: fyne.TextAlignLeading is the start of the reading direction
	// (right in Arabic), TextAlignTrailing its end.
	Alignment fyne.TextAlign
	// Bold selects the bold fonts.
	Bold bool
	// SizeName is the theme text size; empty means theme.SizeNameText.
	SizeName fyne.ThemeSizeName
	// ColorName is the theme colour; empty means theme.ColorNameForeground.
	ColorName fyne.ThemeColorName
	// Wrap breaks lines between words to fit the width the label is given.
	Wrap bool
}

// NewLabel returns a leading-aligned label in lang.
func NewLabel(lang i18n.Lang, text string) *Label {
	l := &Label{Text: text, Lang: lang}
	l.ExtendBaseWidget(l)
	return l
}

// NewHeading returns a bold, heading-size label in lang.
func NewHeading(lang i18n.Lang, text string) *Label {
	l := &Label{Text: text, Lang: lang, Bold: true, SizeName: fynetheme.SizeNameHeadingText}
	l.ExtendBaseWidget(l)
	return l
}

// SetText changes the text and redraws.
func (l *Label) SetText(s string) {
	l.Text = s
	l.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (l *Label) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &labelRenderer{l: l}
	r.build(0)
	return r
}

type line struct {
	texts []*canvas.Text
	width float32
}

type labelRenderer struct {
	l       *Label
	lines   []line
	objects []fyne.CanvasObject
	lineH   float32
	builtW  float32
}

func (r *labelRenderer) dir() bidi.Dir {
	if r.l.Lang.RTL() {
		return bidi.RTL
	}
	return bidi.LTR
}

func (r *labelRenderer) style() (size float32, col fyne.ThemeColorName) {
	th := r.l.Theme()
	sizeName := r.l.SizeName
	if sizeName == "" {
		sizeName = fynetheme.SizeNameText
	}
	col = r.l.ColorName
	if col == "" {
		col = fynetheme.ColorNameForeground
	}
	return th.Size(sizeName), col
}

// segment turns one logical line into canvas texts in visual order.
func (r *labelRenderer) segment(s string) line {
	size, colName := r.style()
	col := r.l.Theme().Color(colName, fyne.CurrentApp().Settings().ThemeVariant())
	var ln line
	for _, run := range bidi.Visual(s, r.dir()) {
		t := canvas.NewText(run.Text, col)
		t.TextSize = size
		t.TextStyle = fyne.TextStyle{Bold: r.l.Bold}
		t.FontSource = face(run.Text, r.l.Bold)
		ln.texts = append(ln.texts, t)
		ln.width += t.MinSize().Width
	}
	return ln
}

// build lays the text out into lines no wider than width (0: no limit).
func (r *labelRenderer) build(width float32) {
	r.builtW = width
	r.lines = r.lines[:0]
	r.objects = r.objects[:0]
	size, _ := r.style()
	// Noto Sans Arabic's line is much taller than Noto Sans's; Latin-only text
	// keeps the tighter Latin line.
	probe := canvas.NewText("Ag", nil)
	probe.TextSize, probe.TextStyle = size, fyne.TextStyle{Bold: r.l.Bold}
	probe.FontSource = theme.Face(strings.ContainsFunc(r.l.Text, isArabicLetter), r.l.Bold)
	r.lineH = probe.MinSize().Height
	for _, para := range strings.Split(r.l.Text, "\n") {
		if !r.l.Wrap || width <= 0 {
			r.lines = append(r.lines, r.segment(para))
			continue
		}
		// Break in logical order, then order each line: bidi runs never cross lines.
		words := strings.Fields(para)
		cur := ""
		for _, w := range words {
			try := w
			if cur != "" {
				try = cur + " " + w
			}
			if cur != "" && r.segment(try).width > width {
				r.lines = append(r.lines, r.segment(cur))
				cur = w
				continue
			}
			cur = try
		}
		r.lines = append(r.lines, r.segment(cur))
	}
	for _, ln := range r.lines {
		for _, t := range ln.texts {
			r.objects = append(r.objects, t)
		}
	}
}

func (r *labelRenderer) Layout(size fyne.Size) {
	if r.l.Wrap && size.Width != r.builtW {
		r.build(size.Width)
	}
	align := r.l.Alignment
	if r.l.Lang.RTL() {
		switch align {
		case fyne.TextAlignLeading:
			align = fyne.TextAlignTrailing
		case fyne.TextAlignTrailing:
			align = fyne.TextAlignLeading
		}
	}
	y := float32(0)
	for _, ln := range r.lines {
		x := float32(0)
		switch align {
		case fyne.TextAlignCenter:
			x = (size.Width - ln.width) / 2
		case fyne.TextAlignTrailing:
			x = size.Width - ln.width
		}
		for _, t := range ln.texts {
			w := t.MinSize().Width
			t.Move(fyne.NewPos(x, y))
			t.Resize(fyne.NewSize(w, r.lineH))
			x += w
		}
		y += r.lineH
	}
}

func (r *labelRenderer) MinSize() fyne.Size {
	w := float32(0)
	for _, ln := range r.lines {
		w = max(w, ln.width)
	}
	if r.l.Wrap {
		// Let containers narrow a wrapping label down to its longest word.
		longest := float32(0)
		for _, word := range strings.Fields(r.l.Text) {
			longest = max(longest, r.segment(word).width)
		}
		w = longest
	}
	n := max(len(r.lines), 1)
	return fyne.NewSize(w, float32(n)*r.lineH)
}

func (r *labelRenderer) Refresh() {
	r.build(r.builtW)
	r.Layout(r.l.Size())
	canvas.Refresh(r.l)
}

func (r *labelRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *labelRenderer) Destroy()                     {}

// face picks the bundled font made for the run's script when it covers the run,
// and otherwise lets the theme's per-glyph fallback find one (nil).
func face(s string, bold bool) fyne.Resource {
	arabic, latin := true, true
	for _, c := range s {
		if !arabicFontHas(c) {
			arabic = false
		}
		if c >= 0x0590 && c < 0x2000 || c >= 0x2070 && c != 0x20AC {
			latin = false
		}
	}
	switch {
	case latin && !strings.ContainsFunc(s, isArabicLetter):
		return theme.Face(false, bold)
	case arabic:
		return theme.Face(true, bold)
	}
	return nil
}

func isArabicLetter(c rune) bool {
	return c >= 0x0600 && c <= 0x06FF || c >= 0x0750 && c <= 0x077F || c >= 0x08A0 && c <= 0x08FF ||
		c >= 0xFB50 && c <= 0xFDFF || c >= 0xFE70 && c <= 0xFEFF
}

// arabicFontHas mirrors the character map of NotoSansArabic (fc-query): the Arabic
// blocks plus space, digits and a little ASCII punctuation.
func arabicFontHas(c rune) bool {
	switch {
	case c == 0x20, c == 0x21, c >= 0x2C && c <= 0x2E, c >= 0x30 && c <= 0x3A, c == 0xA0, c == 0xAB, c == 0xBB:
		return true
	case c >= 0x200B && c <= 0x2011:
		return true
	}
	return isArabicLetter(c)
}
