package vault

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"strings"
	gosync "sync"

	"github.com/bawaba/bawaba/internal/parallel"
	"github.com/bawaba/bawaba/sync/central/store"
)

// DEKName is the Meta key of the wrapped data key, and the name it is wrapped under.
const DEKName = "vault.dek"

// migratedName is the Meta key marking a store whose every value is encrypted, so
// that later opens skip the scan of the whole database. Like DEKName it is the
// vault's own: callers neither see nor write keys starting with "vault.".
const migratedName = "vault.migrated"

// magic starts every encrypted value; a clear value (JSON, PEM, a key the old
// code stored raw) is told apart by it. Version 1: magic, 16-byte salt, GCM
// sealed value (with a zero nonce: each derived key seals one value only).
var magic = []byte("\x00bwv1")

const (
	saltSize = 16
	dekSize  = 32
	// migrateBatch is how many values one migration transaction rewrites.
	migrateBatch = 500
)

// Store is a store.Store whose values are encrypted under the data key.
type Store struct {
	inner    store.Store
	dek      []byte
	migrated int
	macs     gosync.Pool // of HMAC-SHA256 keyed with dek
}

// Open unwraps inner's data key with kek — creating it, and encrypting every clear
// value, when inner has none (a new database or one written before the vault) —
// and returns the store that encrypts and decrypts through it. It fails with
// ErrWrongKEK when the data key does not open with kek.
func Open(ctx context.Context, inner store.Store, kek KEK) (*Store, error) {
	fresh := make([]byte, dekSize)
	rand.Read(fresh)
	defer clear(fresh)
	wrapped, err := kek.Wrap(DEKName, fresh)
	if err != nil {
		return nil, fmt.Errorf("vault: wrap data key: %w", err)
	}
	var stored []byte
	// Insert: replicas opening a new database together agree on one data key.
	err = inner.Update(ctx, func(tx store.Tx) error {
		if _, err := tx.Insert(store.Meta, DEKName, wrapped); err != nil {
			return err
		}
		stored, err = tx.Get(store.Meta, DEKName)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("vault: data key: %w", err)
	}
	dek, err := kek.Unwrap(DEKName, stored)
	if err != nil {
		return nil, err
	}
	if len(dek) != dekSize {
		return nil, fmt.Errorf("%w: data key is %d bytes", ErrWrongKEK, len(dek))
	}
	s := &Store{inner: inner, dek: dek}
	s.macs.New = func() any { return hmac.New(sha256.New, s.dek) }
	done := false
	if err := inner.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get(store.Meta, migratedName)
		done = err == nil
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	}); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if done {
		return s, nil
	}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	if err := inner.Update(ctx, func(tx store.Tx) error { return tx.Put(store.Meta, migratedName, []byte("1")) }); err != nil {
		return nil, fmt.Errorf("vault: mark migrated: %w", err)
	}
	return s, nil
}

// CheckClear returns ErrSealed when inner was encrypted by a vault, so a service
// started without its KEK stops instead of failing on every read.
func CheckClear(ctx context.Context, inner store.Store) error {
	return inner.View(ctx, func(tx store.Tx) error {
		_, err := tx.Get(store.Meta, DEKName)
		if err == nil {
			return ErrSealed
		}
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return err
	})
}

// migrate encrypts every clear value of every bucket, a batch per transaction, so
// a large database does not need one huge transaction. A value already encrypted
// is left as it is, which makes an interrupted migration safe to run again.
func (s *Store) migrate(ctx context.Context) error {
	for _, b := range store.Buckets {
		after := ""
		for {
			var last string
			n, enc := 0, 0
			err := s.inner.Update(ctx, func(tx store.Tx) error {
				last, n, enc = "", 0, 0
				type kv struct {
					k string
					v []byte
				}
				var todo []kv
				err := tx.Scan(b, after, migrateBatch, func(k string, v []byte) error {
					last, n = k, n+1
					if !hidden(b, k) && !bytes.HasPrefix(v, magic) {
						todo = append(todo, kv{k, v})
					}
					return nil
				})
				if err != nil {
					return err
				}
				for _, e := range todo {
					if err := tx.Put(b, e.k, s.seal(b, e.k, e.v)); err != nil {
						return err
					}
					clear(e.v)
				}
				enc = len(todo)
				return nil
			})
			if err != nil {
				return fmt.Errorf("vault: encrypt %s: %w", b, err)
			}
			s.migrated += enc
			if n < migrateBatch {
				break
			}
			after = last
		}
	}
	return nil
}

// Migrated is how many clear values Open encrypted. When it is not zero, the old
// clear bytes may survive in the inner store's free pages (bbolt) or dead rows
// (PostgreSQL) until the file is compacted or the table vacuumed.
func (s *Store) Migrated() int { return s.migrated }

// Inner is the store under the vault: what a thief holding the database sees.
func (s *Store) Inner() store.Store { return s.inner }

// Update runs fn in a read-write transaction of the inner store.
func (s *Store) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.inner.Update(ctx, func(tx store.Tx) error { return fn(&vtx{tx: tx, s: s}) })
}

// View runs fn in a read-only transaction of the inner store.
func (s *Store) View(ctx context.Context, fn func(store.Tx) error) error {
	return s.inner.View(ctx, func(tx store.Tx) error { return fn(&vtx{tx: tx, s: s}) })
}

// Ping checks the inner store.
func (s *Store) Ping(ctx context.Context) error { return s.inner.Ping(ctx) }

// Close closes the inner store and forgets the data key.
func (s *Store) Close() error {
	clear(s.dek)
	s.macs.New = nil
	for s.macs.Get() != nil { // the pooled HMACs hold the DEK too
	}
	return s.inner.Close()
}

// ad is the associated data of a value: where it is stored.
func ad(b store.Bucket, key string) []byte {
	return []byte(string(b) + "\x00" + key)
}

// aead derives the value key of salt: HMAC-SHA256(DEK, salt).
func (s *Store) aead(salt []byte) cipher.AEAD {
	// The HMAC keyed with the DEK is pooled: keying it hashes the DEK twice,
	// which every value would otherwise pay again.
	m := s.macs.Get().(hash.Hash)
	m.Reset()
	m.Write(salt)
	var k [sha256.Size]byte
	m.Sum(k[:0])
	s.macs.Put(m)
	blk, _ := aes.NewCipher(k[:]) // 32 bytes: cannot fail
	clear(k[:])
	a, _ := cipher.NewGCM(blk)
	return a
}

var zeroNonce = make([]byte, 12)

func (s *Store) seal(b store.Bucket, key string, v []byte) []byte {
	out := make([]byte, 0, len(magic)+saltSize+len(v)+16)
	out = append(out, magic...)
	salt := make([]byte, saltSize)
	rand.Read(salt)
	out = append(out, salt...)
	return s.aead(salt).Seal(out, zeroNonce, v, ad(b, key))
}

func (s *Store) open(b store.Bucket, key string, v []byte) ([]byte, error) {
	if !bytes.HasPrefix(v, magic) {
		return nil, fmt.Errorf("%w: %s/%s", ErrClearValue, b, key)
	}
	v = v[len(magic):]
	if len(v) < saltSize+16 {
		return nil, fmt.Errorf("%w: %s/%s", ErrDamaged, b, key)
	}
	pt, err := s.aead(v[:saltSize]).Open(nil, zeroNonce, v[saltSize:], ad(b, key))
	if err != nil {
		return nil, fmt.Errorf("%w: %s/%s", ErrDamaged, b, key)
	}
	if pt == nil {
		pt = []byte{}
	}
	return pt, nil
}

// vtx is a transaction of the inner store seen through the vault.
type vtx struct {
	tx store.Tx
	s  *Store
}

// hidden reports whether key is the vault's own, which callers never see.
func hidden(b store.Bucket, key string) bool {
	return b == store.Meta && strings.HasPrefix(key, "vault.")
}

func (t *vtx) Get(b store.Bucket, key string) ([]byte, error) {
	if hidden(b, key) {
		return nil, store.ErrNotFound
	}
	v, err := t.tx.Get(b, key)
	if err != nil {
		return nil, err
	}
	return t.s.open(b, key, v)
}

func (t *vtx) GetMany(b store.Bucket, keys []string) ([][]byte, error) {
	vals, err := t.tx.GetMany(b, keys)
	if err != nil {
		return nil, err
	}
	errs := make([]error, len(vals))
	parallel.For(len(vals), func(i int) {
		switch {
		case vals[i] == nil:
		case hidden(b, keys[i]):
			vals[i] = nil
		default:
			vals[i], errs[i] = t.s.open(b, keys[i], vals[i])
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return vals, nil
}

func (t *vtx) Put(b store.Bucket, key string, value []byte) error {
	if hidden(b, key) {
		return fmt.Errorf("vault: %s is reserved", key)
	}
	return t.tx.Put(b, key, t.s.seal(b, key, value))
}

func (t *vtx) Insert(b store.Bucket, key string, value []byte) (bool, error) {
	if hidden(b, key) {
		return false, fmt.Errorf("vault: %s is reserved", key)
	}
	return t.tx.Insert(b, key, t.s.seal(b, key, value))
}

func (t *vtx) InsertMany(b store.Bucket, keys []string, values [][]byte) ([]bool, error) {
	for _, k := range keys {
		if hidden(b, k) {
			return nil, fmt.Errorf("vault: %s is reserved", k)
		}
	}
	sealed := make([][]byte, len(values))
	parallel.For(len(values), func(i int) { sealed[i] = t.s.seal(b, keys[i], values[i]) })
	return t.tx.InsertMany(b, keys, sealed)
}

func (t *vtx) Delete(b store.Bucket, key string) error {
	if hidden(b, key) {
		return fmt.Errorf("vault: %s is reserved", key)
	}
	return t.tx.Delete(b, key)
}

func (t *vtx) Scan(b store.Bucket, after string, limit int, fn func(key string, value []byte) error) error {
	return t.tx.Scan(b, after, limit, func(k string, v []byte) error {
		if hidden(b, k) {
			return nil
		}
		pt, err := t.s.open(b, k, v)
		if err != nil {
			return err
		}
		return fn(k, pt)
	})
}

// Rewrap wraps inner's data key under newKEK instead of oldKEK: rotating the KEK
// rewrites one value, not the database. Services already running keep working
// (they hold the data key); each needs newKEK at its next start.
func Rewrap(ctx context.Context, inner store.Store, oldKEK, newKEK KEK) error {
	return inner.Update(ctx, func(tx store.Tx) error {
		wrapped, err := tx.Get(store.Meta, DEKName)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("vault: rewrap: the database has no data key (never opened with a KEK)")
		}
		if err != nil {
			return err
		}
		dek, err := oldKEK.Unwrap(DEKName, wrapped)
		if err != nil {
			return err
		}
		defer clear(dek)
		rewrapped, err := newKEK.Wrap(DEKName, dek)
		if err != nil {
			return fmt.Errorf("vault: rewrap: %w", err)
		}
		return tx.Put(store.Meta, DEKName, rewrapped)
	})
}
