package outbox

import (
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/outbox/ref"
	"github.com/bawaba/bawaba/sync/seal"
)

// ParseRef normalises a reference typed in by a person (case, spaces, dashes) and
// checks its check character; see package ref.
func ParseRef(s string) (string, error) { return ref.Parse(s) }

// Get returns a record with its sealed payload (nil once delivered).
func (s *Store) Get(id string) (Record, error) {
	if err := s.usable(); err != nil {
		return Record{}, fmt.Errorf("outbox: get %s: %w", id, err)
	}
	var r Record
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		r, err = load(tx, id)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("outbox: get %s: %w", id, err)
	}
	return r, nil
}

// ByRef finds a record by its receipt reference, as typed in (see ParseRef). A
// malformed reference gives the ref package's error; an unknown one ErrNotFound.
func (s *Store) ByRef(reference string) (Record, error) {
	if err := s.usable(); err != nil {
		return Record{}, fmt.Errorf("outbox: by ref: %w", err)
	}
	canon, err := ref.Parse(reference)
	if err != nil {
		return Record{}, fmt.Errorf("outbox: by ref: %w", err)
	}
	var r Record
	err = s.db.View(func(tx *bolt.Tx) (err error) {
		r, err = loadRef(tx, canon)
		return err
	})
	if err != nil {
		return Record{}, fmt.Errorf("outbox: by ref %s: %w", canon, err)
	}
	return r, nil
}

// List returns up to max records in a state, oldest first, without their payloads:
// it feeds status and staff screens. max <= 0 means all.
func (s *Store) List(state State, max int) ([]Record, error) {
	if err := s.usable(); err != nil {
		return nil, fmt.Errorf("outbox: list: %w", err)
	}
	if !state.valid() {
		return nil, fmt.Errorf("outbox: list: %w: state %q", ErrInvalid, state)
	}
	var out []Record
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(stateBuckets[state]).Cursor()
		for k, _ := c.First(); k != nil && (max <= 0 || len(out) < max); k, _ = c.Next() {
			r, err := load(tx, string(k))
			if err != nil {
				return err
			}
			r.Sealed = nil
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: list %s: %w", state, err)
	}
	return out, nil
}

// Pending returns up to max records still to be sent — queued and in_flight, due or
// not — with their sealed payloads, oldest first: what an offline transfer carries
// (sync/transfer). It changes nothing: states and leases stay as they are, so the
// sync engine goes on sending them if the network returns, and central de-duplicates.
// Records that need attention are left out (central refused them already), and so
// are damaged ones (the next Lease quarantines them). max <= 0 means all.
func (s *Store) Pending(max int) ([]Record, error) {
	if err := s.usable(); err != nil {
		return nil, fmt.Errorf("outbox: pending: %w", err)
	}
	var out []Record
	err := s.db.View(func(tx *bolt.Tx) error {
		out = out[:0]
		q, f := tx.Bucket(stateBuckets[Queued]).Cursor(), tx.Bucket(stateBuckets[InFlight]).Cursor()
		qk, _ := q.First()
		fk, _ := f.First()
		// Both indexes are in ID (creation) order: merge them.
		for (qk != nil || fk != nil) && (max <= 0 || len(out) < max) {
			var k []byte
			if fk == nil || (qk != nil && string(qk) < string(fk)) {
				k = qk
				qk, _ = q.Next()
			} else {
				k = fk
				fk, _ = f.Next()
			}
			r, err := load(tx, string(k))
			if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: pending: %w", err)
	}
	return out, nil
}

// Stats is a snapshot of the outbox for the staff screen and the freeze rules.
type Stats struct {
	Queued, InFlight, NeedsAttention, Delivered int
	Bytes                                       int64         // sealed bytes held for undelivered records
	Oldest                                      time.Time     // creation of the oldest undelivered record; zero if none
	OldestAge                                   time.Duration // now - Oldest; zero if none
	FileBytes                                   int64         // size of the bbolt file
	// Quarantined counts damaged records set aside (see Quarantined): not sent, not
	// counted above, kept raw for staff. Non-zero means requests may have been lost
	// to damaged storage, and staff must look.
	Quarantined int
	// Kinds counts the undelivered records above per kind (wire.Kind*), so that a
	// count shown to residents can leave out what is not a resident's request
	// (staff audit entries). A kind with none is absent.
	Kinds map[string]KindCounts
}

// Waiting counts the records still to be sent (queued and in flight) of the given
// kinds.
func (st Stats) Waiting(kinds ...string) int {
	n := 0
	for _, k := range kinds {
		n += st.Kinds[k].Waiting()
	}
	return n
}

// Undelivered counts the records still owed to the central service.
func (st Stats) Undelivered() int { return st.Queued + st.InFlight + st.NeedsAttention }

// Stats counts records per state and finds the oldest undelivered one.
func (s *Store) Stats() (Stats, error) {
	if err := s.usable(); err != nil {
		return Stats{}, fmt.Errorf("outbox: stats: %w", err)
	}
	now := s.opts.Now()
	var st Stats
	err := s.db.View(func(tx *bolt.Tx) error {
		st = Stats{}
		count := func(state State) int { return tx.Bucket(stateBuckets[state]).Stats().KeyN }
		st.Queued, st.InFlight = count(Queued), count(InFlight)
		st.NeedsAttention, st.Delivered = count(NeedsAttention), count(Delivered)
		st.Bytes = int64(getUint(tx.Bucket(bucketMeta), keyBytes))
		st.FileBytes = tx.Size()
		st.Quarantined = tx.Bucket(bucketQuarantine).Stats().KeyN
		st.Kinds = readKinds(tx)
		var oldest []byte
		for _, state := range []State{Queued, InFlight, NeedsAttention} {
			if k, _ := tx.Bucket(stateBuckets[state]).Cursor().First(); k != nil && (oldest == nil || string(k) < string(oldest)) {
				oldest = k
			}
		}
		if oldest == nil {
			return nil
		}
		r, err := load(tx, string(oldest))
		if err != nil {
			return err
		}
		st.Oldest, st.OldestAge = r.Created, max(now.Sub(r.Created), 0)
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("outbox: stats: %w", err)
	}
	return st, nil
}

// Purge removes delivered records delivered more than Retention ago and returns how
// many it removed. Undelivered records are never purged.
func (s *Store) Purge() (int, error) {
	if err := s.usable(); err != nil {
		return 0, fmt.Errorf("outbox: purge: %w", err)
	}
	cutoff := s.opts.Now().Add(-s.opts.Retention)
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		n = 0
		var old []string
		c := tx.Bucket(stateBuckets[Delivered]).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if t, ok := bytesTime(v); ok && t.Before(cutoff) {
				old = append(old, string(k))
			}
		}
		for _, id := range old {
			r, err := load(tx, id)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketRecords).Delete([]byte(r.Ref)); err != nil {
				return err
			}
			if err := tx.Bucket(stateBuckets[Delivered]).Delete([]byte(id)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("outbox: purge: %w", storageErr(err))
	}
	return n, nil
}

// Frozen reports whether new requests should be refused: nil, or a *FreezeError whose
// Reason the UI explains. Checked in order: degraded storage, queue full, disk too
// full to deliver (queue full with ErrDiskFull), key missing or expired, oldest
// undelivered record older than MaxAge.
func (s *Store) Frozen() error {
	if s.degraded != nil {
		return s.degraded
	}
	st, err := s.Stats()
	if err != nil {
		var fe *FreezeError
		if errors.As(err, &fe) {
			return fe
		}
		return &FreezeError{Reason: FreezeDegraded, Detail: "cannot read outbox", Err: err}
	}
	// Full when not even a 1-byte request would fit.
	if st.Undelivered() >= s.opts.MaxRecords || st.Bytes+seal.Overhead+1 > s.opts.MaxBytes {
		return &FreezeError{Reason: FreezeQueueFull, Detail: fmt.Sprintf("%d records, %d bytes held (max %d, %d)",
			st.Undelivered(), st.Bytes, s.opts.MaxRecords, s.opts.MaxBytes)}
	}
	if err := s.headroom(); err != nil {
		return err
	}
	if _, err := s.key(s.opts.Now()); err != nil {
		return err
	}
	if s.opts.MaxAge > 0 && st.OldestAge > s.opts.MaxAge {
		return &FreezeError{Reason: FreezeTooOld, Detail: fmt.Sprintf("oldest undelivered request is %s old (max %s)",
			st.OldestAge.Round(time.Minute), s.opts.MaxAge)}
	}
	return nil
}
