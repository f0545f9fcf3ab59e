package escpos

import (
	"errors"
	"fmt"
)

// Control bytes that start commands.
const (
	LF  = 0x0A
	DLE = 0x10
	EOT = 0x04
	ENQ = 0x05
	ESC = 0x1B
	FS  = 0x1C
	GS  = 0x1D
)

var (
	// ErrRasterSize is returned by AppendRaster when the width or height is outside
	// what GS v 0 can express, or the data does not hold width×height bytes.
	ErrRasterSize = errors.New("escpos: raster size out of range")
	// ErrQRData is returned by AppendQRStore when the data is empty or longer than
	// a QR code can hold (7089 bytes).
	ErrQRData = errors.New("escpos: QR data empty or too long")
)

// Align is a justification for ESC a; it applies to text and raster images alike
// and takes effect only at the start of a line.
type Align byte

// Justifications.
const (
	AlignLeft   Align = 0
	AlignCenter Align = 1
	AlignRight  Align = 2
)

// AppendInit appends ESC @: clear the print buffer and reset modes to power-on state.
func AppendInit(dst []byte) []byte { return append(dst, ESC, '@') }

// AppendAlign appends ESC a n.
func AppendAlign(dst []byte, a Align) []byte {
	if a > AlignRight {
		a = AlignLeft
	}
	return append(dst, ESC, 'a', byte(a))
}

// AppendBold appends ESC E n (emphasised on or off).
func AppendBold(dst []byte, on bool) []byte {
	var n byte
	if on {
		n = 1
	}
	return append(dst, ESC, 'E', n)
}

// AppendSize appends GS ! n for a character magnification of w×h, each 1..8;
// values outside the range are clamped because a printer would misread them.
func AppendSize(dst []byte, w, h int) []byte {
	w, h = clamp(w, 1, 8), clamp(h, 1, 8)
	return append(dst, GS, '!', byte((w-1)<<4|(h-1)))
}

// AppendFeed appends ESC d n: print the buffer and feed n lines (0..255).
func AppendFeed(dst []byte, lines int) []byte {
	return append(dst, ESC, 'd', byte(clamp(lines, 0, 255)))
}

// AppendCut appends GS V m n: feed to the cutter position plus feed×(vertical
// motion unit), then cut. Partial cuts are the only kind many printers accept.
func AppendCut(dst []byte, partial bool, feed int) []byte {
	m := byte(65)
	if partial {
		m = 66
	}
	return append(dst, GS, 'V', m, byte(clamp(feed, 0, 255)))
}

// AppendText appends s followed by LF. Bytes are sent as they are: callers send
// only printable ASCII in text mode and everything else as raster.
func AppendText(dst []byte, s string) []byte {
	dst = append(dst, s...)
	return append(dst, LF)
}

// QRLevel is the QR error-correction level for function 169.
type QRLevel byte

// QR error-correction levels (7, 15, 25, 30 % recovery).
const (
	QRLevelL QRLevel = 48
	QRLevelM QRLevel = 49
	QRLevelQ QRLevel = 50
	QRLevelH QRLevel = 51
)

// MaxQRData is the most bytes a QR code (version 40, level L) holds.
const MaxQRData = 7089

// AppendQR appends the GS ( k sequence that prints data as a model 2 QR code:
// select model (165), module size (167), error level (169), store (180), print (181).
func AppendQR(dst []byte, data []byte, module int, level QRLevel) ([]byte, error) {
	if len(data) == 0 || len(data) > MaxQRData {
		return dst, fmt.Errorf("%w: %d bytes", ErrQRData, len(data))
	}
	if level < QRLevelL || level > QRLevelH {
		level = QRLevelM
	}
	dst = append(dst, GS, '(', 'k', 4, 0, 49, 65, 50, 0)
	dst = append(dst, GS, '(', 'k', 3, 0, 49, 67, byte(clamp(module, 1, 16)))
	dst = append(dst, GS, '(', 'k', 3, 0, 49, 69, byte(level))
	n := len(data) + 3
	dst = append(dst, GS, '(', 'k', byte(n), byte(n>>8), 49, 80, 48)
	dst = append(dst, data...)
	return append(dst, GS, '(', 'k', 3, 0, 49, 81, 48), nil
}

// AppendRaster appends GS v 0 (normal density) for an image widthBytes bytes wide
// and height dots tall. data holds the rows top to bottom, MSB = leftmost dot,
// 1 = black. Callers keep height small (a band) so one command fits the printer's
// receive buffer.
func AppendRaster(dst []byte, widthBytes, height int, data []byte) ([]byte, error) {
	if widthBytes < 1 || widthBytes > 0xFFFF || height < 1 || height > 0xFFFF || len(data) != widthBytes*height {
		return dst, fmt.Errorf("%w: %d bytes × %d rows, %d data bytes", ErrRasterSize, widthBytes, height, len(data))
	}
	dst = append(dst, GS, 'v', '0', 0, byte(widthBytes), byte(widthBytes>>8), byte(height), byte(height>>8))
	return append(dst, data...), nil
}

// StatusKind selects which status byte DLE EOT asks for.
type StatusKind byte

// Status kinds of DLE EOT n.
const (
	StatusPrinter StatusKind = 1 // online/offline
	StatusOffline StatusKind = 2 // cause of offline: cover, paper end, error
	StatusError   StatusKind = 3 // cause of error: cutter, unrecoverable, auto-recoverable
	StatusPaper   StatusKind = 4 // roll paper sensors: near end, end
)

// AppendStatusRequest appends DLE EOT n. It must be sent only between commands.
func AppendStatusRequest(dst []byte, k StatusKind) []byte { return append(dst, DLE, EOT, byte(k)) }

func clamp(v, lo, hi int) int {
	return min(max(v, lo), hi)
}
