package outbox

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketQuarantine holds records that failed their checks when read: storage key ->
// quarantine value (see quarantineValue). One damaged record must not stop the
// others: before, every Lease failed on it, and so did delivery of every request
// accepted after it. Its raw bytes are kept, never deleted by the outbox, for staff
// to recover what they can (the sealed payload only central can open).
var bucketQuarantine = []byte("quarantine")

// QuarantinedRecord is a stored record that failed its checks, as staff see it.
type QuarantinedRecord struct {
	Key    string    // the storage key it was found under (normally its receipt reference)
	When   time.Time // when it was quarantined
	Reason string    // why: which check failed; no personal data (see decodeRecord)
	Raw    []byte    // the stored bytes, exactly as found
}

// quarantineValue lays out when (8 bytes, Unix ns), the reason's length (2 bytes),
// the reason, and the raw record.
func quarantineValue(when time.Time, reason string, raw []byte) []byte {
	reason = clip(reason, 1024)
	b := binary.BigEndian.AppendUint64(nil, uint64(when.UnixNano()))
	b = binary.BigEndian.AppendUint16(b, uint16(len(reason)))
	b = append(b, reason...)
	return append(b, raw...)
}

func parseQuarantineValue(key, v []byte) (QuarantinedRecord, bool) {
	if len(v) < 10 || len(v) < 10+int(binary.BigEndian.Uint16(v[8:])) {
		return QuarantinedRecord{}, false
	}
	n := 10 + int(binary.BigEndian.Uint16(v[8:]))
	return QuarantinedRecord{
		Key: string(key), When: time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC(),
		Reason: string(v[10:n]), Raw: bytes.Clone(v[n:]),
	}, true
}

// Quarantined returns the records set aside as damaged, for the staff screen.
func (s *Store) Quarantined() ([]QuarantinedRecord, error) {
	if err := s.usable(); err != nil {
		return nil, fmt.Errorf("outbox: quarantined: %w", err)
	}
	var out []QuarantinedRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		out = out[:0]
		return tx.Bucket(bucketQuarantine).ForEach(func(k, v []byte) error {
			q, ok := parseQuarantineValue(k, v)
			if !ok {
				q = QuarantinedRecord{Key: string(k), Reason: "quarantine entry itself damaged", Raw: bytes.Clone(v)}
			}
			out = append(out, q)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: quarantined: %w", err)
	}
	return out, nil
}

// sweep moves every record that fails decodeRecord into quarantine, drops index
// entries that point at no record, and, if it changed anything, counts the
// undelivered records and bytes afresh: a damaged record's own counts cannot be
// trusted. It returns how many records it quarantined and index entries it dropped.
// It reads every record, so it runs at Open and when an operation meets damage.
func sweep(tx *bolt.Tx, now time.Time) (int, error) {
	type bad struct {
		key, raw []byte
		reason   string
	}
	var found []bad
	records := tx.Bucket(bucketRecords)
	err := records.ForEach(func(k, v []byte) error {
		if _, err := decodeRecord(k, v); err != nil {
			found = append(found, bad{bytes.Clone(k), bytes.Clone(v), err.Error()})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	q := tx.Bucket(bucketQuarantine)
	for _, b := range found {
		key := b.key
		for i := 1; q.Get(key) != nil; i++ { // the same key damaged again later
			key = fmt.Appendf(nil, "%s#%d", b.key, i)
		}
		if err := q.Put(key, quarantineValue(now, b.reason, b.raw)); err != nil {
			return 0, err
		}
		if err := records.Delete(b.key); err != nil {
			return 0, err
		}
	}
	changed := len(found)
	for _, name := range stateBuckets {
		idx := tx.Bucket(name)
		var dangling [][]byte
		err := idx.ForEach(func(k, _ []byte) error {
			if _, err := load(tx, string(k)); errors.Is(err, ErrNotFound) {
				dangling = append(dangling, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
		for _, k := range dangling {
			if err := idx.Delete(k); err != nil {
				return 0, err
			}
		}
		changed += len(dangling)
	}
	if changed == 0 {
		return 0, nil
	}
	var count, size uint64
	err = records.ForEach(func(k, v []byte) error {
		r, err := decodeRecord(k, v)
		if err == nil && r.State != Delivered {
			count++
			size += uint64(len(r.Sealed))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	meta := tx.Bucket(bucketMeta)
	if err := putUint(meta, keyUndelivered, count); err != nil {
		return 0, err
	}
	if err := recountKinds(tx); err != nil {
		return 0, err
	}
	return changed, putUint(meta, keyBytes, size)
}
