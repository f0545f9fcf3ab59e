// Package boltstore is the embedded backend of the central service's store: one
// bbolt file in the data directory, zero setup. Concurrent Update calls are
// group-committed (bbolt's Batch), so many kiosks pushing at once share one fsync.
//
// # Caveats
//
//   - One process at a time: bbolt locks the file. Admin commands reach a running
//     server through its admin socket instead of opening the file.
package boltstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	gosync "sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/bawaba/bawaba/sync/central/store"
)

// Store is a store.Store on a bbolt file.
type Store struct {
	db *bolt.DB

	mu      gosync.Mutex
	pending []*call // Update calls waiting for the next group commit
	leading bool    // a leader goroutine is committing groups
}

type call struct {
	fn   func(store.Tx) error
	done chan error
}

// maxGroup caps how many Update calls share one commit.
const maxGroup = 1000

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the bbolt file at path with all store.Buckets.
// It waits at most lockTimeout for another process to release the file; zero means
// one second.
func Open(path string, lockTimeout time.Duration) (*Store, error) {
	if lockTimeout == 0 {
		lockTimeout = time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: lockTimeout,
		// Ingest commits large batches: a hash-map freelist allocates pages in
		// constant time, and not writing the freelist at every commit saves pages
		// and a share of each fsync (bbolt rebuilds it by scanning at open).
		FreelistType:   bolt.FreelistMapType,
		NoFreelistSync: true,
		// Map 256 MiB from the start so that a growing file is not remapped (each
		// remap waits for every open transaction) every few batches.
		InitialMmapSize: 256 << 20,
	})
	if err != nil {
		return nil, fmt.Errorf("boltstore: open %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range store.Buckets {
			if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("boltstore: create buckets: %w", err)
	}
	return &Store{db: db}, nil
}

// Update runs fn in a write transaction shared with concurrent callers (group
// commit): the first caller commits at once, callers arriving meanwhile share the
// next commit and its fsync. Unlike bbolt's Batch there is no fixed delay, so a lone
// kiosk is not slowed down. A failing fn is taken out of its group, the others are
// committed without it, and it then runs alone for its own error.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c := &call{fn: fn, done: make(chan error, 1)}
	s.mu.Lock()
	s.pending = append(s.pending, c)
	if !s.leading {
		s.leading = true
		go s.lead()
	}
	s.mu.Unlock()
	err := <-c.done
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return store.ErrClosed
	}
	return err
}

// lead commits groups until no call is waiting.
func (s *Store) lead() {
	for {
		s.mu.Lock()
		n := min(len(s.pending), maxGroup)
		group := s.pending[:n:n]
		s.pending = s.pending[n:]
		if n == 0 {
			s.leading = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		s.commit(group)
	}
}

func (s *Store) commit(group []*call) {
	for len(group) > 0 {
		failed := -1
		var failErr error
		err := s.db.Update(func(btx *bolt.Tx) error {
			for i, c := range group {
				if err := c.fn(tx{btx}); err != nil {
					failed, failErr = i, err
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, c := range group {
				c.done <- err
			}
			return
		}
		// Roll back happened; rerun the others without the failing call, then give the
		// failing call its own transaction so its error is its own.
		bad := group[failed]
		group = append(group[:failed:failed], group[failed+1:]...)
		if failed == 0 && len(group) == 0 {
			bad.done <- failErr
			return
		}
		bad.done <- s.db.Update(func(btx *bolt.Tx) error { return bad.fn(tx{btx}) })
	}
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.View(func(btx *bolt.Tx) error { return fn(tx{btx}) })
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return store.ErrClosed
	}
	return err
}

// Ping succeeds while the file is open.
func (s *Store) Ping(ctx context.Context) error {
	return s.View(ctx, func(store.Tx) error { return nil })
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

type tx struct{ t *bolt.Tx }

func (t tx) bucket(b store.Bucket) (*bolt.Bucket, error) {
	bk := t.t.Bucket([]byte(b))
	if bk == nil {
		return nil, fmt.Errorf("boltstore: no bucket %q", b)
	}
	return bk, nil
}

func (t tx) Get(b store.Bucket, key string) ([]byte, error) {
	bk, err := t.bucket(b)
	if err != nil {
		return nil, err
	}
	v := bk.Get([]byte(key))
	if v == nil {
		return nil, store.ErrNotFound
	}
	// bbolt values live only as long as the transaction.
	return bytes.Clone(v), nil
}

func (t tx) GetMany(b store.Bucket, keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := t.Get(b, k)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (t tx) Put(b store.Bucket, key string, value []byte) error {
	if !t.t.Writable() {
		return store.ErrReadOnly
	}
	bk, err := t.bucket(b)
	if err != nil {
		return err
	}
	if value == nil {
		value = []byte{}
	}
	return bk.Put([]byte(key), value)
}

func (t tx) Insert(b store.Bucket, key string, value []byte) (bool, error) {
	if !t.t.Writable() {
		return false, store.ErrReadOnly
	}
	bk, err := t.bucket(b)
	if err != nil {
		return false, err
	}
	if bk.Get([]byte(key)) != nil {
		return false, nil
	}
	if value == nil {
		value = []byte{}
	}
	return true, bk.Put([]byte(key), value)
}

func (t tx) InsertMany(b store.Bucket, keys []string, values [][]byte) ([]bool, error) {
	out := make([]bool, len(keys))
	for i, k := range keys {
		ok, err := t.Insert(b, k, values[i])
		if err != nil {
			return nil, err
		}
		out[i] = ok
	}
	return out, nil
}

func (t tx) Delete(b store.Bucket, key string) error {
	if !t.t.Writable() {
		return store.ErrReadOnly
	}
	bk, err := t.bucket(b)
	if err != nil {
		return err
	}
	return bk.Delete([]byte(key))
}

func (t tx) Scan(b store.Bucket, after string, limit int, fn func(string, []byte) error) error {
	bk, err := t.bucket(b)
	if err != nil {
		return err
	}
	c := bk.Cursor()
	k, v := c.Seek([]byte(after))
	if k != nil && string(k) == after {
		k, v = c.Next()
	}
	for n := 0; k != nil && (limit <= 0 || n < limit); n++ {
		if err := fn(string(k), bytes.Clone(v)); err != nil {
			return err
		}
		k, v = c.Next()
	}
	return nil
}
