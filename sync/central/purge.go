package central

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
)

// A stored record keeps its sealed payload — the clear password of a
// registration, the card number of an ATM activation, a fingerprint capture, once
// opened — only for the retention (Options.SealedRetention, a week by default), for
// an operator to look into a fresh dispute. Then the payload is purged: the record
// keeps its ID, kind, kiosk, reference and times, so a kiosk that sends it again is
// still answered "duplicate" (exactly once holds), and the request status keeps the
// outcome; nothing that could be opened is left. store.SealedTTL indexes records by
// arrival so each purge reads only what is due.

// DefaultSealedRetention is how long a record's sealed payload is kept when
// Options.SealedRetention is zero.
const DefaultSealedRetention = 7 * 24 * time.Hour

const (
	purgeBatch    = 200
	purgeInterval = time.Hour
	// metaTTLIndexed marks a store whose records from before the purge existed
	// have been indexed in store.SealedTTL.
	metaTTLIndexed = "sealed_ttl_indexed"
)

func ttlKey(received time.Time, recID string) string {
	return fmt.Sprintf("%020d/%s", received.UnixNano(), recID)
}

// ttlTime is the arrival time in a store.SealedTTL key.
func ttlTime(key string) (time.Time, bool) {
	ns, _, ok := strings.Cut(key, "/")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, n), true
}

// PurgeSealed removes the sealed payload of every record that arrived before
// now minus the retention, and returns how many it purged.
func (s *Server) PurgeSealed(ctx context.Context) (int, error) {
	if err := s.indexOldRecords(ctx); err != nil {
		return 0, err
	}
	now := s.now()
	cutoff := now.Add(-s.retention)
	total := 0
	for {
		n, more := 0, false
		err := s.st.Update(ctx, func(tx store.Tx) error {
			n, more = 0, false
			type due struct{ key, rec string }
			var todo []due
			err := tx.Scan(store.SealedTTL, "", purgeBatch, func(k string, v []byte) error {
				t, ok := ttlTime(k)
				if ok && !t.Before(cutoff) {
					return errFull // the rest arrived later
				}
				todo = append(todo, due{k, string(v)})
				return nil
			})
			if err != nil && !errors.Is(err, errFull) {
				return err
			}
			more = err == nil && len(todo) == purgeBatch
			for _, d := range todo {
				if err := purgeRecord(tx, d.rec, now); err != nil {
					return err
				}
				if err := tx.Delete(store.SealedTTL, d.key); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("central: purge sealed payloads: %w", err)
		}
		total += n
		if !more {
			break
		}
	}
	s.metrics.purge(total)
	return total, nil
}

// purgeRecord drops the sealed payload of record id, keeping the rest.
func purgeRecord(tx store.Tx, id string, now time.Time) error {
	b, err := tx.Get(store.Records, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	var r StoredRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("record %s: %w", id, err)
	}
	if len(r.Sealed) == 0 {
		return nil
	}
	clear(b)
	r.Sealed, r.Purged = nil, now
	nb, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return tx.Put(store.Records, id, nb)
}

// indexOldRecords puts the records stored before store.SealedTTL existed into it,
// once per store.
func (s *Server) indexOldRecords(ctx context.Context) error {
	done := false
	if err := s.st.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get(store.Meta, metaTTLIndexed)
		done = err == nil
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}); err != nil || done {
		return err
	}
	after := ""
	for {
		n := 0
		err := s.st.Update(ctx, func(tx store.Tx) error {
			n = 0
			var keys, ids []string
			var last string
			err := tx.Scan(store.Records, after, purgeBatch, func(k string, v []byte) error {
				n, last = n+1, k
				var r StoredRecord
				if json.Unmarshal(v, &r) == nil && len(r.Sealed) > 0 {
					keys, ids = append(keys, ttlKey(r.Received, k)), append(ids, k)
				}
				return nil
			})
			if err != nil {
				return err
			}
			for i := range keys {
				if err := tx.Put(store.SealedTTL, keys[i], []byte(ids[i])); err != nil {
					return err
				}
			}
			after = last
			return nil
		})
		if err != nil {
			return fmt.Errorf("central: index records for purging: %w", err)
		}
		if n < purgeBatch {
			break
		}
	}
	return s.st.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, metaTTLIndexed, []byte("1")) })
}

// Run does the service's background work until ctx ends: it sends the queued
// outcome SMS (retrying those a gateway refused for now) and purges sealed
// payloads past their retention, hourly. New does not start it; `central serve`
// and centraltest do.
func (s *Server) Run(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.sendLoop(ctx)
	}()
	for {
		if n, err := s.PurgeSealed(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("purge", "err", err)
		} else if n > 0 {
			s.log.Info("sealed payloads purged", "records", n)
		}
		select {
		case <-ctx.Done():
			<-done
			s.bg.Wait()
			return
		case <-time.After(purgeInterval):
		}
	}
}
