package outbox

import (
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The counts per kind follow every move of a record, so that what residents are
// told is waiting leaves the staff audit entries out (issue #13).
func TestStatsCountsPerKind(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	s := MustOpen(t, opts)
	reg1 := mustEnqueue(t, s, "registration", "a")
	reg2 := mustEnqueue(t, s, "registration", "b")
	audit := mustEnqueue(t, s, "staff_audit", "c")
	steps := []struct {
		name string
		do   func() error
		want map[string]KindCounts
	}{
		{"when two requests and an audit entry are queued", func() error { return nil },
			map[string]KindCounts{"registration": {Queued: 2}, "staff_audit": {Queued: 1}}},
		{"when all three are leased", func() error { _, err := s.Lease(10, time.Minute); return err },
			map[string]KindCounts{"registration": {InFlight: 2}, "staff_audit": {InFlight: 1}}},
		{"when a send fails but keeps the lease", func() error { return s.Failed("timeout", reg1.ID) },
			map[string]KindCounts{"registration": {InFlight: 2}, "staff_audit": {InFlight: 1}}},
		{"when the audit entry is delivered", func() error { return s.MarkDelivered(audit.ID) },
			map[string]KindCounts{"registration": {InFlight: 2}}},
		{"when one request is refused", func() error { return s.MarkRejected(reg2.ID, "invalid", "bad") },
			map[string]KindCounts{"registration": {InFlight: 1, NeedsAttention: 1}}},
		{"when staff send it again", func() error { return s.Requeue(reg2.ID) },
			map[string]KindCounts{"registration": {Queued: 1, InFlight: 1}}},
		{"when the other goes back to the queue", func() error { return s.Retry(reg1.ID, time.Time{}, "retry") },
			map[string]KindCounts{"registration": {Queued: 2}}},
		{"when both are delivered", func() error { return s.MarkDelivered(reg1.ID, reg2.ID) },
			map[string]KindCounts{}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got, err := s.Stats()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Kinds, st.want) {
			t.Errorf("%s: kinds %+v, want %+v", st.name, got.Kinds, st.want)
		}
		if w := got.Waiting("registration", "staff_audit"); w != got.Queued+got.InFlight {
			t.Errorf("%s: waiting of every kind %d, outbox %d", st.name, w, got.Queued+got.InFlight)
		}
		assertConsistent(t, s)
	}
}

// An outbox written before the counts existed gets them at Open, from its records.
func TestKindsCountedForOlderOutbox(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	path := t.TempDir() + "/outbox.db"
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	mustEnqueue(t, s, "registration", "a")
	mustEnqueue(t, s, "staff_audit", "b")
	mustEnqueue(t, s, "staff_audit", "c")
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketKinds) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]KindCounts{"registration": {Queued: 1}, "staff_audit": {Queued: 2}}
	if !reflect.DeepEqual(st.Kinds, want) || st.Waiting("staff_audit") != 2 {
		t.Fatalf("kinds %+v, want %+v", st.Kinds, want)
	}
	assertConsistent(t, s)
}
