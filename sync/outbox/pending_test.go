package outbox

import (
	"reflect"
	"testing"
	"time"
)

// Pending hands an offline transfer what is still owed — queued and in flight, with
// payloads, oldest first — and changes nothing.
func TestPending(t *testing.T) {
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	s := MustOpen(t, opts)
	var recs []Record
	for range 5 {
		recs = append(recs, mustEnqueue(t, s, "registration", "payload"))
		clock.Advance(time.Second)
	}
	// recs[0] in flight, recs[1] delivered, recs[2] parked, recs[3] due later.
	if got, err := s.Lease(1, time.Minute); err != nil || len(got) != 1 || got[0].ID != recs[0].ID {
		t.Fatalf("lease: %v %v", got, err)
	}
	if err := s.MarkDelivered(recs[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRejected(recs[2].ID, "open_failed", "no"); err != nil {
		t.Fatal(err)
	}
	if err := s.Retry(recs[3].ID, clock.Now().Add(time.Hour), "down"); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Stats()

	got, err := s.Pending(0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{recs[0].ID, recs[3].ID, recs[4].ID}
	if len(got) != len(want) {
		t.Fatalf("pending %d records, want %d", len(got), len(want))
	}
	for i, r := range got {
		if r.ID != want[i] || len(r.Sealed) == 0 {
			t.Fatalf("pending[%d] = %s (%d sealed bytes), want %s with its payload", i, r.ID, len(r.Sealed), want[i])
		}
	}
	if got, _ := s.Pending(2); len(got) != 2 || got[1].ID != recs[3].ID {
		t.Fatalf("pending(2): %d records", len(got))
	}
	if after, _ := s.Stats(); !reflect.DeepEqual(after, before) {
		t.Fatalf("Pending changed the outbox: %+v → %+v", before, after)
	}
	if r, _ := s.Get(recs[0].ID); r.State != InFlight {
		t.Fatalf("the leased record is %s, want still in_flight", r.State)
	}
	assertConsistent(t, s)
}
