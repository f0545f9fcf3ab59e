package receipt

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt/typeset"
)

var colorBlack = color.Gray{Y: 0}

// textBlock is printable ASCII in the printer's own font.
type textBlock struct {
	lines []string
	bold  bool
	size  int
	align align
	width int
	ts    *typeset.Typesetter
}

func (b *textBlock) pitch() int { return textCellH*b.size + textLine - textCellH }

func (b *textBlock) encode(dst []byte, _ Profile) ([]byte, error) {
	a := escpos.AlignLeft
	switch b.align {
	case alignCenter:
		a = escpos.AlignCenter
	case alignRight:
		a = escpos.AlignRight
	}
	dst = escpos.AppendAlign(dst, a)
	if b.bold {
		dst = escpos.AppendBold(dst, true)
	}
	if b.size != 1 {
		dst = escpos.AppendSize(dst, b.size, b.size)
	}
	for _, l := range b.lines {
		dst = escpos.AppendText(dst, l)
	}
	if b.size != 1 {
		dst = escpos.AppendSize(dst, 1, 1)
	}
	if b.bold {
		dst = escpos.AppendBold(dst, false)
	}
	return dst, nil
}

func (b *textBlock) height() int { return len(b.lines) * b.pitch() }

func (b *textBlock) draw(dst *image.Gray, y int) {
	for i, l := range b.lines {
		x, lw := 0, len(l)*textCellW*b.size
		switch b.align {
		case alignCenter:
			x = (b.width - lw) / 2
		case alignRight:
			x = b.width - lw
		}
		img := b.ts.Mono(l, textCellW, textCellH, b.size, b.size, b.bold, x, b.width, b.pitch())
		r := image.Rect(0, y+i*b.pitch(), b.width, y+(i+1)*b.pitch())
		draw.Draw(dst, r, img, image.Point{}, draw.Src)
	}
}

// feedBlock is blank paper, fed with ESC J (n dots).
type feedBlock int

func (f feedBlock) encode(dst []byte, _ Profile) ([]byte, error) {
	return appendFeedDots(dst, int(f)), nil
}
func (f feedBlock) height() int           { return int(f) }
func (f feedBlock) draw(*image.Gray, int) {}

func appendFeedDots(dst []byte, n int) []byte {
	for ; n > 0; n -= 255 {
		dst = append(dst, escpos.ESC, 'J', byte(min(n, 255)))
	}
	return dst
}

// rasterBlock is a picture as wide as the paper: shaped text, the logo, a QR code.
type rasterBlock struct {
	img   *image.Gray // 0 = dot, 0xFF = paper
	align escpos.Align
}

func (b *rasterBlock) height() int { return b.img.Rect.Dy() }

func (b *rasterBlock) draw(dst *image.Gray, y int) {
	draw.Draw(dst, b.img.Rect.Add(image.Pt(0, y)), b.img, image.Point{}, draw.Src)
}

// encode sends only the inked part: blank rows above and below become ESC J feeds,
// and the columns are cut to whole bytes around the ink on the side the
// justification keeps fixed, so the printer puts every dot where the picture has it.
func (b *rasterBlock) encode(dst []byte, p Profile) ([]byte, error) {
	w, h := b.img.Rect.Dx(), b.img.Rect.Dy()
	minX, maxX, top, bottom := w, -1, h, -1
	for y := range h {
		row := b.img.Pix[y*b.img.Stride : y*b.img.Stride+w]
		for x, v := range row {
			if v < 128 {
				minX, maxX = min(minX, x), max(maxX, x)
				top, bottom = min(top, y), max(bottom, y)
			}
		}
	}
	if maxX < 0 {
		return appendFeedDots(dst, h), nil
	}
	var x0, x1 int
	switch b.align {
	case escpos.AlignRight:
		x0, x1 = minX&^7, w
	case escpos.AlignCenter:
		c := min(minX, w-1-maxX) &^ 7
		x0, x1 = c, w-c
	default:
		x0, x1 = 0, (maxX+8)&^7
	}
	dst = appendFeedDots(dst, top)
	dst = escpos.AppendAlign(dst, b.align)
	var err error
	if dst, err = appendBands(dst, b.img, x0, x1, top, bottom+1, p.BandBytes); err != nil {
		return nil, err
	}
	return appendFeedDots(dst, h-1-bottom), nil
}

// appendBands packs rows [y0,y1) of columns [x0,x1) MSB-first, 1 = dot, as GS v 0
// commands of at most bandBytes data bytes (and at most 256 rows) each.
func appendBands(dst []byte, img *image.Gray, x0, x1, y0, y1, bandBytes int) ([]byte, error) {
	wb := (x1 - x0 + 7) / 8
	rows := max(1, min(256, bandBytes/wb))
	data := make([]byte, 0, wb*rows)
	for y := y0; y < y1; y += rows {
		n := min(rows, y1-y)
		data = packRows(data[:0], img, x0, x1, y, y+n)
		var err error
		if dst, err = escpos.AppendRaster(dst, wb, n, data); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

func packRows(dst []byte, img *image.Gray, x0, x1, y0, y1 int) []byte {
	for y := y0; y < y1; y++ {
		row := img.Pix[(y-img.Rect.Min.Y)*img.Stride:]
		var acc byte
		bit := 0
		for x := x0; x < x1; x++ {
			acc <<= 1
			if row[x-img.Rect.Min.X] < 128 {
				acc |= 1
			}
			if bit++; bit == 8 {
				dst = append(dst, acc)
				acc, bit = 0, 0
			}
		}
		if bit > 0 {
			dst = append(dst, acc<<(8-bit))
		}
	}
	return dst
}

// qrNative is a QR code the printer draws itself (GS ( k); picture is the same
// symbol for Render.
type qrNative struct {
	data    []byte
	module  int
	picture *rasterBlock
}

func (q *qrNative) encode(dst []byte, _ Profile) ([]byte, error) {
	dst = escpos.AppendAlign(dst, escpos.AlignCenter)
	return escpos.AppendQR(dst, q.data, q.module, escpos.QRLevelM)
}
func (q *qrNative) height() int                 { return q.picture.height() }
func (q *qrNative) draw(dst *image.Gray, y int) { q.picture.draw(dst, y) }

// FullRaster encodes img (as Render returns it) as one raster image in bands,
// the way a driver without text mode would send a receipt. It is the baseline the
// wire-size benchmark compares Encode against, and a fallback for printers whose
// text mode cannot be trusted.
func FullRaster(img *image.Gray, p Profile) ([]byte, error) {
	p, err := p.normalized()
	if err != nil {
		return nil, err
	}
	if img.Rect.Dx() != p.WidthDots {
		return nil, ErrProfile
	}
	// ESC @ leaves the whole width printable: img carries its own margins.
	out := escpos.AppendInit(nil)
	out = escpos.AppendAlign(out, escpos.AlignLeft)
	if out, err = appendBands(out, img, img.Rect.Min.X, img.Rect.Max.X, img.Rect.Min.Y, img.Rect.Max.Y, p.BandBytes); err != nil {
		return nil, err
	}
	return escpos.AppendCut(out, true, 3*textLine), nil
}
