package scanner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/bawaba/bawaba/devices/serialport"
)

var (
	// ErrTooLong is reported for a scan longer than Options.MaxLen; its bytes are
	// dropped up to the next terminator.
	ErrTooLong = errors.New("scanner: scan too long")
	// ErrNoPrefix is reported when Options.Prefix is set and a scan lacks it: the
	// bytes are noise or the scanner is misconfigured.
	ErrNoPrefix = errors.New("scanner: scan without the configured prefix")
)

// Options configure framing. The zero value reads bare payload+CR/LF.
type Options struct {
	// Prefix, when set, must start every scan and is removed.
	Prefix []byte
	// StripAIM removes an AIM symbology identifier ("]" + two characters) after the
	// prefix and reports it in Scan.AIM.
	StripAIM bool
	// MaxLen caps one scan; zero means 8192 bytes (a version-40 QR holds 2953).
	MaxLen int
}

// Scan is one decoded barcode.
type Scan struct {
	Data      []byte
	AIM       string // "]Q1", "]C0", … when stripped, else ""
	Symbology string // "qrcode", "code128", … from the AIM identifier, else ""
}

// LogValue shows the symbology and length only: payloads can be personal data.
func (s Scan) LogValue() slog.Value {
	return slog.GroupValue(slog.String("symbology", s.Symbology), slog.Int("len", len(s.Data)))
}

// Result is one framed scan or the reason a frame was dropped.
type Result struct {
	Scan Scan
	Err  error
}

// Framer splits a scanner's byte stream into scans. Not safe for concurrent use.
type Framer struct {
	opts     Options
	buf      []byte
	overflow bool
}

// NewFramer returns a Framer for o.
func NewFramer(o Options) *Framer {
	if o.MaxLen <= 0 {
		o.MaxLen = 8192
	}
	return &Framer{opts: o}
}

// Feed adds received bytes and returns the frames they completed.
func (f *Framer) Feed(b []byte) []Result {
	var out []Result
	for _, c := range b {
		if c == '\r' || c == '\n' {
			if f.overflow {
				out = append(out, Result{Err: ErrTooLong})
			} else if len(f.buf) > 0 {
				out = append(out, f.frame(f.buf))
			}
			f.buf, f.overflow = nil, false
			continue
		}
		if f.overflow {
			continue
		}
		if len(f.buf) >= f.opts.MaxLen {
			f.overflow, f.buf = true, nil
			continue
		}
		f.buf = append(f.buf, c)
	}
	return out
}

func (f *Framer) frame(b []byte) Result {
	if len(f.opts.Prefix) > 0 {
		if !bytes.HasPrefix(b, f.opts.Prefix) {
			return Result{Err: ErrNoPrefix}
		}
		b = b[len(f.opts.Prefix):]
	}
	var s Scan
	if f.opts.StripAIM && len(b) >= 3 && b[0] == ']' {
		s.AIM = string(b[:3])
		s.Symbology = symbology(b[1])
		b = b[3:]
	}
	s.Data = bytes.Clone(b)
	return Result{Scan: s}
}

// symbology names the AIM code character (ISO/IEC 15424).
func symbology(c byte) string {
	switch c {
	case 'Q':
		return "qrcode"
	case 'C':
		return "code128"
	case 'E':
		return "ean"
	case 'A':
		return "code39"
	case 'd':
		return "datamatrix"
	case 'L':
		return "pdf417"
	case 'I':
		return "itf"
	case 'z':
		return "aztec"
	}
	return "unknown"
}

// Reader drives a scanner on an open port.
type Reader struct {
	Options Options
}

// Run reads scans from r and passes each to emit until ctx ends or the port fails.
func (rd *Reader) Run(ctx context.Context, r io.Reader, emit func(Result)) error {
	f := NewFramer(rd.Options)
	err := serialport.Pump(ctx, r, func(b []byte) {
		for _, res := range f.Feed(b) {
			emit(res)
		}
	}, nil)
	return fmt.Errorf("scanner: %w", err)
}
