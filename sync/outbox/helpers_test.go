package outbox

import (
	"bytes"
	"reflect"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/bawaba/bawaba/sync/seal"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fakeClock is a settable clock for the Options.Now hook.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// MustGenerateKey returns a sealing key valid for a year after t0.
func MustGenerateKey(t testing.TB) *seal.PrivateKey {
	t.Helper()
	k, err := seal.GenerateKey("central-test-1", t0.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// testOptions returns Options with a fake clock starting at t0 and key k.
func testOptions(k *seal.PrivateKey) (Options, *fakeClock) {
	clock := &fakeClock{now: t0}
	return Options{
		KioskID: "kiosk-test-01",
		Key:     func() (seal.PublicKey, error) { return k.Public(), nil },
		Now:     clock.Now,
	}, clock
}

// MustOpen opens a store in a temporary directory and closes it when the test ends.
func MustOpen(t testing.TB, opts Options) *Store {
	t.Helper()
	s, err := Open(t.TempDir()+"/outbox.db", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustEnqueue(t testing.TB, s *Store, kind, payload string) Record {
	t.Helper()
	r, err := s.Enqueue(Request{Kind: kind, Payload: []byte(payload), Meta: map[string]string{"service": kind}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// assertConsistent checks the invariants every committed state must keep: each
// record is in exactly the index of its state, has a payload iff undelivered, its ref
// points back to it, and the capacity counters match what is stored.
func assertConsistent(t testing.TB, s *Store) {
	t.Helper()
	err := s.db.View(func(tx *bolt.Tx) error {
		var count, size uint64
		n := 0
		kinds := map[string]KindCounts{}
		err := tx.Bucket(bucketRecords).ForEach(func(k, v []byte) error {
			n++
			r, err := decodeRecord(k, v)
			if err != nil {
				return err
			}
			for state, name := range stateBuckets {
				if in := tx.Bucket(name).Get([]byte(r.ID)) != nil; in != (state == r.State) {
					t.Errorf("record %s in state %s: in index %s = %v", k, r.State, state, in)
				}
			}
			p := r.Sealed
			if (p != nil) != (r.State != Delivered) {
				t.Errorf("record %s in state %s: has payload = %v", k, r.State, p != nil)
			}
			if r.State != Delivered {
				count++
				size += uint64(len(p))
			}
			c := kinds[r.Kind]
			switch r.State {
			case Queued:
				c.Queued++
			case InFlight:
				c.InFlight++
			case NeedsAttention:
				c.NeedsAttention++
			}
			if c != (KindCounts{}) {
				kinds[r.Kind] = c
			}
			if !bytes.Equal(k, []byte(r.Ref)) || !idCarries(r.ID, r.Ref) {
				t.Errorf("record %s stored under %s, ref %s", r.ID, k, r.Ref)
			}
			return nil
		})
		if err != nil {
			return err
		}
		idx := 0
		for _, name := range stateBuckets {
			idx += tx.Bucket(name).Stats().KeyN
		}
		if idx != n {
			t.Errorf("state indexes hold %d IDs, records %d", idx, n)
		}
		meta := tx.Bucket(bucketMeta)
		if got := getUint(meta, keyUndelivered); got != count {
			t.Errorf("undelivered counter %d, stored %d", got, count)
		}
		if got := getUint(meta, keyBytes); got != size {
			t.Errorf("bytes counter %d, stored %d", got, size)
		}
		if got := readKinds(tx); !reflect.DeepEqual(got, kinds) {
			t.Errorf("counts per kind %+v, stored %+v", got, kinds)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
