package printersim

import (
	"image"
	"image/draw"

	"github.com/bawaba/bawaba/devices/escpos"
	"github.com/bawaba/bawaba/devices/receipt/typeset"
	"github.com/skip2/go-qrcode"
)

// execLocked applies one whole command to the printing state and the paper.
func (s *Sim) execLocked(c []byte) {
	switch c[0] {
	case escpos.LF:
		s.printLineLocked(true)
	case escpos.ESC:
		s.escLocked(c)
	case escpos.GS:
		s.gsLocked(c)
	case escpos.DLE, escpos.FS, '\r', '\t':
		// Real-time and kanji commands, CR and tabs change nothing we draw.
	default:
		if c[0] >= 0x20 {
			s.addCharLocked(c[0])
		}
	}
}

func (s *Sim) escLocked(c []byte) {
	if len(c) < 2 {
		return
	}
	switch c[1] {
	case '@':
		s.reset()
	case 'a':
		if len(c) == 3 {
			if a := escpos.Align(c[2] % 48); a <= escpos.AlignRight {
				s.st.align = a
			}
		}
	case 'E':
		if len(c) == 3 {
			s.st.bold = c[2]&1 == 1
		}
	case '!':
		if len(c) == 3 {
			s.st.bold = c[2]&0x08 != 0
			s.st.sizeH = 1 + int(c[2]>>4&1)
			s.st.sizeW = 1 + int(c[2]>>5&1)
		}
	case 'd':
		if len(c) == 3 {
			s.printLineLocked(false)
			s.feedLocked(int(c[2]) * (cellH + lineSpacing))
		}
	case 'J':
		if len(c) == 3 {
			s.printLineLocked(false)
			s.feedLocked(int(c[2]))
		}
	}
}

func (s *Sim) gsLocked(c []byte) {
	if len(c) < 2 {
		return
	}
	switch c[1] {
	case '!':
		if len(c) == 3 {
			s.st.sizeW = int(c[2]>>4&7) + 1
			s.st.sizeH = int(c[2]&7) + 1
		}
	case 'L', 'W':
		// Only honoured at the start of a line, like the justification.
		if len(c) == 4 && len(s.line) == 0 {
			n := int(c[2]) | int(c[3])<<8
			if c[1] == 'L' {
				s.st.left = n
			} else {
				s.st.area = n
			}
		}
	case 'V':
		s.printLineLocked(false)
		if len(c) == 4 {
			s.feedLocked(int(c[3]))
		}
		s.cutLocked()
	case 'v':
		if len(c) >= 8 && c[2] == '0' {
			s.printLineLocked(false)
			w := int(c[4]) | int(c[5])<<8
			h := int(c[6]) | int(c[7])<<8
			s.rasterLocked(w, h, c[8:])
		}
	case '(':
		if len(c) >= 7 && c[2] == 'k' && c[5] == 49 && !s.opts.NoQR {
			s.qrLocked(c[6], c[7:])
		}
	}
}

func (s *Sim) feedLocked(dots int) {
	s.ensureLocked(dots)
	s.y += dots
}

// addCharLocked puts one character into the line buffer, printing the line first
// when the character would not fit, as printers wrap.
func (s *Sim) addCharLocked(b byte) {
	w := 0
	for _, c := range s.line {
		w += cellW * c.sizeW
	}
	if _, aw := s.printArea(); w+cellW*s.st.sizeW > aw && len(s.line) > 0 {
		s.printLineLocked(false)
	}
	if b > 0x7E {
		b = '?'
	}
	s.line = append(s.line, cell{ch: b, bold: s.st.bold, sizeW: s.st.sizeW, sizeH: s.st.sizeH})
}

// printLineLocked prints the line buffer. An LF on an empty buffer feeds one line
// at the current size; otherwise an empty buffer prints nothing.
func (s *Sim) printLineLocked(lf bool) {
	if len(s.line) == 0 {
		if lf {
			s.feedLocked(cellH*s.st.sizeH + lineSpacing)
		}
		return
	}
	lineH, width := 0, 0
	for _, c := range s.line {
		lineH = max(lineH, cellH*c.sizeH)
		width += cellW * c.sizeW
	}
	pitch := lineH + lineSpacing
	s.ensureLocked(pitch)
	left, aw := s.printArea()
	x := 0
	switch s.st.align {
	case escpos.AlignCenter:
		x = (aw - width) / 2
	case escpos.AlignRight:
		x = aw - width
	}
	// Draw runs of equal attributes; cells sit on a common bottom line.
	for i := 0; i < len(s.line); {
		j := i
		for j < len(s.line) && s.line[j].bold == s.line[i].bold && s.line[j].sizeW == s.line[i].sizeW && s.line[j].sizeH == s.line[i].sizeH {
			j++
		}
		c := s.line[i]
		run := make([]byte, j-i)
		for k := range run {
			run[k] = s.line[i+k].ch
		}
		img := s.ts.Mono(string(run), cellW, cellH, c.sizeW, c.sizeH, c.bold, x, aw, cellH*c.sizeH+lineSpacing)
		inkOnto(s.paper, img, left, s.y+lineH-cellH*c.sizeH)
		x += len(run) * cellW * c.sizeW
		i = j
	}
	s.y += pitch
	s.line = s.line[:0]
}

// rasterLocked draws a GS v 0 image: w bytes by h rows, MSB leftmost, justified
// by ESC a inside the print area (GS L, GS W); dots past the area are dropped,
// as the printer does.
func (s *Sim) rasterLocked(w, h int, data []byte) {
	h = min(h, maxPaper)
	s.ensureLocked(h)
	left, aw := s.printArea()
	x0 := left
	switch s.st.align {
	case escpos.AlignCenter:
		x0 += max(0, (aw-w*8)/2)
	case escpos.AlignRight:
		x0 += max(0, aw-w*8)
	}
	for y := range h {
		row := data[y*w : (y+1)*w]
		pix := s.paper.Pix[(s.y+y)*s.paper.Stride:]
		for bx, v := range row {
			if v == 0 {
				continue
			}
			for bit := range 8 {
				if x := x0 + bx*8 + bit; v&(0x80>>bit) != 0 && x < left+aw {
					pix[x] = 0
				}
			}
		}
	}
	s.y += h
}

// qrLocked runs one GS ( k QR function (cn 49).
func (s *Sim) qrLocked(fn byte, args []byte) {
	switch fn {
	case 67: // module size
		if len(args) == 1 && args[0] >= 1 && args[0] <= 16 {
			s.st.qrModule = int(args[0])
		}
	case 69: // error correction
		if len(args) == 1 && args[0] >= 48 && args[0] <= 51 {
			s.st.qrLevel = []qrcode.RecoveryLevel{qrcode.Low, qrcode.Medium, qrcode.High, qrcode.Highest}[args[0]-48]
		}
	case 80: // store
		if len(args) >= 1 && args[0] == 48 {
			s.st.qrData = append(s.st.qrData[:0], args[1:]...)
		}
	case 81: // print; fails silently like the hardware when nothing fits
		s.printLineLocked(false)
		if len(s.st.qrData) == 0 {
			return
		}
		code, err := qrcode.New(string(s.st.qrData), s.st.qrLevel)
		if err != nil {
			return
		}
		code.DisableBorder = true
		bits := code.Bitmap()
		side := len(bits) * s.st.qrModule
		left, aw := s.printArea()
		if side > aw {
			return
		}
		img := image.NewGray(image.Rect(0, 0, side, side))
		typeset.Fill(img, 0xFF)
		for y, row := range bits {
			for x, on := range row {
				if on {
					draw.Draw(img, image.Rect(x*s.st.qrModule, y*s.st.qrModule, (x+1)*s.st.qrModule, (y+1)*s.st.qrModule), image.Black, image.Point{}, draw.Src)
				}
			}
		}
		s.ensureLocked(side)
		x := left
		switch s.st.align {
		case escpos.AlignCenter:
			x += (aw - side) / 2
		case escpos.AlignRight:
			x += aw - side
		}
		inkOnto(s.paper, img, x, s.y)
		s.y += side
	}
}

// inkOnto adds src's black dots to dst at (x, y); white never erases.
func inkOnto(dst, src *image.Gray, x, y int) {
	b := src.Rect
	for sy := b.Min.Y; sy < b.Max.Y; sy++ {
		dy := y + sy - b.Min.Y
		if dy < 0 || dy >= dst.Rect.Dy() {
			continue
		}
		for sx := b.Min.X; sx < b.Max.X; sx++ {
			dx := x + sx - b.Min.X
			if dx < 0 || dx >= dst.Rect.Dx() {
				continue
			}
			if src.Pix[(sy-b.Min.Y)*src.Stride+sx-b.Min.X] < 128 {
				dst.Pix[dy*dst.Stride+dx] = 0
			}
		}
	}
}
