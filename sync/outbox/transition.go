package outbox

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Lease hands out up to max records to send: queued records that are due
// (NextAttempt <= now) and in_flight records whose lease has run out, oldest first.
// They become in_flight until now+leaseFor; if the sender neither acks nor retries
// them by then — it crashed — the next Lease hands them out again.
func (s *Store) Lease(max int, leaseFor time.Duration) ([]Record, error) {
	if err := s.usable(); err != nil {
		return nil, fmt.Errorf("outbox: lease: %w", err)
	}
	if leaseFor <= 0 {
		return nil, fmt.Errorf("outbox: lease: %w: lease duration %v", ErrInvalid, leaseFor)
	}
	if max <= 0 {
		return nil, nil
	}
	now := s.opts.Now()
	var out []Record
	err := s.db.Update(func(tx *bolt.Tx) error {
		out = out[:0]
		// All are read before any is changed: a damaged one sends the whole outbox
		// through sweep, which quarantines it, and the choice is made again.
		var recs []Record
		for swept := false; ; swept = true {
			ids := mergeIDs(due(tx.Bucket(stateBuckets[Queued]), now, max), due(tx.Bucket(stateBuckets[InFlight]), now, max), max)
			var err error
			recs, err = loadAll(tx, ids)
			if err == nil {
				break
			}
			if swept || !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotFound)) {
				return err
			}
			if _, err := sweep(tx, now); err != nil {
				return err
			}
		}
		for _, r := range recs {
			from := r.State
			r.State, r.LeaseUntil, r.Updated = InFlight, now.Add(leaseFor), now
			if err := save(tx, &r, from); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		err = storageErr(err)
		if max > 1 && errors.Is(err, ErrStorage) {
			return s.Lease(max/2, leaseFor) // see splitting in space.go
		}
		return nil, fmt.Errorf("outbox: lease: %w", err)
	}
	return out, nil
}

// loadAll loads the records with the given IDs, stopping at the first error.
func loadAll(tx *bolt.Tx, ids []string) ([]Record, error) {
	recs := make([]Record, 0, len(ids))
	for _, id := range ids {
		r, err := load(tx, id)
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// due returns, in key (creation) order, up to max IDs from a state index whose time
// value is not after now.
func due(b *bolt.Bucket, now time.Time, max int) []string {
	var ids []string
	c := b.Cursor()
	for k, v := c.First(); k != nil && len(ids) < max; k, v = c.Next() {
		if t, ok := bytesTime(v); ok && !t.After(now) {
			ids = append(ids, string(k))
		}
	}
	return ids
}

// mergeIDs merges two sorted ID lists into the first max of their union.
func mergeIDs(a, b []string, max int) []string {
	out := make([]string, 0, min(max, len(a)+len(b)))
	for len(out) < max && (len(a) > 0 || len(b) > 0) {
		if len(b) == 0 || (len(a) > 0 && a[0] < b[0]) {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// MarkDelivered records the central service's durable acknowledgement, whatever
// state the record was in: the central service is the authority on what it holds.
// The sealed payload is dropped; metadata stays until Purge. Acks are idempotent: a record that
// is already delivered is left as it is. Unknown IDs (e.g. already purged) are
// reported as ErrNotFound after the known ones are committed.
func (s *Store) MarkDelivered(ids ...string) error {
	if err := s.usable(); err != nil {
		return fmt.Errorf("outbox: delivered: %w", err)
	}
	now := s.opts.Now()
	var missing []error
	err := s.db.Update(func(tx *bolt.Tx) error {
		missing = missing[:0]
		for _, id := range ids {
			r, err := load(tx, id)
			if errors.Is(err, ErrNotFound) {
				missing = append(missing, fmt.Errorf("outbox: delivered %s: %w", id, ErrNotFound))
				continue
			}
			if err != nil {
				return err
			}
			if r.State == Delivered {
				continue
			}
			size := len(r.Sealed)
			from := r.State
			r.State, r.Updated, r.NextAttempt, r.LeaseUntil, r.Sealed = Delivered, now, time.Time{}, time.Time{}, nil
			if err := save(tx, &r, from); err != nil {
				return err
			}
			if err := adjust(tx, -1, -int64(size)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		err = storageErr(err)
		if h := len(ids) / 2; h > 0 && errors.Is(err, ErrStorage) {
			return errors.Join(s.MarkDelivered(ids[:h]...), s.MarkDelivered(ids[h:]...)) // see space.go
		}
		return fmt.Errorf("outbox: delivered: %w", err)
	}
	return errors.Join(missing...)
}

// MarkRejected moves a queued or in_flight record to needs_attention with the central
// service's code and reason, for staff to look at. The payload is kept.
func (s *Store) MarkRejected(id, code, reason string) error {
	return s.transition("reject", id, func(r *Record, now time.Time) error {
		if r.State != InFlight && r.State != Queued {
			return ErrState
		}
		r.State, r.RejectCode, r.LastError = NeedsAttention, clip(code, 64), clip(reason, maxErrorLen)
		r.Attempts++
		r.NextAttempt, r.LeaseUntil = time.Time{}, time.Time{}
		return nil
	})
}

// Retry puts an in_flight (or queued) record back in the queue, due at next, after a
// failed attempt whose error is lastErr.
func (s *Store) Retry(id string, next time.Time, lastErr string) error {
	return s.transition("retry", id, func(r *Record, now time.Time) error {
		if r.State != InFlight && r.State != Queued {
			return ErrState
		}
		r.State, r.NextAttempt, r.LeaseUntil, r.LastError = Queued, next, time.Time{}, clip(lastErr, maxErrorLen)
		r.Attempts++
		return nil
	})
}

// Failed counts a failed delivery attempt against in_flight records the sender
// keeps holding (it will send them again itself, so they stay leased): Attempts
// grows by one and LastError is set, durably, so that a record that fails on every
// attempt is recognised across restarts. Records in another state are left alone;
// unknown IDs are reported as ErrNotFound after the known ones are committed.
func (s *Store) Failed(lastErr string, ids ...string) error {
	if err := s.usable(); err != nil {
		return fmt.Errorf("outbox: failed: %w", err)
	}
	now := s.opts.Now()
	var missing []error
	err := s.db.Update(func(tx *bolt.Tx) error {
		missing = missing[:0]
		for _, id := range ids {
			r, err := load(tx, id)
			if errors.Is(err, ErrNotFound) {
				missing = append(missing, fmt.Errorf("outbox: failed %s: %w", id, ErrNotFound))
				continue
			}
			if err != nil {
				return err
			}
			if r.State != InFlight {
				continue
			}
			r.Attempts++
			r.LastError, r.Updated = clip(lastErr, maxErrorLen), now
			if err := save(tx, &r, r.State); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		err = storageErr(err)
		if h := len(ids) / 2; h > 0 && errors.Is(err, ErrStorage) {
			return errors.Join(s.Failed(lastErr, ids[:h]...), s.Failed(lastErr, ids[h:]...)) // see space.go
		}
		return fmt.Errorf("outbox: failed: %w", err)
	}
	return errors.Join(missing...)
}

// Requeue is the staff action on a needs_attention record: send it again now. Its
// attempt count starts again from zero, so the sender's bounds on failed attempts
// (see sync/engine) apply afresh; LastError keeps the reason it was parked until
// the next attempt replaces it.
func (s *Store) Requeue(id string) error {
	return s.transition("requeue", id, func(r *Record, now time.Time) error {
		if r.State != NeedsAttention {
			return ErrState
		}
		r.State, r.NextAttempt, r.RejectCode, r.Attempts = Queued, now, "", 0
		return nil
	})
}

// transition loads a record, lets change alter it and saves it, in one transaction.
func (s *Store) transition(op, id string, change func(r *Record, now time.Time) error) error {
	if err := s.usable(); err != nil {
		return fmt.Errorf("outbox: %s %s: %w", op, id, err)
	}
	now := s.opts.Now()
	err := s.db.Update(func(tx *bolt.Tx) error {
		r, err := load(tx, id)
		if err != nil {
			return err
		}
		from := r.State
		if err := change(&r, now); err != nil {
			return fmt.Errorf("%w: %s", err, from)
		}
		r.Updated = now
		return save(tx, &r, from)
	})
	if err != nil {
		return fmt.Errorf("outbox: %s %s: %w", op, id, storageErr(err))
	}
	return nil
}

// clip bounds a string from outside (an error message, a code) so a misbehaving
// server cannot bloat the store; it cuts before a UTF-8 sequence, never inside one.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
