package central

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// decodePush reads a push body. Almost all bodies are what a kiosk's encoding/json
// writes: compact, fields by their exact names, plain ASCII strings. parsePush reads
// those in one pass, several times faster than encoding/json (whose scanner made
// decoding the largest part of a batch's cost). Anything else — escapes, unknown or
// repeated fields, null, other spellings, malformed JSON — goes to encoding/json, so
// the answer to every body is exactly what encoding/json makes of it (FuzzParsePush
// checks this).
//
// Both paths stop at the limits while reading, before the records are built: a body
// of millions of empty records ({"records":[{},{},…]}, 3 bytes each) must cost
// central no more than its own size, not a record struct per element.
func decodePush(w http.ResponseWriter, r *http.Request, req *wire.PushRequest) error {
	if err := checkContentType(r); err != nil {
		return err
	}
	body, err := readBody(w, r, wire.MaxBodyBytes)
	if err != nil {
		return bodyError(err, wire.MaxBodyBytes)
	}
	recs, ok, lerr := parsePush(body)
	if lerr != nil {
		return lerr
	}
	if ok {
		req.Records = recs
		return nil
	}
	// json.Unmarshal reads body in place (a Decoder would copy it) and refuses
	// trailing data itself.
	var pb pushBody
	if err := json.Unmarshal(body, &pb); err != nil {
		var he *httpError
		if errors.As(err, &he) {
			return he
		}
		return fail(http.StatusBadRequest, wire.ErrBadRequest, "malformed JSON body")
	}
	req.Records = pb.Records
	return nil
}

// Limit errors of a push body, found while reading it.
var (
	errTooManyRecords = fail(http.StatusBadRequest, wire.ErrBatchTooLarge, fmt.Sprintf("more than %d records", wire.MaxBatchRecords))
	errRecordTooLarge = fail(http.StatusRequestEntityTooLarge, wire.ErrRecordTooLarge, fmt.Sprintf("a record larger than %d bytes", wire.MaxRecordBytes))
)

// pushBody is wire.PushRequest for encoding/json, with a records list that counts
// and measures its elements as it decodes them.
type pushBody struct {
	Records recordList `json:"records"`
}

type recordList []wire.Record

// UnmarshalJSON decodes the array one element at a time, so that the limits stop
// it at record MaxBatchRecords+1 or at the first oversized record. Everything else
// is encoding/json's own decoding of each element.
func (l *recordList) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*l = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return errors.New("records is not an array")
	}
	recs := []wire.Record{}
	for dec.More() {
		if len(recs) == wire.MaxBatchRecords {
			return errTooManyRecords
		}
		start := dec.InputOffset()
		var rec wire.Record
		if err := dec.Decode(&rec); err != nil {
			return err
		}
		if dec.InputOffset()-start > wire.MaxRecordBytes {
			return errRecordTooLarge
		}
		recs = append(recs, rec)
	}
	*l = recs
	return nil
}

// readBody reads the whole body, at most limit bytes, into one buffer sized from
// Content-Length when the client gave it (io.ReadAll would grow and copy a
// multi-megabyte batch a dozen times).
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, limit)
	if r.ContentLength <= 0 || r.ContentLength > limit {
		return io.ReadAll(rd)
	}
	// bytes.Buffer wants MinRead bytes free before each read, the last one (EOF)
	// included: room for those too, so that it never grows.
	buf := bytes.NewBuffer(make([]byte, 0, r.ContentLength+bytes.MinRead))
	_, err := buf.ReadFrom(rd)
	return buf.Bytes(), err
}

// pushParser reads the common shape of a push body; ok false means "not sure, ask
// encoding/json", never "invalid".
type pushParser struct {
	b []byte
	i int
}

// A limit error (too many records, one too large) stops it at once; it is
// returned whatever follows in the body, as encoding/json's path would (the count
// or size is known before the rest is read).
func parsePush(b []byte) ([]wire.Record, bool, *httpError) {
	p := &pushParser{b: b}
	if !p.byte('{') || !p.key("records") || !p.byte('[') {
		return nil, false, nil
	}
	recs := []wire.Record{}
	if !p.peek(']') {
		for {
			if len(recs) == wire.MaxBatchRecords {
				return nil, false, errTooManyRecords
			}
			p.ws()
			start := p.i
			rec, ok := p.record()
			if !ok {
				return nil, false, nil
			}
			if p.i-start > wire.MaxRecordBytes {
				return nil, false, errRecordTooLarge
			}
			recs = append(recs, rec)
			if p.peek(',') {
				p.i++
				continue
			}
			break
		}
	}
	if !p.byte(']') || !p.byte('}') {
		return nil, false, nil
	}
	p.ws()
	return recs, p.i == len(p.b), nil
}

func (p *pushParser) ws() {
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
func (p *pushParser) peek(c byte) bool {
	p.ws()
	return p.i < len(p.b) && p.b[p.i] == c
}

// byte consumes c after white space.
func (p *pushParser) byte(c byte) bool {
	if !p.peek(c) {
		return false
	}
	p.i++
	return true
}

// str reads a string of printable ASCII without escapes and returns its contents.
func (p *pushParser) str() ([]byte, bool) {
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

// key reads "name" and the colon after it.
func (p *pushParser) key(name string) bool {
	k, ok := p.str()
	return ok && string(k) == name && p.byte(':')
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

func (p *pushParser) record() (wire.Record, bool) {
	var rec wire.Record
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
