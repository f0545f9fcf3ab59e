package typeset

import (
	"fmt"
	"image"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Font A of an 80 mm printer is 12×24 dots. The stand-in glyphs are drawn once at
// hiRes times that cell from Go Mono, whose advance is 0.6 em, so an em of
// 20/12 of the cell width fills the cell exactly and nothing spills into the
// neighbour (the mask is also clipped to the cell). Each size a line asks for is
// then box-filtered down from the big cell, so double width and double height
// stay smooth, as on printers with smoothing on, and never overlap.
const (
	baseCellW = 12
	baseCellH = 24
	hiRes     = 8
	// inkCoverage is the share of a dot's area the glyph must cover to print it;
	// below half keeps Go Mono's thin stems a full dot wide at 12×24, like font A.
	inkCoverage = 0.4
)

// monoFont holds the big cells of every printable ASCII glyph, regular and bold.
type monoFont struct {
	big   [2][95]*image.Alpha // [bold][r-0x20], hiRes·12 × hiRes·24
	cells map[cellKey][]byte  // scaled cells, 0 = dot, 0xFF = paper
}

type cellKey struct {
	r    byte
	bold bool
	w, h int
}

func loadMono() (*monoFont, error) {
	m := &monoFont{cells: map[cellKey][]byte{}}
	for i, ttf := range [][]byte{gomono.TTF, gomonobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return nil, fmt.Errorf("typeset: parse Go Mono: %w", err)
		}
		cw, ch := baseCellW*hiRes, baseCellH*hiRes
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(cw) * 20 / 12, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, fmt.Errorf("typeset: Go Mono face: %w", err)
		}
		met := face.Metrics()
		asc, desc := met.Ascent.Ceil(), met.Descent.Ceil()
		baseline := (ch-asc-desc)/2 + asc
		for r := rune(0x20); r <= 0x7E; r++ {
			cell := image.NewAlpha(image.Rect(0, 0, cw, ch))
			dr, mask, mp, _, ok := face.Glyph(fixed.P(0, baseline), r)
			if ok {
				draw.Draw(cell, dr.Intersect(cell.Rect), mask, mp.Add(dr.Intersect(cell.Rect).Min.Sub(dr.Min)), draw.Src)
			}
			m.big[i][r-0x20] = cell
		}
		face.Close()
	}
	return m, nil
}

// cell returns glyph b scaled to w×h dots, thresholded; bytes outside printable
// ASCII print as '?', as most code pages' missing characters do on paper.
func (m *monoFont) cell(b byte, bold bool, w, h int) []byte {
	if b < 0x20 || b > 0x7E {
		b = '?'
	}
	k := cellKey{b, bold, w, h}
	if c, ok := m.cells[k]; ok {
		return c
	}
	bi := 0
	if bold {
		bi = 1
	}
	src := m.big[bi][b-0x20]
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	// The glyph is squeezed into the cell less a blank column each side (more
	// when magnified), as font A's 10-dot glyphs sit in 12-dot cells: Go Mono's
	// W and M fill their whole advance and would otherwise touch.
	pad := max(1, w/baseCellW)
	iw := max(w-2*pad, 1)
	c := make([]byte, w*h)
	for i := range c {
		c[i] = 0xFF
	}
	for y := range h {
		y0, y1 := y*sh/h, max((y+1)*sh/h, y*sh/h+1)
		for x := range iw {
			x0, x1 := x*sw/iw, max((x+1)*sw/iw, x*sw/iw+1)
			sum := 0
			for sy := y0; sy < y1; sy++ {
				for _, a := range src.Pix[sy*src.Stride+x0 : sy*src.Stride+x1] {
					sum += int(a)
				}
			}
			if float64(sum) >= inkCoverage*255*float64((y1-y0)*(x1-x0)) {
				c[y*w+pad+x] = 0
			}
		}
	}
	m.cells[k] = c
	return c
}

// Mono draws one line of text at a fixed pitch of cellW×cellH dots per character,
// magnified sizeW times across and sizeH times down, the way a printer's built-in
// font prints text mode: every glyph inside its own cell, the first cell starting
// at x. The image is width wide and one cell (or pitch, if larger) tall;
// characters past the width are dropped, as a printer wraps them onto the next
// line itself.
func (t *Typesetter) Mono(line string, cellW, cellH, sizeW, sizeH int, bold bool, x, width, pitch int) *image.Gray {
	t.mu.Lock()
	defer t.mu.Unlock()

	cw, ch := cellW*max(sizeW, 1), cellH*max(sizeH, 1)
	img := image.NewGray(image.Rect(0, 0, width, max(pitch, ch)))
	Fill(img, 0xFF)
	for i := 0; i < len(line); i++ {
		cx := x + i*cw
		if cx+cw > width {
			break
		}
		if cx < 0 || line[i] == ' ' {
			continue
		}
		c := t.mono.cell(line[i], bold, cw, ch)
		for y := range ch {
			copy(img.Pix[y*img.Stride+cx:y*img.Stride+cx+cw], c[y*cw:(y+1)*cw])
		}
	}
	return img
}
