package outbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// State is where a record is in its life; see the package documentation.
type State string

// The record states.
const (
	Queued         State = "queued"
	InFlight       State = "in_flight"
	Delivered      State = "delivered"
	NeedsAttention State = "needs_attention"
)

// valid reports whether s is one of the four states.
func (s State) valid() bool {
	switch s {
	case Queued, InFlight, Delivered, NeedsAttention:
		return true
	}
	return false
}

// Record is one completed request as the outbox holds it. Records returned by the
// Store are copies: changing them changes nothing on disk.
type Record struct {
	ID          string // UUIDv7; also the idempotency key on the wire
	Kind        string // e.g. "registration", "activation"
	KioskID     string
	Ref         string // receipt reference (package ref); the ID carries it too
	Created     time.Time
	State       State
	Attempts    int               // failed delivery attempts (Failed, Retry, MarkRejected); Requeue resets it
	NextAttempt time.Time         // when a queued record is due; zero once delivered
	LeaseUntil  time.Time         // when an in_flight lease runs out; zero otherwise
	LastError   string            // the sender's last error or rejection reason
	RejectCode  string            // the central service's code, set by MarkRejected
	KeyID       string            // the seal.PublicKey the payload was sealed to
	Sealed      []byte            // HPKE-sealed payload; nil once delivered and in List results
	Meta        map[string]string // non-personal metadata kept for receipt/status screens
	Updated     time.Time         // last state change; for delivered records, delivery time
}

// Request is what the UI hands to Enqueue.
type Request struct {
	Kind    string
	Payload []byte // plaintext, sealed before it touches disk
	Meta    map[string]string
}

// storedRecord is the on-disk form of a Record without its payload, which lives in its
// own bucket so that delivered records shrink to their metadata.
type storedRecord struct {
	V           int               `json:"v"`
	ID          string            `json:"id"`
	Kind        string            `json:"kind"`
	KioskID     string            `json:"kiosk"`
	Ref         string            `json:"ref"`
	Created     time.Time         `json:"created"`
	Updated     time.Time         `json:"updated"`
	State       State             `json:"state"`
	Attempts    int               `json:"attempts,omitempty"`
	NextAttempt time.Time         `json:"next"`
	LeaseUntil  time.Time         `json:"lease"`
	LastError   string            `json:"err,omitempty"`
	RejectCode  string            `json:"reject,omitempty"`
	KeyID       string            `json:"key"`
	Meta        map[string]string `json:"meta,omitempty"`
}

const recordVersion = 1

// recordMarker starts a record stored with its integrity check. Records written before
// the check existed start with their 4-byte length, whose first byte is 0 (metadata
// is far below 16 MiB); they are still read, without the check.
const recordMarker = 0xB2

// recordSum is the integrity check of a stored record: SHA-256 over its storage key
// and the bytes after the sum. bbolt checksums its meta pages only; without this, a
// changed byte in a sealed payload went unnoticed at the kiosk and central could then
// not open the record. A hash catches damage, not a forger with the file in hand: a
// key for a MAC would have to live beside the file, which gives nothing more.
func recordSum(rf, rest []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write(rf)
	h.Write(rest)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// encodeRecord lays a record out as recordMarker, recordSum, a 4-byte length, the JSON
// metadata, and the sealed payload. Keeping the payload in the same value as its
// record saves a bucket, and so pages written and fsync'd, on every Enqueue.
func encodeRecord(r *Record) ([]byte, error) {
	j, err := json.Marshal(storedRecord{
		V: recordVersion, ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Ref: r.Ref,
		Created: r.Created, Updated: r.Updated, State: r.State, Attempts: r.Attempts,
		NextAttempt: r.NextAttempt, LeaseUntil: r.LeaseUntil, LastError: r.LastError,
		RejectCode: r.RejectCode, KeyID: r.KeyID, Meta: r.Meta,
	})
	if err != nil {
		return nil, err
	}
	b := make([]byte, 1+sha256.Size, 1+sha256.Size+4+len(j)+len(r.Sealed))
	b[0] = recordMarker
	b = binary.BigEndian.AppendUint32(b, uint32(len(j)))
	b = append(b, j...)
	b = append(b, r.Sealed...)
	sum := recordSum([]byte(r.Ref), b[1+sha256.Size:])
	copy(b[1:], sum[:])
	return b, nil
}

// decodeRecord parses a stored record and checks that it is the one stored under its
// reference rf, and that its ID carries that reference.
// The bytes come from a file that may have been damaged, so every field is checked.
// The payload is copied: b may be bbolt's memory, valid only inside the transaction.
func decodeRecord(rf, b []byte) (Record, error) {
	id := rf // for messages until the ID is known
	if len(b) > 0 && b[0] == recordMarker {
		if len(b) < 1+sha256.Size {
			return Record{}, fmt.Errorf("%w: record %s: truncated", ErrCorrupt, id)
		}
		if sum := recordSum(rf, b[1+sha256.Size:]); !bytes.Equal(sum[:], b[1:1+sha256.Size]) {
			return Record{}, fmt.Errorf("%w: record %s: integrity check failed", ErrCorrupt, id)
		}
		b = b[1+sha256.Size:]
	} else if len(b) > 0 && b[0] != 0 {
		return Record{}, fmt.Errorf("%w: record %s: unknown layout %#x", ErrCorrupt, id, b[0])
	}
	if len(b) < 4 || uint64(len(b)-4) < uint64(binary.BigEndian.Uint32(b)) {
		return Record{}, fmt.Errorf("%w: record %s: truncated", ErrCorrupt, id)
	}
	n := 4 + int(binary.BigEndian.Uint32(b))
	var s storedRecord
	if err := json.Unmarshal(b[4:n], &s); err != nil {
		return Record{}, fmt.Errorf("%w: record %s: %v", ErrCorrupt, id, err)
	}
	switch {
	case s.V != recordVersion:
		return Record{}, fmt.Errorf("%w: record %s: version %d", ErrCorrupt, id, s.V)
	case s.Ref != string(rf):
		return Record{}, fmt.Errorf("%w: record %s: stored reference differs", ErrCorrupt, rf)
	case !idCarries(s.ID, s.Ref):
		return Record{}, fmt.Errorf("%w: record %s: ID %s does not carry it", ErrCorrupt, rf, s.ID)
	case !s.State.valid():
		return Record{}, fmt.Errorf("%w: record %s: state %q", ErrCorrupt, id, s.State)
	}
	var sealed []byte // nil, not empty, when there is none
	if n < len(b) {
		sealed = bytes.Clone(b[n:])
	}
	return Record{
		ID: s.ID, Kind: s.Kind, KioskID: s.KioskID, Ref: s.Ref, Created: s.Created,
		Updated: s.Updated, State: s.State, Attempts: s.Attempts, NextAttempt: s.NextAttempt,
		LeaseUntil: s.LeaseUntil, LastError: s.LastError, RejectCode: s.RejectCode,
		KeyID: s.KeyID, Meta: s.Meta, Sealed: sealed,
	}, nil
}

func idCarries(id, rf string) bool {
	got, ok := refOfID(id)
	return ok && got == rf
}
