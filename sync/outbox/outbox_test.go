package outbox

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/outbox/ref"
	"github.com/bawaba/bawaba/sync/seal"
)

var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestEnqueueStoresSealedRecord(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	s := MustOpen(t, opts)
	payload := `{"name":"Test Resident","id":"2000000008"}`
	r := mustEnqueue(t, s, "registration", payload)

	if !uuidV7.MatchString(r.ID) {
		t.Errorf("ID %q is not a UUIDv7", r.ID)
	}
	if !ref.Valid(r.Ref) {
		t.Errorf("Ref %q is not valid", r.Ref)
	}
	if r.State != Queued || r.KioskID != "kiosk-test-01" || r.KeyID != "central-test-1" || !r.Created.Equal(t0) || !r.NextAttempt.Equal(t0) {
		t.Errorf("unexpected record %+v", r)
	}
	got, err := s.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	pt, err := seal.Open(k, got.ID, got.Kind, got.Sealed)
	if err != nil || string(pt) != payload {
		t.Fatalf("stored payload opens to %q, %v", pt, err)
	}
	byRef, err := s.ByRef(strings.ToLower(ref.Format(r.Ref)))
	if err != nil || byRef.ID != r.ID || byRef.Meta["service"] != "registration" {
		t.Fatalf("ByRef = %+v, %v", byRef, err)
	}
	assertConsistent(t, s)
}

func TestEnqueueRefusesBadRequests(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	opts.MaxPayload = 100
	s := MustOpen(t, opts)
	bigMeta := map[string]string{}
	for i := range 40 {
		bigMeta[strings.Repeat("k", i+1)] = "v"
	}
	tests := []struct {
		name string
		req  Request
	}{
		{"when the kind is empty, is ErrInvalid", Request{Payload: []byte("x")}},
		{"when the kind has spaces, is ErrInvalid", Request{Kind: "new registration", Payload: []byte("x")}},
		{"when the payload is empty, is ErrInvalid", Request{Kind: "registration"}},
		{"when the payload is over MaxPayload, is ErrInvalid", Request{Kind: "registration", Payload: make([]byte, 101)}},
		{"when meta has too many entries, is ErrInvalid", Request{Kind: "registration", Payload: []byte("x"), Meta: bigMeta}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Enqueue(tt.req); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Enqueue = %v, want ErrInvalid", err)
			}
		})
	}
	if st, _ := s.Stats(); st.Undelivered() != 0 {
		t.Fatalf("refused requests left %d records", st.Undelivered())
	}
}

// toState makes a fresh record and drives it into state.
func toState(t *testing.T, s *Store, state State) Record {
	t.Helper()
	r := mustEnqueue(t, s, "activation", "synthetic activation for Test Resident")
	lease := func() {
		got, err := s.Lease(100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			if g.ID == r.ID {
				return
			}
		}
		t.Fatalf("record %s not leased", r.ID)
	}
	switch state {
	case Queued:
	case InFlight:
		lease()
	case Delivered:
		lease()
		if err := s.MarkDelivered(r.ID); err != nil {
			t.Fatal(err)
		}
	case NeedsAttention:
		lease()
		if err := s.MarkRejected(r.ID, "ID_MISMATCH", "identity number does not match"); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestTransitions(t *testing.T) {
	next := t0.Add(time.Hour)
	ops := map[string]func(s *Store, id string) error{
		"lease": func(s *Store, id string) error {
			got, err := s.Lease(100, time.Minute)
			for _, r := range got {
				if r.ID == id {
					return err
				}
			}
			if err == nil {
				err = ErrState // not leasable
			}
			return err
		},
		"deliver": func(s *Store, id string) error { return s.MarkDelivered(id) },
		"reject": func(s *Store, id string) error {
			return s.MarkRejected(id, "DUPLICATE_MOBILE", "mobile number registered to another account")
		},
		"retry":   func(s *Store, id string) error { return s.Retry(id, next, "dial tcp: connection refused") },
		"requeue": func(s *Store, id string) error { return s.Requeue(id) },
	}
	tests := []struct {
		from    State
		op      string
		want    State // state after the op
		wantErr error
		check   func(t *testing.T, r Record)
	}{
		{Queued, "lease", InFlight, nil, func(t *testing.T, r Record) {
			if !r.LeaseUntil.Equal(t0.Add(time.Minute)) {
				t.Errorf("LeaseUntil = %v", r.LeaseUntil)
			}
		}},
		{Queued, "deliver", Delivered, nil, nil},
		{Queued, "reject", NeedsAttention, nil, nil},
		{Queued, "retry", Queued, nil, func(t *testing.T, r Record) {
			if r.Attempts != 1 || !r.NextAttempt.Equal(next) {
				t.Errorf("Attempts %d NextAttempt %v", r.Attempts, r.NextAttempt)
			}
		}},
		{Queued, "requeue", Queued, ErrState, nil},
		{InFlight, "lease", InFlight, ErrState, nil},
		{InFlight, "deliver", Delivered, nil, func(t *testing.T, r Record) {
			if r.Sealed != nil || !r.LeaseUntil.IsZero() || !r.Updated.Equal(t0) {
				t.Errorf("delivered record kept payload or lease: %+v", r)
			}
		}},
		{InFlight, "reject", NeedsAttention, nil, func(t *testing.T, r Record) {
			if r.RejectCode != "DUPLICATE_MOBILE" || r.Attempts != 1 || r.Sealed == nil {
				t.Errorf("rejected record: %+v", r)
			}
		}},
		{InFlight, "retry", Queued, nil, func(t *testing.T, r Record) {
			if r.Attempts != 1 || !r.NextAttempt.Equal(next) || r.LastError != "dial tcp: connection refused" || !r.LeaseUntil.IsZero() {
				t.Errorf("retried record: %+v", r)
			}
		}},
		{InFlight, "requeue", InFlight, ErrState, nil},
		{NeedsAttention, "lease", NeedsAttention, ErrState, nil},
		{NeedsAttention, "deliver", Delivered, nil, nil},
		{NeedsAttention, "reject", NeedsAttention, ErrState, nil},
		{NeedsAttention, "retry", NeedsAttention, ErrState, nil},
		{NeedsAttention, "requeue", Queued, nil, func(t *testing.T, r Record) {
			if r.RejectCode != "" || !r.NextAttempt.Equal(t0) {
				t.Errorf("requeued record: %+v", r)
			}
		}},
		{Delivered, "lease", Delivered, ErrState, nil},
		{Delivered, "deliver", Delivered, nil, nil},
		{Delivered, "reject", Delivered, ErrState, nil},
		{Delivered, "retry", Delivered, ErrState, nil},
		{Delivered, "requeue", Delivered, ErrState, nil},
	}
	for _, tt := range tests {
		name := "when " + string(tt.from) + " and " + tt.op + ", becomes " + string(tt.want)
		if tt.wantErr != nil {
			name = "when " + string(tt.from) + " and " + tt.op + ", is refused"
		}
		t.Run(name, func(t *testing.T) {
			k := MustGenerateKey(t)
			opts, _ := testOptions(k)
			s := MustOpen(t, opts)
			r := toState(t, s, tt.from)
			err := ops[tt.op](s, r.ID)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("%s = %v, want %v", tt.op, err, tt.wantErr)
			}
			got, err := s.Get(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.State != tt.want {
				t.Fatalf("state = %s, want %s", got.State, tt.want)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
			assertConsistent(t, s)
		})
	}
	t.Run("when the ID is unknown, every operation is ErrNotFound", func(t *testing.T) {
		k := MustGenerateKey(t)
		opts, _ := testOptions(k)
		s := MustOpen(t, opts)
		for name, op := range ops {
			if name == "lease" {
				continue
			}
			if err := op(s, "0190f7a2-0000-7000-8000-000000000000"); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", name, err)
			}
		}
		if _, err := s.Get("nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get = %v", err)
		}
		if _, err := s.ByRef(ref.New()); !errors.Is(err, ErrNotFound) {
			t.Errorf("ByRef = %v", err)
		}
		if _, err := s.ByRef("ABC-DEF"); !errors.Is(err, ref.ErrLength) {
			t.Errorf("ByRef(malformed) = %v", err)
		}
	})
}

func TestReferenceCollisionIsRefused(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	s := MustOpen(t, opts)
	first := mustEnqueue(t, s, "registration", "synthetic")
	// Another ID carrying the same reference, as a one-in-10^13 draw would give.
	clash := newEnqueueReq(Record{ID: s.ids.next(t0.Add(time.Second), ref.Bits(first.Ref)), Ref: first.Ref,
		Kind: "registration", State: Queued, Sealed: []byte("x")})
	if err := s.submit(clash); !errors.Is(err, errRefTaken) {
		t.Fatalf("submit with a taken reference = %v, want errRefTaken", err)
	}
	// The same record again (a retried batch) is not stored twice.
	again := newEnqueueReq(first)
	if err := s.submit(again); err != nil {
		t.Fatalf("resubmitting a stored record = %v", err)
	}
	if st, _ := s.Stats(); st.Queued != 1 {
		t.Fatalf("%d queued, want 1", st.Queued)
	}
	assertConsistent(t, s)
}

func TestLeaseOrderDueAndExpiry(t *testing.T) {
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	s := MustOpen(t, opts)
	var ids []string
	for range 5 {
		ids = append(ids, mustEnqueue(t, s, "registration", "synthetic").ID)
		clock.Advance(time.Second)
	}
	// The oldest failed and is due in 10 minutes; the others are due now.
	if _, err := s.Lease(1, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.Retry(ids[0], clock.Now().Add(10*time.Minute), "timeout"); err != nil {
		t.Fatal(err)
	}
	got := leaseIDs(t, s, 2, time.Minute)
	if want := ids[1:3]; !equal(got, want) {
		t.Fatalf("first lease = %v, want oldest due %v", got, want)
	}
	if got := leaseIDs(t, s, 10, time.Minute); !equal(got, ids[3:]) {
		t.Fatalf("second lease = %v, want %v", got, ids[3:])
	}
	if got := leaseIDs(t, s, 10, time.Minute); len(got) != 0 {
		t.Fatalf("lease with nothing due = %v", got)
	}
	// After the leases run out (the sender crashed), they come back, oldest first.
	clock.Advance(2 * time.Minute)
	if got := leaseIDs(t, s, 10, time.Minute); !equal(got, ids[1:]) {
		t.Fatalf("lease after expiry = %v, want %v", got, ids[1:])
	}
	clock.Advance(10 * time.Minute)
	if got := leaseIDs(t, s, 10, time.Minute); !equal(got, ids) {
		t.Fatalf("lease once the retry is due = %v, want all, oldest first %v", got, ids)
	}
	if _, err := s.Lease(1, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Lease with zero duration = %v", err)
	}
	assertConsistent(t, s)
}

func leaseIDs(t *testing.T, s *Store, max int, d time.Duration) []string {
	t.Helper()
	recs, err := s.Lease(max, d)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		if r.State != InFlight || r.Sealed == nil {
			t.Fatalf("leased record %+v", r)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

func equal(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

func TestCapacityBound(t *testing.T) {
	k := MustGenerateKey(t)
	tests := []struct {
		name string
		set  func(*Options)
	}{
		{"when MaxRecords is reached, refuses with ErrFull", func(o *Options) { o.MaxRecords = 3 }},
		{"when MaxBytes is reached, refuses with ErrFull", func(o *Options) { o.MaxBytes = int64(3 * (seal.Overhead + len("synthetic"))) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, _ := testOptions(k)
			tt.set(&opts)
			s := MustOpen(t, opts)
			var ids []string
			for range 3 {
				ids = append(ids, mustEnqueue(t, s, "registration", "synthetic").ID)
			}
			_, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("synthetic")})
			var fe *FreezeError
			if !errors.Is(err, ErrFull) || !errors.As(err, &fe) || fe.Reason != FreezeQueueFull {
				t.Fatalf("Enqueue when full = %v, want FreezeError queue_full", err)
			}
			if err := s.Frozen(); !errors.Is(err, ErrFull) {
				t.Fatalf("Frozen when full = %v", err)
			}
			if st, _ := s.Stats(); st.Queued != 3 {
				t.Fatalf("after refusal %d queued, want 3 (nothing dropped)", st.Queued)
			}
			if err := s.MarkDelivered(ids[0]); err != nil {
				t.Fatal(err)
			}
			mustEnqueue(t, s, "registration", "synthetic")
			assertConsistent(t, s)
		})
	}
}

func TestFrozen(t *testing.T) {
	k := MustGenerateKey(t)
	tests := []struct {
		name   string
		set    func(*Options, *fakeClock, *Store)
		reason FreezeReason // "" means not frozen
		sent   error
	}{
		{"when healthy, is nil", func(*Options, *fakeClock, *Store) {}, "", nil},
		{"when there is no key source, is no_key", func(o *Options, _ *fakeClock, _ *Store) { o.Key = nil }, FreezeNoKey, ErrNoKey},
		{"when the key source fails, is no_key", func(o *Options, _ *fakeClock, _ *Store) {
			o.Key = func() (seal.PublicKey, error) { return seal.PublicKey{}, errors.New("not enrolled") }
		}, FreezeNoKey, ErrNoKey},
		{"when the key has expired, is key_expired", func(_ *Options, c *fakeClock, _ *Store) { c.Advance(400 * 24 * time.Hour) }, FreezeKeyExpired, ErrKeyExpired},
		{"when the oldest undelivered is older than MaxAge, is too_old", func(_ *Options, c *fakeClock, s *Store) {
			mustEnqueue(t, s, "registration", "synthetic")
			c.Advance(15 * 24 * time.Hour)
		}, FreezeTooOld, ErrTooOld},
		{"when the old one needs attention, is still too_old", func(_ *Options, c *fakeClock, s *Store) {
			r := mustEnqueue(t, s, "registration", "synthetic")
			if err := s.MarkRejected(r.ID, "BAD", "rejected"); err != nil {
				t.Fatal(err)
			}
			c.Advance(15 * 24 * time.Hour)
		}, FreezeTooOld, ErrTooOld},
		{"when the old one was delivered, is nil", func(_ *Options, c *fakeClock, s *Store) {
			r := mustEnqueue(t, s, "registration", "synthetic")
			if err := s.MarkDelivered(r.ID); err != nil {
				t.Fatal(err)
			}
			c.Advance(15 * 24 * time.Hour)
		}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, clock := testOptions(k)
			s := MustOpen(t, opts)
			tt.set(&s.opts, clock, s)
			err := s.Frozen()
			if tt.reason == "" {
				if err != nil {
					t.Fatalf("Frozen = %v, want nil", err)
				}
				return
			}
			var fe *FreezeError
			if !errors.As(err, &fe) || fe.Reason != tt.reason || !errors.Is(err, tt.sent) {
				t.Fatalf("Frozen = %v, want reason %s", err, tt.reason)
			}
			if tt.reason == FreezeTooOld {
				return // age does not stop Enqueue; see the package Caveats
			}
			if _, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("x")}); !errors.Is(err, tt.sent) {
				t.Fatalf("Enqueue when frozen = %v, want %v", err, tt.sent)
			}
		})
	}
}

func TestPurge(t *testing.T) {
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	opts.Retention = 24 * time.Hour
	s := MustOpen(t, opts)
	old := mustEnqueue(t, s, "registration", "synthetic")
	undelivered := mustEnqueue(t, s, "registration", "synthetic")
	if err := s.MarkDelivered(old.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(23 * time.Hour)
	recent := mustEnqueue(t, s, "registration", "synthetic")
	if err := s.MarkDelivered(recent.ID); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	if n, err := s.Purge(); err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v; want 1", n, err)
	}
	if _, err := s.ByRef(old.Ref); !errors.Is(err, ErrNotFound) {
		t.Fatalf("purged record by ref: %v", err)
	}
	for _, id := range []string{undelivered.ID, recent.ID} {
		if _, err := s.Get(id); err != nil {
			t.Fatalf("Purge removed %s: %v", id, err)
		}
	}
	if err := s.MarkDelivered(old.ID, undelivered.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("ack of a purged record = %v, want ErrNotFound", err)
	}
	if r, _ := s.Get(undelivered.ID); r.State != Delivered {
		t.Fatalf("the known ID in the same ack was not delivered: %s", r.State)
	}
	assertConsistent(t, s)
}

func TestListAndStats(t *testing.T) {
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	s := MustOpen(t, opts)
	a := toState(t, s, NeedsAttention)
	clock.Advance(time.Minute)
	toState(t, s, Delivered)
	q1 := mustEnqueue(t, s, "registration", "synthetic")
	q2 := mustEnqueue(t, s, "address_update", "synthetic")
	list, err := s.List(Queued, 0)
	if err != nil || len(list) != 2 || list[0].ID != q1.ID || list[1].ID != q2.ID || list[0].Sealed != nil {
		t.Fatalf("List(queued) = %+v, %v", list, err)
	}
	if list, _ := s.List(Queued, 1); len(list) != 1 {
		t.Fatalf("List(queued, 1) returned %d", len(list))
	}
	clock.Advance(time.Hour)
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Queued != 2 || st.NeedsAttention != 1 || st.Delivered != 1 || st.InFlight != 0 || !st.Oldest.Equal(a.Created) ||
		st.OldestAge != time.Hour+time.Minute || st.Bytes <= 0 || st.FileBytes <= 0 {
		t.Fatalf("Stats = %+v", st)
	}
	if _, err := s.List("lost", 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("List(bad state) = %v", err)
	}
}

func TestConcurrentEnqueue(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	opts.Now = time.Now
	s := MustOpen(t, opts)
	const callers, each = 16, 10
	errs := make(chan error, callers)
	recs := make(chan Record, callers*each)
	for range callers {
		go func() {
			for range each {
				r, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("synthetic")})
				if err != nil {
					errs <- err
					return
				}
				recs <- r
			}
			errs <- nil
		}()
	}
	for range callers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(recs)
	ids, refs := map[string]bool{}, map[string]bool{}
	for r := range recs {
		if ids[r.ID] || refs[r.Ref] {
			t.Fatalf("duplicate ID or ref %s %s", r.ID, r.Ref)
		}
		ids[r.ID], refs[r.Ref] = true, true
	}
	if st, _ := s.Stats(); st.Queued != callers*each {
		t.Fatalf("%d queued, want %d", st.Queued, callers*each)
	}
	assertConsistent(t, s)
}

func TestClose(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	path := t.TempDir() + "/outbox.db"
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	r := mustEnqueue(t, s, "registration", "synthetic")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("x")}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Enqueue after Close = %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	s2, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if _, err := s2.Get(r.ID); err != nil {
		t.Fatalf("record lost across reopen: %v", err)
	}
	if _, err := Open(path, Options{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Open without KioskID = %v", err)
	}
}

func TestIDsAreOrderedUUIDv7(t *testing.T) {
	var g idGen
	prev := ""
	for i := range 10000 {
		now := t0.Add(time.Duration(i/5000) * time.Millisecond) // 5000 IDs in one millisecond
		if i == 7000 {
			now = t0 // the clock goes back
		}
		rf := ref.New()
		id := g.next(now, ref.Bits(rf))
		if !uuidV7.MatchString(id) {
			t.Fatalf("%q is not a UUIDv7", id)
		}
		if got, ok := refOfID(id); !ok || got != rf {
			t.Fatalf("ID %q carries ref %q, want %q", id, got, rf)
		}
		if id <= prev {
			t.Fatalf("ID %d %q not after %q", i, id, prev)
		}
		prev = id
	}
}

func TestClip(t *testing.T) {
	if got := clip("ابc", 3); got != "ا" {
		t.Fatalf("clip cut inside a rune: %q", got)
	}
	if got := clip("abc", 5); got != "abc" {
		t.Fatalf("clip = %q", got)
	}
}

func FuzzDecodeRecord(f *testing.F) {
	var g idGen
	rf := ref.New()
	r := Record{ID: g.next(t0, ref.Bits(rf)), Ref: rf, Kind: "registration", State: Queued, Meta: map[string]string{"a": "b"}, Sealed: []byte{1, 2}}
	b, err := encodeRecord(&r)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(r.Ref), b)
	f.Add([]byte("x"), []byte(`{"v":1,"id":"x","state":"lost"}`))
	f.Add([]byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, id, b []byte) {
		r, err := decodeRecord(id, b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v is not ErrCorrupt", err)
			}
			return
		}
		if r.Ref != string(id) || !idCarries(r.ID, r.Ref) || !r.State.valid() {
			t.Fatalf("decoded an inconsistent record %+v", r)
		}
	})
}
