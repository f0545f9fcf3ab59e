package outbox

import (
	"bytes"
	"errors"
	"fmt"
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

// validKind accepts ^[a-z][a-z0-9_]{0,63}$: kinds are identifiers, never free text.
func validKind(k string) bool {
	if len(k) == 0 || len(k) > 64 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := range len(k) {
		c := k[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// enqueueReq is one Enqueue waiting for its commit.
type enqueueReq struct {
	rec  Record
	done chan error    // the outcome, sent once
	lead chan struct{} // told to lead the next commit
}

func newEnqueueReq(rec Record) *enqueueReq {
	return &enqueueReq{rec: rec, done: make(chan error, 1), lead: make(chan struct{}, 1)}
}

// Enqueue seals req.Payload to the current key and stores it as a queued record. When
// it returns nil the record is committed and fsync'd; the returned Record has its ID
// and Ref. Refusals are *FreezeError values (ErrFull — with ErrDiskFull when the disk
// is what is full —, ErrKeyExpired, ErrNoKey, ErrDegraded); a failed write is
// ErrStorage. In every error case nothing was stored.
func (s *Store) Enqueue(req Request) (Record, error) {
	if err := s.usable(); err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	if err := s.checkRequest(req); err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	if err := s.headroom(); err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	now := s.opts.Now()
	key, err := s.key(now)
	if err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	sealer, err := s.sealerFor(key)
	if err != nil {
		return Record{}, fmt.Errorf("outbox: enqueue: %w", err)
	}
	for attempt := 1; ; attempt++ {
		rf := ref.New()
		id := s.ids.next(now, ref.Bits(rf))
		// Seal before joining the commit queue, so concurrent callers seal while an
		// earlier batch is being fsync'd; the Sealer has the KEM half done in advance.
		sealed, err := sealer.Seal(id, req.Kind, req.Payload)
		if err != nil {
			return Record{}, fmt.Errorf("outbox: enqueue %s: %w", id, err)
		}
		r := newEnqueueReq(Record{
			ID: id, Ref: rf, Kind: req.Kind, KioskID: s.opts.KioskID, Created: now, Updated: now,
			State: Queued, NextAttempt: now, KeyID: key.ID, Sealed: sealed, Meta: cloneMeta(req.Meta),
		})
		err = s.submit(r)
		if errors.Is(err, errRefTaken) && attempt < 4 {
			continue // one in 10^13 per record: draw another reference (and so ID) and reseal
		}
		if err != nil {
			return Record{}, fmt.Errorf("outbox: enqueue %s: %w", id, err)
		}
		return r.rec, nil
	}
}

// errRefTaken refuses a record whose receipt reference another record already has.
var errRefTaken = fmt.Errorf("%w: receipt reference already taken", ErrFull)

// sealerFor returns a Sealer for key, replacing the cached one when the key rotates.
func (s *Store) sealerFor(key seal.PublicKey) (*seal.Sealer, error) {
	s.sealerMu.Lock()
	defer s.sealerMu.Unlock()
	if c := s.sealer; c != nil {
		if k := c.Key(); k.ID == key.ID && k.NotAfter.Equal(key.NotAfter) && bytes.Equal(k.Key, key.Key) {
			return c, nil
		}
		c.Close()
		s.sealer = nil
	}
	ahead := s.opts.SealAhead
	if s.sealDone {
		ahead = 0 // an Enqueue racing with Close must not start a goroutine that outlives it
	}
	// The Sealer's epochs are in memory only and end with the Store: a reopened
	// outbox starts a new one.
	c, err := key.NewSealerWith(seal.SealerOptions{Ahead: ahead, Now: s.opts.Now})
	if err != nil {
		return nil, &FreezeError{Reason: FreezeNoKey, Err: err}
	}
	s.sealer = c
	return c, nil
}

func (s *Store) checkRequest(req Request) error {
	if !validKind(req.Kind) {
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

// submit is a group commit without a committer goroutine. The first caller to find
// no commit running leads: it commits every request pending at that moment in one
// transaction, one fsync. Callers arriving meanwhile queue up; when the leader is done
// it hands the lead to the first of them, which commits them all. A lone caller thus
// commits in its own goroutine with no hand-off or timer (bbolt's DB.Batch waits up to
// 10 ms for company), and no leader commits more than one batch for others.
func (s *Store) submit(r *enqueueReq) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.inflight.Add(1)
	defer s.inflight.Done()
	s.pending = append(s.pending, r)
	lead := !s.committing
	s.committing = true
	s.mu.Unlock()
	if lead {
		s.lead()
	}
	for {
		select {
		case err := <-r.done:
			return err
		case <-r.lead:
			s.lead()
		}
	}
}

// lead commits the pending batch, then passes the lead on or ends the commit run.
func (s *Store) lead() {
	s.mu.Lock()
	n := min(len(s.pending), s.opts.MaxBatch)
	batch := s.pending[:n:n]
	s.pending = s.pending[n:]
	s.mu.Unlock()

	s.commit(batch)
	// New records may have grown the file into the delivery reserve: top it up.
	s.keepReserve()

	s.mu.Lock()
	if len(s.pending) > 0 {
		s.pending[0].lead <- struct{}{}
	} else {
		s.committing = false
		s.pending = nil
	}
	s.mu.Unlock()
}

// commit stores a batch in one transaction. A request refused by a check (queue full)
// is left out and told why; the others commit. If a write fails, the transaction is
// rolled back and each request is tried alone, so one bad request cannot sink others.
func (s *Store) commit(batch []*enqueueReq) {
	// bbolt panics on some damage found mid-write. Waiters must hear about it rather
	// than wait forever; nothing was committed.
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("%w: commit panicked: %v", ErrCorrupt, p)
			for _, r := range batch {
				select {
				case r.done <- err:
				default:
				}
			}
		}
	}()
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
	if old, err := loadRef(tx, r.Ref); err == nil && old.ID == r.ID {
		// Already there: a batch retried after a commit that reported failure but
		// reached the disk. Writing it again would count it twice.
		return nil, nil
	} else if !errors.Is(err, ErrNotFound) {
		// Another record (or a damaged value, which must not be overwritten) holds
		// this reference.
		return errRefTaken, nil
	}
	meta := tx.Bucket(bucketMeta)
	count, size := getUint(meta, keyUndelivered), getUint(meta, keyBytes)
	if count+1 > uint64(s.opts.MaxRecords) || size+uint64(len(r.Sealed)) > uint64(s.opts.MaxBytes) {
		return &FreezeError{Reason: FreezeQueueFull, Detail: fmt.Sprintf("%d records, %d bytes held (max %d, %d)",
			count, size, s.opts.MaxRecords, s.opts.MaxBytes)}, nil
	}
	if err := save(tx, r, ""); err != nil {
		return nil, err
	}
	return nil, adjust(tx, 1, int64(len(r.Sealed)))
}
