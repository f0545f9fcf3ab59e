package outbox

import (
	"errors"
	"testing"
	"time"
)

func TestFailedCountsAttemptsDurablyAndRequeueStartsAgain(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	path := t.TempDir() + "/outbox.db"
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	held := mustEnqueue(t, s, "registration", "held")
	queued := mustEnqueue(t, s, "registration", "queued")
	recs, err := s.Lease(1, time.Minute)
	if err != nil || len(recs) != 1 || recs[0].ID != held.ID {
		t.Fatalf("lease: %v %v, want %s", recs, err, held.ID)
	}
	for range 3 {
		if err := s.Failed("HTTP 500 internal", held.ID, queued.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Failed("x", "no-such-id"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Failed(unknown) = %v, want ErrNotFound", err)
	}
	assertConsistent(t, s)
	s.Close()

	// The count survives a restart; the lease is untouched; a record the sender
	// does not hold (queued) is not counted.
	s, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name         string
		id           string
		wantState    State
		wantAttempts int
		wantErr      string
	}{
		{"when leased and failed 3 times, still leased with 3 attempts", held.ID, InFlight, 3, "HTTP 500 internal"},
		{"when not leased, Failed leaves it alone", queued.ID, Queued, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := s.Get(tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if r.State != tt.wantState || r.Attempts != tt.wantAttempts || r.LastError != tt.wantErr {
				t.Fatalf("got %s, %d attempts, %q; want %s, %d, %q", r.State, r.Attempts, r.LastError, tt.wantState, tt.wantAttempts, tt.wantErr)
			}
		})
	}

	if err := s.MarkRejected(held.ID, "http_500", "HTTP 500 internal"); err != nil {
		t.Fatal(err)
	}
	if err := s.Requeue(held.ID); err != nil {
		t.Fatal(err)
	}
	r, err := s.Get(held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != Queued || r.Attempts != 0 || r.RejectCode != "" || r.LastError == "" {
		t.Fatalf("after requeue: %s, %d attempts, code %q, last error %q; want queued, 0, no code, the reason kept",
			r.State, r.Attempts, r.RejectCode, r.LastError)
	}
	assertConsistent(t, s)
}
