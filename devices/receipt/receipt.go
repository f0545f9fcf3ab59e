package receipt

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/png" // the bundled logo is a PNG
	"strings"
	"time"

	"github.com/bawaba/bawaba/assets"
	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt/typeset"
	"github.com/bawaba/bawaba/i18n"
	"github.com/skip2/go-qrcode"
)

// Line is one bilingual line: the Arabic and English versions of the same text.
// Either may be empty.
type Line struct {
	AR, EN string
	Bold   bool
	// Size magnifies the line: 0 or 1 is normal, 2 double, 3 triple.
	Size int
}

// Receipt is what the kiosk hands over; the builder lays it out.
type Receipt struct {
	Title     Line
	Lines     []Line
	Reference string // printed large under a bilingual label; empty omits it
	QR        string // QR code content; empty omits the code
	Footer    []Line
	// Lang is the primary language, "ar" or "en": its half of every line comes
	// first. Empty means "ar".
	Lang string
	Time time.Time // printed under the QR code; zero omits it
}

// Profile describes one printer model.
type Profile struct {
	// WidthDots is the printable width: 384 (58 mm), 512 (80 mm at 180 dpi) or
	// 576 (80 mm at 203 dpi). Zero means 576. Must be a multiple of 8.
	WidthDots int
	// NativeQR says the printer implements GS ( k; false sends the QR code as raster.
	NativeQR bool
	// QRModule is the QR module size in dots; zero picks 6 at 576 dots, scaled down
	// for narrower paper.
	QRModule int
	// BandBytes caps one GS v 0 command, so a band always fits the printer's receive
	// buffer and a driver can poll status between bands. Zero means 4096.
	BandBytes int
	// Logo is printed centred at the top; nil prints the bundled Bawaba mark.
	Logo image.Image
	// NoLogo omits the logo entirely.
	NoLogo bool
}

var (
	// ErrProfile is returned for a profile the builder cannot lay out for (a width
	// that is not a positive multiple of 8, or wider than any receipt printer).
	ErrProfile = errors.New("receipt: invalid printer profile")
	// ErrEmpty is returned for a receipt with nothing to print.
	ErrEmpty = errors.New("receipt: nothing to print")
)

// Text sizes in dots. textCell is the height of the printer's font A cell and
// textLine the line pitch the simulator and Render use for text mode.
const (
	textCellW   = 12
	textCellH   = 24
	textLine    = 30
	rasterPx    = 26 // Arabic reads small at the Latin size, so it gets a little more
	pairGap     = 14 // dots between two bilingual pairs
	logoDots    = 128
	maxWidth    = 1024
	defaultBand = 4096
)

func (p Profile) normalized() (Profile, error) {
	if p.WidthDots == 0 {
		p.WidthDots = 576
	}
	if p.WidthDots < 64 || p.WidthDots > maxWidth || p.WidthDots%8 != 0 {
		return p, fmt.Errorf("%w: width %d dots", ErrProfile, p.WidthDots)
	}
	if p.QRModule <= 0 {
		p.QRModule = max(2, 6*p.WidthDots/576)
	}
	if p.BandBytes <= 0 {
		p.BandBytes = defaultBand
	}
	p.BandBytes = max(p.BandBytes, p.WidthDots/8)
	return p, nil
}

// Encode lays r out for printer p and returns the ESC/POS job, ending with a cut.
func Encode(r Receipt, p Profile) ([]byte, error) {
	p, err := p.normalized()
	if err != nil {
		return nil, err
	}
	blocks, err := layout(r, p)
	if err != nil {
		return nil, err
	}
	out := escpos.AppendInit(make([]byte, 0, 16<<10))
	out = appendPrintArea(out, p)
	for _, b := range blocks {
		if out, err = b.encode(out, p); err != nil {
			return nil, fmt.Errorf("receipt: encode: %w", err)
		}
	}
	out = escpos.AppendAlign(out, escpos.AlignLeft)
	return escpos.AppendCut(out, true, 3*textLine), nil
}

// marginDots is the blank paper kept on each side: 16 dots (2 mm) at 576,
// proportionally less on narrower paper, a multiple of 4 so the print area stays
// whole bytes wide and cropped raster lines land exactly where Render puts them.
func marginDots(width int) int {
	return max(4, (16*width/576+2)/4*4)
}

// innerDots is the print area between the margins.
func (p Profile) innerDots() int { return p.WidthDots - 2*marginDots(p.WidthDots) }

// appendPrintArea sets the left margin (GS L) and print area width (GS W) in dots,
// which is the default motion unit on 203 and 180 dpi printers. Justification,
// text wrapping, raster images and native QR codes all then place themselves
// inside the area, so every line gets the same margin on both sides.
func appendPrintArea(dst []byte, p Profile) []byte {
	m, w := marginDots(p.WidthDots), p.innerDots()
	return append(dst, escpos.GS, 'L', byte(m), byte(m>>8), escpos.GS, 'W', byte(w), byte(w>>8))
}

// Render draws r as the printer would print it on paper widthDots wide: black on
// white, one pixel per dot. The kiosk shows it when the receipt cannot be printed.
func Render(r Receipt, widthDots int) (*image.Gray, error) {
	p, err := Profile{WidthDots: widthDots, NativeQR: true}.normalized()
	if err != nil {
		return nil, err
	}
	blocks, err := layout(r, p)
	if err != nil {
		return nil, err
	}
	h := 0
	for _, b := range blocks {
		h += b.height()
	}
	area := image.NewGray(image.Rect(0, 0, p.innerDots(), h))
	typeset.Fill(area, 0xFF)
	y := 0
	for _, b := range blocks {
		b.draw(area, y)
		y += b.height()
	}
	img := image.NewGray(image.Rect(0, 0, p.WidthDots, h))
	typeset.Fill(img, 0xFF)
	m := marginDots(p.WidthDots)
	draw.Draw(img, area.Rect.Add(image.Pt(m, 0)), area, image.Point{}, draw.Src)
	return img, nil
}

// block is one piece of the laid-out receipt: it knows its bytes and its picture.
type block interface {
	encode(dst []byte, p Profile) ([]byte, error)
	draw(dst *image.Gray, y int)
	height() int
}

type align = typeset.Align

const (
	alignStart  = typeset.AlignStart
	alignLeft   = typeset.AlignLeft
	alignCenter = typeset.AlignCenter
	alignRight  = typeset.AlignRight
)

// layout turns the receipt into blocks in print order.
func layout(r Receipt, p Profile) ([]block, error) {
	if r.Title == (Line{}) && len(r.Lines) == 0 && r.Reference == "" && r.QR == "" && len(r.Footer) == 0 {
		return nil, ErrEmpty
	}
	ts, err := typeset.Load()
	if err != nil {
		return nil, err
	}
	l := &layouter{ts: ts, p: p, w: p.innerDots(), enFirst: strings.EqualFold(r.Lang, "en")}
	if !p.NoLogo {
		logo, err := logoBlock(p, l.w)
		if err != nil {
			return nil, err
		}
		l.add(logo, feedBlock(textLine/2))
	}
	if r.Title != (Line{}) {
		t := r.Title
		t.Bold = true
		if t.Size == 0 {
			t.Size = 2
		}
		l.bilingual(t, alignCenter)
		l.add(feedBlock(textLine / 2))
	}
	if len(r.Lines) > 0 {
		l.rule()
		for i, ln := range r.Lines {
			if i > 0 {
				// A little more air between pairs than inside one, so each
				// Arabic line visibly belongs with its English line.
				l.add(feedBlock(pairGap))
			}
			l.bilingual(ln, alignStart)
		}
		l.rule()
	}
	if r.Reference != "" {
		l.bilingual(Line{AR: i18n.T(i18n.AR, "receipt.reference"), EN: i18n.T(i18n.EN, "receipt.reference")}, alignCenter)
		l.text(r.Reference, true, 2, false, alignCenter)
	}
	if r.QR != "" {
		q, err := qrBlock(r.QR, p, l.w)
		if err != nil {
			return nil, err
		}
		l.add(feedBlock(textLine/2), q, feedBlock(textLine/2))
	}
	if !r.Time.IsZero() {
		l.text(r.Time.Format("2006-01-02 15:04"), false, 1, false, alignCenter)
	}
	if len(r.Footer) > 0 {
		l.add(feedBlock(textLine / 2))
		for i, ln := range r.Footer {
			if i > 0 {
				l.add(feedBlock(pairGap))
			}
			l.bilingual(ln, alignCenter)
		}
	}
	l.add(feedBlock(textLine))
	return l.blocks, nil
}

type layouter struct {
	ts      *typeset.Typesetter
	p       Profile
	w       int // print area width in dots
	enFirst bool
	blocks  []block
}

func (l *layouter) add(b ...block) { l.blocks = append(l.blocks, b...) }

// bilingual adds both halves of ln in the receipt's language order.
func (l *layouter) bilingual(ln Line, a align) {
	size := min(max(ln.Size, 1), 3)
	ar := func() {
		if ln.AR != "" {
			l.text(ln.AR, ln.Bold, size, true, a)
		}
	}
	en := func() {
		if ln.EN != "" {
			l.text(ln.EN, ln.Bold, size, false, a)
		}
	}
	if l.enFirst {
		en()
		ar()
	} else {
		ar()
		en()
	}
}

// text adds one paragraph: printable ASCII in an LTR paragraph goes in text mode,
// anything else is shaped and sent as raster.
func (l *layouter) text(s string, bold bool, size int, rtl bool, a align) {
	if !rtl && isPrintableASCII(s) {
		l.add(&textBlock{lines: wrapColumns(s, l.w/(textCellW*size)), bold: bold, size: size, align: a, width: l.w, ts: l.ts})
		return
	}
	img := l.ts.Paragraph(s, rasterPx*size, bold, rtl, a, l.w)
	ea := escpos.AlignLeft
	switch {
	case a == alignRight, a == alignStart && rtl:
		ea = escpos.AlignRight
	case a == alignCenter:
		ea = escpos.AlignCenter
	}
	l.add(&rasterBlock{img: img, align: ea})
}

// rule adds a dashed separator across the print area in text mode.
func (l *layouter) rule() {
	// Font A's dashes sit low in the cell, so a Latin line right under them
	// would touch; half a gap below keeps the rule apart from either language.
	l.add(&textBlock{lines: []string{strings.Repeat("-", l.w/textCellW)}, size: 1, align: alignCenter, width: l.w, ts: l.ts}, feedBlock(pairGap/2))
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// wrapColumns breaks s at spaces into lines of at most cols characters, cutting
// words longer than a line.
func wrapColumns(s string, cols int) []string {
	cols = max(cols, 1)
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		for len(w) > cols {
			if cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
			}
			lines = append(lines, w[:cols])
			w = w[cols:]
		}
		switch {
		case cur.Len() == 0:
			cur.WriteString(w)
		case cur.Len()+1+len(w) <= cols:
			cur.WriteByte(' ')
			cur.WriteString(w)
		default:
			lines = append(lines, cur.String())
			cur.Reset()
			cur.WriteString(w)
		}
	}
	if cur.Len() > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// logoBlock scales the logo to logoDots and prints its light shapes: the bundled
// mark is a pale arch on dark green, and on paper the arch is what should show.
func logoBlock(p Profile, w int) (block, error) {
	src := p.Logo
	if src == nil {
		var err error
		if src, _, err = image.Decode(bytes.NewReader(assets.Icon)); err != nil {
			return nil, fmt.Errorf("receipt: logo: %w", err)
		}
	}
	size := min(logoDots*p.WidthDots/576, w)
	size -= size % 8
	sb := src.Bounds()
	img := image.NewGray(image.Rect(0, 0, w, size))
	typeset.Fill(img, 0xFF)
	x0 := (w - size) / 2
	gray := image.NewGray(sb)
	draw.Draw(gray, sb, src, sb.Min, draw.Src)
	for y := range size {
		for x := range size {
			// Box-average the source pixels under this dot.
			sx0, sx1 := sb.Min.X+x*sb.Dx()/size, sb.Min.X+(x+1)*sb.Dx()/size
			sy0, sy1 := sb.Min.Y+y*sb.Dy()/size, sb.Min.Y+(y+1)*sb.Dy()/size
			sum, n := 0, 0
			for sy := sy0; sy < max(sy1, sy0+1); sy++ {
				for sx := sx0; sx < max(sx1, sx0+1); sx++ {
					sum += int(gray.GrayAt(sx, sy).Y)
					n++
				}
			}
			if sum/n >= 128 {
				img.SetGray(x0+x, y, colorBlack)
			}
		}
	}
	return &rasterBlock{img: img, align: escpos.AlignCenter}, nil
}

// qrBlock is a native GS ( k code when the printer has it, raster otherwise. Both
// draw the same symbol (level M) so Render shows what the paper gets.
func qrBlock(data string, p Profile, w int) (block, error) {
	code, err := qrcode.New(data, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("receipt: QR code: %w", err)
	}
	code.DisableBorder = true
	bits := code.Bitmap()
	mod := p.QRModule
	for mod > 1 && len(bits)*mod > w {
		mod--
	}
	side := len(bits) * mod
	if side > w {
		return nil, fmt.Errorf("receipt: QR code of %d bytes is wider than the paper", len(data))
	}
	img := image.NewGray(image.Rect(0, 0, w, side))
	typeset.Fill(img, 0xFF)
	x0 := (w - side) / 2
	for y, row := range bits {
		for x, on := range row {
			if !on {
				continue
			}
			for dy := range mod {
				for dx := range mod {
					img.SetGray(x0+x*mod+dx, y*mod+dy, colorBlack)
				}
			}
		}
	}
	rb := &rasterBlock{img: img, align: escpos.AlignCenter}
	if !p.NativeQR {
		return rb, nil
	}
	return &qrNative{data: []byte(data), module: mod, picture: rb}, nil
}
