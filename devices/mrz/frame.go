package mrz

import (
	"bytes"
	"strings"
	"time"
)

// Framing bytes used by serial document readers.
const (
	SOH = 0x01
	STX = 0x02
	ETX = 0x03
)

// DefaultGap ends a message that has no ETX: readers that send bare CR-separated
// lines fall quiet for far longer than this between documents.
const DefaultGap = 200 * time.Millisecond

// maxMessage bounds a message so a stream of garbage cannot grow memory.
const maxMessage = 4096

// Framer splits a reader's byte stream into messages. It ends a message on ETX (or on
// the BCC byte after ETX when the message began with SOH), or when no byte arrived
// for Gap. Time is passed in so tests decide when the gap has passed. Not safe for
// concurrent use.
type Framer struct {
	// Gap is the inter-byte silence that ends a message; zero means DefaultGap.
	Gap time.Duration

	buf      []byte
	last     time.Time
	awaitBCC bool
}

func (f *Framer) gap() time.Duration {
	if f.Gap <= 0 {
		return DefaultGap
	}
	return f.Gap
}

// Feed adds bytes received at now and returns the messages they completed.
func (f *Framer) Feed(b []byte, now time.Time) [][]byte {
	var out [][]byte
	if m := f.Idle(now); m != nil {
		out = append(out, m)
	}
	for _, c := range b {
		if len(f.buf) == 0 && c != SOH && c != STX && isSpace(c) {
			continue // separators between messages
		}
		f.buf = append(f.buf, c)
		switch {
		case f.awaitBCC:
			out = append(out, f.take())
		case c == ETX && f.buf[0] == SOH:
			f.awaitBCC = true
		case c == ETX, len(f.buf) >= maxMessage:
			out = append(out, f.take())
		}
	}
	if len(b) > 0 {
		f.last = now
	}
	return out
}

// Idle returns the pending message if the line has been quiet for Gap at now, and
// nil otherwise. Drivers call it whenever a read times out.
func (f *Framer) Idle(now time.Time) []byte {
	if len(f.buf) == 0 || now.Sub(f.last) < f.gap() {
		return nil
	}
	return f.take()
}

func (f *Framer) take() []byte {
	m := f.buf
	f.buf, f.awaitBCC = nil, false
	return m
}

func isSpace(c byte) bool { return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == 0 }

// Lines extracts the MRZ lines of one message: framing bytes and vendor headers
// removed, split on CR, LF or CRLF, "OCR LINE n:" labels and "_" padding stripped,
// non-MRZ lines (START/END markers, magnetic-stripe lines, flags) dropped. A
// SOH-framed message with a BCC that does not match is rejected.
func Lines(msg []byte) ([]string, error) {
	if len(msg) > 0 && msg[0] == SOH {
		if i := bytes.IndexByte(msg, ETX); i >= 0 && i+1 < len(msg) {
			var bcc byte
			for _, c := range msg[1 : i+1] {
				bcc ^= c
			}
			if msg[i+1] != bcc {
				return nil, &Error{Code: CodeFrame, Field: "bcc"}
			}
		}
	}
	body := msg
	if i := bytes.IndexByte(body, STX); i >= 0 {
		body = body[i+1:]
		// 3M frames carry one flag byte right after STX.
		if msg[0] == SOH && len(body) > 0 {
			body = body[1:]
		}
	}
	if i := bytes.IndexByte(body, ETX); i >= 0 {
		body = body[:i]
	}
	var lines []string
	for _, raw := range strings.FieldsFunc(string(body), func(r rune) bool { return r == '\r' || r == '\n' }) {
		l, ok := cleanLine(raw)
		if ok {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return nil, &Error{Code: CodeLayout}
	}
	return lines, nil
}

// minLine is shorter than any MRZ line (30) but longer than any marker or flag, so
// a line that lost a few characters to a misread still reaches Parse and is
// rejected with a reason instead of vanishing.
const minLine = 20

func cleanLine(s string) (string, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r < 0x20 || r == ' ' || r == 0x7f })
	upper := strings.ToUpper(s)
	if strings.HasPrefix(upper, "MSR") {
		return "", false
	}
	if strings.HasPrefix(upper, "OCR") {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return "", false
		}
		s = strings.TrimSpace(s[i+1:])
	}
	s = strings.TrimRight(s, "_ ")
	if len(s) < minLine {
		return "", false
	}
	return s, true
}

// Decode is Lines followed by Parse: one reader message to a validated document.
func Decode(msg []byte) (*Document, error) {
	lines, err := Lines(msg)
	if err != nil {
		return nil, err
	}
	return Parse(lines)
}
