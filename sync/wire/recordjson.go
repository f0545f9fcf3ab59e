package wire

import (
	"encoding/base64"
	"errors"
	"time"
)

// Limit errors of ParseRecordArray, found while reading.
var (
	// ErrTooManyRecords: the array holds more than the most records asked for.
	ErrTooManyRecords = errors.New("wire: too many records")
	// ErrRecordTooBig: one record's JSON is longer than the most bytes asked for.
	ErrRecordTooBig = errors.New("wire: record too large")
)

// ParseRecordArray reads a JSON array of Records starting at b[i] (white space
// first) in one pass, several times faster than encoding/json, whose scanner made
// decoding the largest part of taking a batch or a bundle. It reads only the
// common shape, what a kiosk's encoding/json writes: compact or spaced, fields by
// their exact names, plain printable-ASCII strings. For anything else — escapes,
// unknown or repeated fields, null, other spellings, malformed JSON — ok is false,
// which means "not sure: ask encoding/json", never "invalid"; what it does read is
// exactly what encoding/json makes of it (central's FuzzParsePush and transfer's
// FuzzDecodeBundle check this).
//
// end is the index just past the closing ']'. maxRecords and maxRecordBytes, when
// positive, bound the count and each record's JSON: past them it stops at once with
// ErrTooManyRecords or ErrRecordTooBig, before building more records.
func ParseRecordArray(b []byte, i, maxRecords, maxRecordBytes int) (recs []Record, end int, ok bool, err error) {
	p := &recordParser{b: b, i: i}
	if !p.byte('[') {
		return nil, 0, false, nil
	}
	recs = []Record{}
	if !p.peek(']') {
		for {
			if maxRecords > 0 && len(recs) == maxRecords {
				return nil, 0, false, ErrTooManyRecords
			}
			p.ws()
			start := p.i
			rec, ok := p.record()
			if !ok {
				return nil, 0, false, nil
			}
			if maxRecordBytes > 0 && p.i-start > maxRecordBytes {
				return nil, 0, false, ErrRecordTooBig
			}
			recs = append(recs, rec)
			if p.peek(',') {
				p.i++
				continue
			}
			break
		}
	}
	if !p.byte(']') {
		return nil, 0, false, nil
	}
	return recs, p.i, true, nil
}

// SkipJSON reads the given tokens in order from b[i] — each after optional white
// space: a single punctuation byte, or a quoted key written as it must appear
// (plain ASCII, no escapes) — and returns the index after the last one, and then
// after any white space. ok is false at the first that is not there.
func SkipJSON(b []byte, i int, tokens ...string) (end int, ok bool) {
	p := &recordParser{b: b, i: i}
	for _, tok := range tokens {
		if len(tok) > 1 && tok[0] == '"' {
			s, ok := p.str()
			if !ok || `"`+string(s)+`"` != tok {
				return 0, false
			}
			continue
		}
		if !p.byte(tok[0]) {
			return 0, false
		}
	}
	p.ws()
	return p.i, true
}

// recordParser is the reader of ParseRecordArray: ok false from any method means
// "not the common shape", never "invalid".
type recordParser struct {
	b []byte
	i int
}

func (p *recordParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek skips white space and reports whether c is next.
func (p *recordParser) peek(c byte) bool {
	p.ws()
	return p.i < len(p.b) && p.b[p.i] == c
}

// byte consumes c after white space.
func (p *recordParser) byte(c byte) bool {
	if !p.peek(c) {
		return false
	}
	p.i++
	return true
}

// str reads a string of printable ASCII without escapes and returns its contents.
func (p *recordParser) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

const (
	fID = 1 << iota
	fKind
	fKiosk
	fRef
	fCreated
	fKeyID
	fSealed
)

func (p *recordParser) record() (Record, bool) {
	var rec Record
	if !p.byte('{') {
		return rec, false
	}
	if p.byte('}') {
		return rec, true
	}
	seen := 0
	for {
		k, ok := p.str()
		if !ok || !p.byte(':') {
			return rec, false
		}
		var f int
		switch string(k) {
		case "id":
			f = fID
		case "kind":
			f = fKind
		case "kiosk_id":
			f = fKiosk
		case "ref":
			f = fRef
		case "created":
			f = fCreated
		case "key_id":
			f = fKeyID
		case "sealed":
			f = fSealed
		default:
			return rec, false
		}
		if seen&f != 0 {
			return rec, false // repeated: encoding/json's last-one-wins, let it decide
		}
		seen |= f
		p.ws()
		start := p.i
		v, ok := p.str()
		if !ok {
			return rec, false
		}
		switch f {
		case fID:
			rec.ID = string(v)
		case fKind:
			rec.Kind = string(v)
		case fKiosk:
			rec.KioskID = string(v)
		case fRef:
			rec.Ref = string(v)
		case fKeyID:
			rec.KeyID = string(v)
		case fCreated:
			// What encoding/json calls for a time.Time: the quoted literal.
			var t time.Time
			if t.UnmarshalJSON(p.b[start:p.i]) != nil {
				return rec, false
			}
			rec.Created = t
		case fSealed:
			// As encoding/json decodes a []byte.
			d := make([]byte, base64.StdEncoding.DecodedLen(len(v)))
			n, err := base64.StdEncoding.Decode(d, v)
			if err != nil {
				return rec, false
			}
			rec.Sealed = d[:n]
		}
		if p.byte(',') {
			continue
		}
		return rec, p.byte('}')
	}
}
