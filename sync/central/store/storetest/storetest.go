// Package storetest is the one test suite every store backend must pass, and the
// helpers that open each backend for tests (including the PostgreSQL policy: skip
// without BAWABA_TEST_POSTGRES, fail instead when BAWABA_REQUIRE_POSTGRES=1).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
)

// PostgresURL returns BAWABA_TEST_POSTGRES; without it the test is skipped, or fails
// when BAWABA_REQUIRE_POSTGRES=1 (as `make test` sets).
func PostgresURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("BAWABA_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("BAWABA_REQUIRE_POSTGRES") == "1" {
			t.Fatal("BAWABA_REQUIRE_POSTGRES=1 but BAWABA_TEST_POSTGRES is not set")
		}
		t.Skip("BAWABA_TEST_POSTGRES not set; PostgreSQL backend not tested")
	}
	return url
}

// MustOpenBolt opens a fresh bbolt store in t.TempDir(), closed at cleanup.
func MustOpenBolt(t testing.TB) store.Store {
	t.Helper()
	s, err := boltstore.Open(filepath.Join(t.TempDir(), "central.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// NewSchema returns a fresh schema name, so parallel tests never share tables.
func NewSchema() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "t_" + hex.EncodeToString(b)
}

// MustOpenPostgres opens a store in a fresh schema of the test database, dropped at
// cleanup; see PostgresURL for when it skips.
func MustOpenPostgres(t testing.TB) store.Store {
	t.Helper()
	url := PostgresURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := pgstore.Open(ctx, url, pgstore.Options{Schema: NewSchema(), MaxConns: 16})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s.DropSchema(ctx)
		s.Close()
	})
	return s
}

// Backends lists each backend by name with its opener, for suites that run on both.
var Backends = []struct {
	Name string
	Open func(testing.TB) store.Store
}{
	{"bbolt", MustOpenBolt},
	{"postgres", MustOpenPostgres},
}

var errAbort = errors.New("storetest: abort")

// Run is the backend suite.
func Run(t *testing.T, open func(testing.TB) store.Store) {
	ctx := context.Background()
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"a put value is read back, a missing one is ErrNotFound", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error { return tx.Put(store.Records, "r1", []byte("v1")) })
			mustView(t, s, func(tx store.Tx) error {
				if v, err := tx.Get(store.Records, "r1"); err != nil || string(v) != "v1" {
					return fmt.Errorf("tx.Get = %q, %v", v, err)
				}
				if _, err := tx.Get(store.Records, "r2"); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("tx.Get(missing) err = %v", err)
				}
				if _, err := tx.Get(store.Statuses, "r1"); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("buckets are not separate: %v", err)
				}
				return nil
			})
		}},
		{"get-many returns values in order, nil for absent keys", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error {
				tx.Put(store.People, "a", []byte("1"))
				tx.Put(store.People, "c", []byte("3"))
				return nil
			})
			mustUpdate(t, s, func(tx store.Tx) error {
				tx.Put(store.People, "d", []byte("4")) // not yet committed: still visible
				got, err := tx.GetMany(store.People, []string{"c", "b", "a", "c", "d"})
				if err != nil {
					return err
				}
				if fmt.Sprintf("%q", got) != `["3" "" "1" "3" "4"]` || got[1] != nil {
					return fmt.Errorf("tx.GetMany = %q", got)
				}
				return nil
			})
		}},
		{"insert writes only an absent key", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error {
				if ok, err := tx.Insert(store.Records, "a", []byte("first")); !ok || err != nil {
					return fmt.Errorf("first Insert = %v, %v", ok, err)
				}
				if ok, err := tx.Insert(store.Records, "a", []byte("second")); ok || err != nil {
					return fmt.Errorf("second Insert = %v, %v", ok, err)
				}
				return nil
			})
			mustView(t, s, func(tx store.Tx) error {
				if v, _ := tx.Get(store.Records, "a"); string(v) != "first" {
					return fmt.Errorf("value = %q, want first", v)
				}
				return nil
			})
		}},
		{"a transaction reads its own writes and deletes", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error { return tx.Put(store.Accounts, "gone", []byte("v")) })
			mustUpdate(t, s, func(tx store.Tx) error {
				if err := tx.Put(store.Accounts, "k", []byte("1")); err != nil {
					return err
				}
				if v, err := tx.Get(store.Accounts, "k"); err != nil || string(v) != "1" {
					return fmt.Errorf("tx.Get after Put = %q, %v", v, err)
				}
				if ok, err := tx.Insert(store.Accounts, "k", []byte("2")); ok || err != nil {
					return fmt.Errorf("tx.Insert over a Put = %v, %v", ok, err)
				}
				if err := tx.Delete(store.Accounts, "gone"); err != nil {
					return err
				}
				if _, err := tx.Get(store.Accounts, "gone"); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("tx.Get after Delete err = %v", err)
				}
				if ok, err := tx.Insert(store.Accounts, "gone", []byte("again")); !ok || err != nil {
					return fmt.Errorf("tx.Insert after Delete = %v, %v", ok, err)
				}
				n := 0
				err := tx.Scan(store.Accounts, "", 0, func(string, []byte) error { n++; return nil })
				if err != nil || n != 2 {
					return fmt.Errorf("tx.Scan sees %d keys, %v; want 2", n, err)
				}
				return nil
			})
			mustView(t, s, func(tx store.Tx) error {
				if v, _ := tx.Get(store.Accounts, "gone"); string(v) != "again" {
					return fmt.Errorf("committed value %q", v)
				}
				return nil
			})
		}},
		{"insert-many writes only absent keys, once each", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error { return tx.Put(store.Records, "b", []byte("old")) })
			mustUpdate(t, s, func(tx store.Tx) error {
				got, err := tx.InsertMany(store.Records, []string{"a", "b", "c", "a"}, [][]byte{[]byte("1"), []byte("2"), nil, []byte("4")})
				if err != nil {
					return err
				}
				if fmt.Sprint(got) != "[true false true false]" {
					return fmt.Errorf("inserted = %v", got)
				}
				return nil
			})
			mustView(t, s, func(tx store.Tx) error {
				for k, want := range map[string]string{"a": "1", "b": "old", "c": ""} {
					if v, err := tx.Get(store.Records, k); err != nil || string(v) != want {
						return fmt.Errorf("%s = %q, %v; want %q", k, v, err, want)
					}
				}
				return nil
			})
		}},
		{"a failed update changes nothing", func(t *testing.T, s store.Store) {
			err := s.Update(ctx, func(tx store.Tx) error {
				if err := tx.Put(store.Records, "x", []byte("1")); err != nil {
					return err
				}
				return errAbort
			})
			if !errors.Is(err, errAbort) {
				t.Fatalf("Update err = %v, want errAbort", err)
			}
			mustView(t, s, func(tx store.Tx) error {
				if _, err := tx.Get(store.Records, "x"); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("rolled-back key present: %v", err)
				}
				return nil
			})
		}},
		{"writes in a view are refused", func(t *testing.T, s store.Store) {
			mustView(t, s, func(tx store.Tx) error {
				if err := tx.Put(store.Meta, "k", nil); !errors.Is(err, store.ErrReadOnly) {
					return fmt.Errorf("tx.Put in View err = %v", err)
				}
				return nil
			})
		}},
		{"delete removes a key and ignores a missing one", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error {
				tx.Put(store.Meta, "k", []byte("v"))
				if err := tx.Delete(store.Meta, "k"); err != nil {
					return err
				}
				return tx.Delete(store.Meta, "never")
			})
			mustView(t, s, func(tx store.Tx) error {
				if _, err := tx.Get(store.Meta, "k"); !errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("deleted key present: %v", err)
				}
				return nil
			})
		}},
		{"scan walks keys in order after a key, up to a limit", func(t *testing.T, s store.Store) {
			mustUpdate(t, s, func(tx store.Tx) error {
				for _, k := range []string{"b", "a", "d", "c", "e"} {
					if err := tx.Put(store.Kiosks, k, []byte("v"+k)); err != nil {
						return err
					}
				}
				return nil
			})
			for _, c := range []struct {
				after string
				limit int
				want  string
			}{{"", 0, "abcde"}, {"b", 2, "cd"}, {"e", 0, ""}, {"", 1, "a"}} {
				var got string
				mustView(t, s, func(tx store.Tx) error {
					got = ""
					return tx.Scan(store.Kiosks, c.after, c.limit, func(k string, v []byte) error {
						if string(v) != "v"+k {
							return fmt.Errorf("value of %s = %q", k, v)
						}
						got += k
						return nil
					})
				})
				if got != c.want {
					t.Errorf("Scan(after %q, limit %d) = %q, want %q", c.after, c.limit, got, c.want)
				}
			}
		}},
		{"binary values survive unchanged", func(t *testing.T, s store.Store) {
			val := []byte{0, 1, 2, 0xff, 0, 'x'}
			mustUpdate(t, s, func(tx store.Tx) error { return tx.Put(store.Meta, "bin", val) })
			mustView(t, s, func(tx store.Tx) error {
				if v, _ := tx.Get(store.Meta, "bin"); string(v) != string(val) {
					return fmt.Errorf("value = %v", v)
				}
				return nil
			})
		}},
		{"concurrent inserts of one key: exactly one wins", func(t *testing.T, s store.Store) {
			var wg gosync.WaitGroup
			var mu gosync.Mutex
			wins := 0
			for i := range 8 {
				wg.Go(func() {
					var won bool
					err := s.Update(ctx, func(tx store.Tx) error {
						ok, err := tx.Insert(store.Records, "same", []byte(strconv.Itoa(i)))
						won = ok
						return err
					})
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					if won {
						wins++
					}
					mu.Unlock()
				})
			}
			wg.Wait()
			if wins != 1 {
				t.Fatalf("%d inserts won, want 1", wins)
			}
		}},
		{"concurrent read-modify-writes lose no update", func(t *testing.T, s store.Store) {
			const n = 40
			var wg gosync.WaitGroup
			for range n {
				wg.Go(func() {
					err := s.Update(ctx, func(tx store.Tx) error {
						v, err := tx.Get(store.Meta, "counter")
						if err != nil && !errors.Is(err, store.ErrNotFound) {
							return err
						}
						c, _ := strconv.Atoi(string(v))
						if errors.Is(err, store.ErrNotFound) {
							// Create-if-absent goes through Insert, as the store requires.
							if ok, err := tx.Insert(store.Meta, "counter", []byte("1")); err != nil || ok {
								return err
							}
							v, err = tx.Get(store.Meta, "counter")
							if err != nil {
								return err
							}
							c, _ = strconv.Atoi(string(v))
						}
						return tx.Put(store.Meta, "counter", []byte(strconv.Itoa(c+1)))
					})
					if err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			mustView(t, s, func(tx store.Tx) error {
				// The first writer inserts 1 without incrementing: n writers end at n.
				if v, _ := tx.Get(store.Meta, "counter"); string(v) != strconv.Itoa(n) {
					return fmt.Errorf("counter = %s, want %d", v, n)
				}
				return nil
			})
		}},
		{"a failing update among concurrent ones fails alone", func(t *testing.T, s store.Store) {
			var wg gosync.WaitGroup
			errs := make([]error, 20)
			for i := range errs {
				wg.Go(func() {
					errs[i] = s.Update(ctx, func(tx store.Tx) error {
						if err := tx.Put(store.Meta, "k"+strconv.Itoa(i), []byte("v")); err != nil {
							return err
						}
						if i%5 == 0 {
							return errAbort
						}
						return nil
					})
				})
			}
			wg.Wait()
			mustView(t, s, func(tx store.Tx) error {
				for i, err := range errs {
					_, gerr := tx.Get(store.Meta, "k"+strconv.Itoa(i))
					if fail := i%5 == 0; fail != errors.Is(err, errAbort) || fail != errors.Is(gerr, store.ErrNotFound) {
						return fmt.Errorf("update %d: err %v, stored err %v", i, err, gerr)
					}
				}
				return nil
			})
		}},
		{"a cancelled context runs nothing", func(t *testing.T, s store.Store) {
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			ran := false
			err := s.Update(cctx, func(tx store.Tx) error { ran = true; return nil })
			if err == nil || ran {
				t.Fatalf("Update on a cancelled context = %v (ran %v)", err, ran)
			}
		}},
		{"ping answers", func(t *testing.T, s store.Store) {
			if err := s.Ping(ctx); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

func mustUpdate(t *testing.T, s store.Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func mustView(t *testing.T, s store.Store, fn func(store.Tx) error) {
	t.Helper()
	if err := s.View(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}
