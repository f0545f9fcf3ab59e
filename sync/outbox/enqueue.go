package outbox

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/outbox/ref"
	"github.com/bawaba/bawaba/sync/seal"
)

// Limits on what a Request may carry besides its payload.
const (
	maxMetaEntries = 32
	maxMetaBytes   = 4 << 10
	maxErrorLen    = 512
)

var kindPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// enqueueReq is one Enqueue waiting for the commit loop.
type enqueueReq struct {
	rec  Record
	done chan error
}

// Enqueue seals req.Payload to the current key and stores it as a queued record. When
// it returns nil the record is committed and fsync'd; the returned Record has its ID
// and Ref. Refusals are *FreezeError values (ErrFull, ErrKeyExpired, ErrNoKey,
// ErrDegraded); a failed write is ErrStorage. In every error case nothing was stored.
func (s *Store) Enqueue(req Request) (Record, error) {
	if err := s.usable(); err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	if err := s.checkRequest(req); err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	now := s.opts.Now()
	key, err := s.key(now)
	if err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	id := s.ids.next(now)
	// Seal before taking any lock: it is the expensive part, and concurrent callers
	// seal in parallel while an earlier batch is being fsync'd.
	sealed, err := key.Seal(id, req.Kind, req.Payload)
	if err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue %s: %w", id, err)
	}
	r := &enqueueReq{
		rec: Record{
			ID: id, Kind: req.Kind, KioskID: s.opts.KioskID, Created: now, Updated: now,
			State: Queued, NextAttempt: now, KeyID: key.ID, Sealed: sealed, Meta: cloneMeta(req.Meta),
		},
		done: make(chan error, 1),
	}

	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return Record{}, fmt.Errorf("outbox: enqueue: %w", ErrClosed)
	}
	s.reqs <- r
	s.mu.RUnlock()
	if err := <-r.done; err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue %s: %w", id, err)
	}
	return r.rec, nil
}

func (s *Store) checkRequest(req Request) error {
	if !kindPattern.MatchString(req.Kind) {
		return fmt.Errorf("%w: kind %q", ErrInvalid, req.Kind)
	}
	if len(req.Payload) == 0 || len(req.Payload) > s.opts.MaxPayload {
		return fmt.Errorf("%w: payload of %d bytes (1..%d)", ErrInvalid, len(req.Payload), s.opts.MaxPayload)
	}
	n := 0
	for k, v := range req.Meta {
		n += len(k) + len(v)
	}
	if len(req.Meta) > maxMetaEntries || n > maxMetaBytes {
		return fmt.Errorf("%w: meta of %d entries, %d bytes (max %d, %d)", ErrInvalid, len(req.Meta), n, maxMetaEntries, maxMetaBytes)
	}
	return nil
}

// key returns the sealing key if it may be used at now.
func (s *Store) key(now time.Time) (seal.PublicKey, error) {
	if s.opts.Key == nil {
		return seal.PublicKey{}, &FreezeError{Reason: FreezeNoKey, Detail: "no key source configured"}
	}
	k, err := s.opts.Key()
	if err != nil {
		return seal.PublicKey{}, &FreezeError{Reason: FreezeNoKey, Err: err}
	}
	if err := k.Valid(now); err != nil {
		if errors.Is(err, seal.ErrExpired) {
			return seal.PublicKey{}, &FreezeError{Reason: FreezeKeyExpired, Detail: "key " + k.ID, Err: err}
		}
		return seal.PublicKey{}, &FreezeError{Reason: FreezeNoKey, Err: err}
	}
	return k, nil
}

func cloneMeta(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// commitLoop is a group commit: it takes every Enqueue waiting when it starts a
// transaction and commits them with one fsync. A lone caller never waits for a timer
// (bbolt's DB.Batch waits up to 10 ms for company); callers that arrive during an
// fsync share the next one.
func (s *Store) commitLoop() {
	defer close(s.done)
	for r := range s.reqs {
		batch := []*enqueueReq{r}
	more:
		for len(batch) < s.opts.MaxBatch {
			select {
			case r, ok := <-s.reqs:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

// commit stores a batch in one transaction. A request refused by a check (queue full)
// is left out and told why; the others commit. If a write fails, the transaction is
// rolled back and each request is tried alone, so one bad request cannot sink others.
func (s *Store) commit(batch []*enqueueReq) {
	refusals := make([]error, len(batch))
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i, r := range batch {
			refused, err := s.insert(tx, &r.rec)
			if err != nil {
				return err
			}
			refusals[i] = refused
		}
		return nil
	})
	if err != nil && len(batch) > 1 {
		for _, r := range batch {
			s.commit([]*enqueueReq{r})
		}
		return
	}
	for i, r := range batch {
		if err != nil {
			r.done <- storageErr(err)
		} else {
			r.done <- refusals[i]
		}
	}
}

// insert adds one record. It returns a refusal (and writes nothing) when the record
// does not fit, or a write error that aborts the transaction.
func (s *Store) insert(tx *bolt.Tx, r *Record) (refused, err error) {
	records := tx.Bucket(bucketRecords)
	if records.Get([]byte(r.ID)) != nil {
		// Already there: a batch retried after a commit that reported failure but
		// reached the disk. Writing it again would count it twice.
		return nil, nil
	}
	meta := tx.Bucket(bucketMeta)
	count, size := getUint(meta, keyUndelivered), getUint(meta, keyBytes)
	if count+1 > uint64(s.opts.MaxRecords) || size+uint64(len(r.Sealed)) > uint64(s.opts.MaxBytes) {
		return &FreezeError{Reason: FreezeQueueFull, Detail: fmt.Sprintf("%d records, %d bytes held (max %d, %d)",
			count, size, s.opts.MaxRecords, s.opts.MaxBytes)}, nil
	}
	refs := tx.Bucket(bucketRefs)
	r.Ref = ""
	for range 16 {
		if c := ref.New(); refs.Get([]byte(c)) == nil {
			r.Ref = c
			break
		}
	}
	if r.Ref == "" {
		return fmt.Errorf("%w: no free receipt reference", ErrFull), nil
	}
	if err := refs.Put([]byte(r.Ref), []byte(r.ID)); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bucketPayloads).Put([]byte(r.ID), r.Sealed); err != nil {
		return nil, err
	}
	if err := save(tx, r, ""); err != nil {
		return nil, err
	}
	return nil, adjust(tx, 1, int64(len(r.Sealed)))
}
