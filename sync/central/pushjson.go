package central

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

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

// parsePush reads the common shape of a push body with wire.ParseRecordArray; ok
// false means "not sure, ask encoding/json", never "invalid". A limit error (too
// many records, one too large) stops it at once; it is returned whatever follows
// in the body, as encoding/json's path would (the count or size is known before
// the rest is read).
func parsePush(b []byte) ([]wire.Record, bool, *httpError) {
	i, ok := wire.SkipJSON(b, 0, "{", `"records"`, ":")
	if !ok {
		return nil, false, nil
	}
	recs, end, ok, err := wire.ParseRecordArray(b, i, wire.MaxBatchRecords, wire.MaxRecordBytes)
	switch {
	case errors.Is(err, wire.ErrTooManyRecords):
		return nil, false, errTooManyRecords
	case errors.Is(err, wire.ErrRecordTooBig):
		return nil, false, errRecordTooLarge
	case !ok:
		return nil, false, nil
	}
	end, ok = wire.SkipJSON(b, end, "}")
	return recs, ok && end == len(b), nil
}
