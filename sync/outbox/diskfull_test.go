package outbox

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	berrors "go.etcd.io/bbolt/errors"

	"github.com/bawaba/bawaba/sync/seal"
)

// TestDiskFull fills the storage until a commit fails, then checks that the failure
// was clean: a typed error, every earlier record intact, the file consistent, and
// Enqueue working again once there is room.
func TestDiskFull(t *testing.T) {
	k := MustGenerateKey(t)
	tests := []struct {
		name  string
		cause error
		// setup returns the outbox path, Options changes, and a function that makes room.
		setup func(t *testing.T, o *Options) (path string, makeRoom func())
	}{
		{
			name:  "when a real tmpfs runs out of space",
			cause: syscall.ENOSPC,
			setup: func(t *testing.T, o *Options) (string, func()) {
				dir := filepath.Join(t.TempDir(), "tmpfs")
				if err := os.Mkdir(dir, 0o700); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
					t.Skipf("cannot mount a tmpfs here (%v); the MaxFileBytes case covers the same path", err)
				}
				t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
				filler := filepath.Join(dir, "filler")
				if err := os.WriteFile(filler, make([]byte, 256<<10), 0o600); err != nil {
					t.Fatal(err)
				}
				return filepath.Join(dir, "outbox.db"), func() { os.Remove(filler) }
			},
		},
		{
			name:  "when the file reaches MaxFileBytes",
			cause: berrors.ErrMaxSizeReached,
			setup: func(t *testing.T, o *Options) (string, func()) {
				o.MaxFileBytes = 512 << 10
				return filepath.Join(t.TempDir(), "outbox.db"), nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+", enqueue fails cleanly", func(t *testing.T) {
			opts, _ := testOptions(k)
			// No headroom check and no reserve: this is the commit itself failing
			// when the storage runs out anyway (another program filled the disk).
			opts.MinFreeBytes, opts.ReserveBytes = -1, -1
			path, makeRoom := tt.setup(t, &opts)
			s, err := Open(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			payload := []byte(strings.Repeat("synthetic registration ", 90)) // ~2 KB
			var stored []Record
			for {
				r, err := s.Enqueue(Request{Kind: "registration", Payload: payload})
				if err != nil {
					if !errors.Is(err, ErrStorage) || !errors.Is(err, tt.cause) {
						t.Fatalf("Enqueue on full storage = %v, want ErrStorage and %v", err, tt.cause)
					}
					break
				}
				stored = append(stored, r)
				if len(stored) > 5000 {
					t.Fatal("storage never filled up")
				}
			}
			if len(stored) == 0 {
				t.Fatal("nothing fitted")
			}
			// Another try may fail the same way or fit in pages bbolt freed meanwhile;
			// either is clean.
			if r, err := s.Enqueue(Request{Kind: "registration", Payload: payload}); err == nil {
				stored = append(stored, r)
			} else if !errors.Is(err, ErrStorage) {
				t.Fatalf("second Enqueue on full storage = %v", err)
			}
			if st, err := s.Stats(); err != nil || st.Queued != len(stored) {
				t.Fatalf("Stats after failure = %+v, %v; want %d queued", st, err, len(stored))
			}
			assertConsistent(t, s)

			if makeRoom != nil {
				makeRoom()
				stored = append(stored, mustEnqueue(t, s, "registration", string(payload)))
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			opts.MaxFileBytes = 0
			s2, err := Open(path, opts)
			if err != nil {
				t.Fatalf("reopen after disk full: %v", err)
			}
			defer s2.Close()
			assertConsistent(t, s2)
			for _, r := range stored {
				got, err := s2.Get(r.ID)
				if err != nil {
					t.Fatalf("record %s lost: %v", r.ID, err)
				}
				if pt, err := seal.Open(k, got.ID, got.Kind, got.Sealed); err != nil || string(pt) != string(payload) {
					t.Fatalf("record %s damaged: %v", r.ID, err)
				}
			}
			if st, _ := s2.Stats(); st.Queued != len(stored) {
				t.Fatalf("%d queued after reopen, want %d", st.Queued, len(stored))
			}
		})
	}
}
