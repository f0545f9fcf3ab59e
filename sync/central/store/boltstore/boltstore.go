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
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/central/store"
)

// Store is a store.Store on a bbolt file.
type Store struct {
	db *bolt.DB
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the bbolt file at path with all store.Buckets.
// It waits at most lockTimeout for another process to release the file; zero means
// one second.
func Open(path string, lockTimeout time.Duration) (*Store, error) {
	if lockTimeout == 0 {
		lockTimeout = time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
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

// Update runs fn in a write transaction, batched with concurrent callers.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Batch(func(btx *bolt.Tx) error { return fn(tx{btx}) })
	if errors.Is(err, bolt.ErrDatabaseNotOpen) {
		return store.ErrClosed
	}
	return err
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.View(func(btx *bolt.Tx) error { return fn(tx{btx}) })
	if errors.Is(err, bolt.ErrDatabaseNotOpen) {
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
