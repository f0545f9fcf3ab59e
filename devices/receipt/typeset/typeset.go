// Package typeset shapes and draws receipt text into printer-resolution images:
// Arabic and mixed paragraphs with go-text/typesetting (bidi runs, HarfBuzz
// shaping, line wrapping) and the bundled Noto fonts, and fixed-pitch lines that
// stand in for a printer's built-in font A (Go Mono fitted into 12×24 cells).
// Output is thresholded to pure black and white, one pixel per printer dot.
//
// The receipt builder and the printer simulator both draw through it, so what the
// kiosk shows on screen and what the simulated paper shows are the same dots.
package typeset

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"slices"
	"sync"
	"unicode"

	"github.com/bawaba/bawaba/assets"
	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Align places a line across the width.
type Align int

// Alignments. AlignStart is left for LTR and right for RTL paragraphs.
const (
	AlignStart Align = iota
	AlignLeft
	AlignCenter
	AlignRight
)

// Typesetter shapes, wraps and draws text. Its go-text parts keep scratch state
// between calls, hence the mutex: it is safe for concurrent use, one call at a time.
type Typesetter struct {
	mu       sync.Mutex
	seg      shaping.Segmenter
	shaper   shaping.HarfbuzzShaper
	wrapper  shaping.LineWrapper
	renderer render.Renderer
	regular  fontmap
	bold     fontmap
	mono     *monoFont
}

// fontmap sends Arabic letters to the Arabic face and everything the Latin face
// covers (Latin, digits, punctuation) to the Latin face, so reference codes and
// numbers inside Arabic lines keep their Latin shapes.
type fontmap struct{ arabic, latin *font.Face }

func (m fontmap) ResolveFace(r rune) *font.Face {
	if unicode.Is(unicode.Arabic, r) {
		return m.arabic
	}
	if _, ok := m.latin.NominalGlyph(r); ok {
		return m.latin
	}
	return m.arabic
}

// Load returns the shared typesetter with the bundled fonts, parsing them once.
func Load() (*Typesetter, error) { return load() }

var load = sync.OnceValues(func() (*Typesetter, error) {
	faces := map[string]*font.Face{}
	for _, name := range []string{"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"} {
		data, err := assets.Font(name)
		if err != nil {
			return nil, fmt.Errorf("typeset: font %s: %w", name, err)
		}
		f, err := font.ParseTTF(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("typeset: parse font %s: %w", name, err)
		}
		faces[name] = f
	}
	mono, err := loadMono()
	if err != nil {
		return nil, err
	}
	return &Typesetter{
		mono:     mono,
		renderer: render.Renderer{Color: color.Black, PixScale: 1},
		regular:  fontmap{faces["NotoSansArabic-Regular.ttf"], faces["NotoSans-Regular.ttf"]},
		bold:     fontmap{faces["NotoSansArabic-Bold.ttf"], faces["NotoSans-Bold.ttf"]},
	}, nil
})

// Paragraph draws text wrapped to width dots as an image exactly width wide, white
// background, black ink thresholded to pure 0/255 so the screen shows what the paper
// gets. rtl selects the base direction: Arabic lines are RTL paragraphs, so
// embedded Latin and digits keep their order while the line reads right to left.
func (t *Typesetter) Paragraph(text string, px int, bold, rtl bool, align Align, width int) *image.Gray {
	t.mu.Lock()
	defer t.mu.Unlock()

	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	fm := t.regular
	if bold {
		fm = t.bold
	}
	runes := []rune(text)
	in := shaping.Input{Text: runes, RunEnd: len(runes), Direction: dir, Size: fixed.I(px)}
	inputs := t.seg.Split(in, fm)
	outs := make([]shaping.Output, len(inputs))
	for i, r := range inputs {
		outs[i] = t.shaper.Shape(r)
	}
	// Whitespace at the end of a line gets zero advance from the wrapper, but
	// spaces between runs inside a line keep theirs.
	lines, _ := t.wrapper.WrapParagraph(shaping.WrapConfig{Direction: dir}, width, runes, shaping.NewSliceIterator(outs))

	// Every line gets the same height, the tallest line bounds of the faces used,
	// so the lines of one paragraph stack evenly.
	var asc, desc int
	for _, o := range outs {
		asc = max(asc, o.LineBounds.Ascent.Ceil())
		desc = max(desc, (-o.LineBounds.Descent).Ceil())
	}
	lineH := max(asc+desc, 1)
	img := image.NewGray(image.Rect(0, 0, width, lineH*max(len(lines), 1)))
	Fill(img, 0xFF)
	t.renderer.FontSize = float32(px)
	for i, line := range lines {
		runs := slices.Clone(line)
		slices.SortFunc(runs, func(a, b shaping.Output) int { return int(a.VisualIndex - b.VisualIndex) })
		var w fixed.Int26_6
		for _, r := range runs {
			w += r.Advance
		}
		x := 0
		switch {
		case align == AlignRight, align == AlignStart && rtl:
			x = width - w.Ceil()
		case align == AlignCenter:
			x = (width - w.Ceil()) / 2
		}
		baseline := i*lineH + asc
		for _, r := range runs {
			x = t.renderer.DrawShapedRunAt(r, img, x, baseline)
		}
	}
	threshold(img)
	return img
}

// Fill sets every pixel of img to v.
func Fill(img *image.Gray, v uint8) {
	for i := range img.Pix {
		img.Pix[i] = v
	}
}

// threshold turns anti-aliased grey into printer dots: darker than mid-grey is ink.
func threshold(img *image.Gray) {
	for i, v := range img.Pix {
		if v < 128 {
			img.Pix[i] = 0
		} else {
			img.Pix[i] = 0xFF
		}
	}
}
