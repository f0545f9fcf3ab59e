//go:build linux

package outbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// mountTmpfs mounts a tmpfs of size for the test, or skips it without the
// privilege to mount.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fillDisk writes a file in dir until the filesystem has no byte left.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, chunk := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, chunk)
		for {
			if _, err := f.Write(buf); err != nil {
				if errors.Is(err, syscall.ENOSPC) {
					break
				}
				t.Fatal(err)
			}
		}
	}
}

// TestFullDiskLeaseMarkPurge fills a real small filesystem: new requests are
// refused with the queue-full freeze while room is left for delivery; then another
// program takes the last byte, and every record can still be leased in the
// sender's batches of 64, marked delivered and purged; after the purge the outbox
// takes new requests again though the disk is still full.
func TestFullDiskLeaseMarkPurge(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	k := MustGenerateKey(t)
	opts, clock := testOptions(k)
	opts.MinFreeBytes, opts.ReserveBytes, opts.MaxAge = 1<<20, 512<<10, -1
	path := filepath.Join(dir, "outbox.db")
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	payload := strings.Repeat("synthetic address update ", 80)
	n := 0
	for {
		if _, err := s.Enqueue(Request{Kind: "address_update", Payload: []byte(payload)}); err != nil {
			if !errors.Is(err, ErrDiskFull) || !errors.Is(err, ErrFull) {
				t.Fatalf("after %d: %v", n, err)
			}
			break
		}
		n++
	}
	report := func(when string) {
		fi, _ := os.Stat(path)
		var end int64
		s.db.View(func(tx *bolt.Tx) error { end = tx.Size(); return nil })
		free, _ := diskFree(dir)
		t.Logf("%s: file size %d, allocated %d, data end %d; free: %d on disk, %d in the file",
			when, fi.Size(), fi.Sys().(*syscall.Stat_t).Blocks*512, end, free, s.db.Stats().FreeAlloc)
	}
	report(fmt.Sprintf("%d requests of %d bytes, then refused", n, len(payload)))
	if err := s.Frozen(); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Frozen = %v, want ErrDiskFull", err)
	}
	fillDisk(t, dir)
	report("filled")
	delivered := 0
	for {
		recs, err := s.Lease(64, time.Minute)
		if err != nil {
			report("lease failed")
			t.Fatalf("Lease after %d delivered: %v", delivered, err)
		}
		if len(recs) == 0 {
			break
		}
		for _, r := range recs {
			if err := s.MarkDelivered(r.ID); err != nil {
				report("mark failed")
				t.Fatalf("MarkDelivered after %d: %v", delivered, err)
			}
			delivered++
		}
	}
	if delivered != n {
		t.Fatalf("%d delivered, want %d", delivered, n)
	}
	clock.Advance(31 * 24 * time.Hour)
	if p, err := s.Purge(); err != nil || p != n {
		t.Fatalf("Purge = %d, %v; want %d", p, err, n)
	}
	report("purged")
	if err := s.Frozen(); err != nil {
		t.Fatalf("Frozen after purge: %v", err)
	}
	if _, err := s.Enqueue(Request{Kind: "address_update", Payload: []byte(payload)}); err != nil {
		t.Fatalf("Enqueue after purge, the disk still full: %v", err)
	}
	assertConsistent(t, s)
}

func TestHeadroomRefusesBeforeTheDiskIsFull(t *testing.T) {
	k := MustGenerateKey(t)
	tests := []struct {
		name    string
		minFree int64
		refused bool
	}{
		{"when less than MinFreeBytes is left, new requests are refused with the queue-full freeze", 1 << 62, true},
		{"when MinFreeBytes is negative, there is no check", -1, false},
		{"when the disk has room, new requests are taken", 1 << 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, _ := testOptions(k)
			opts.MinFreeBytes = tt.minFree
			s := MustOpen(t, opts)
			_, err := s.Enqueue(Request{Kind: "registration", Payload: []byte("synthetic")})
			frozen := s.Frozen()
			if !tt.refused {
				if err != nil || frozen != nil {
					t.Fatalf("Enqueue = %v, Frozen = %v; want both nil", err, frozen)
				}
				return
			}
			for _, err := range []error{err, frozen} {
				var fe *FreezeError
				if !errors.As(err, &fe) || fe.Reason != FreezeQueueFull || !errors.Is(err, ErrDiskFull) || !errors.Is(err, ErrFull) {
					t.Fatalf("got %v, want the queue-full freeze wrapping ErrDiskFull", err)
				}
			}
			if st, _ := s.Stats(); st.Queued != 0 {
				t.Fatalf("%d stored after a refusal", st.Queued)
			}
		})
	}
}

// TestReserveIsAllocatedPastTheData checks that disk blocks are held for delivery
// past the end of the outbox's data, and follow it as requests are added.
func TestReserveIsAllocatedPastTheData(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	opts.ReserveBytes = 256 << 10
	path := filepath.Join(t.TempDir(), "outbox.db")
	probe := path + ".probe"
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := preallocate(probe, 0, 4096); err != nil {
		t.Skipf("fallocate not supported here: %v", err)
	}
	s, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check := func(when string) {
		t.Helper()
		var end int64
		s.db.View(func(tx *bolt.Tx) error { end = tx.Size(); return nil })
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Sys().(*syscall.Stat_t).Blocks * 512; got < end+opts.ReserveBytes {
			t.Fatalf("%s: %d bytes allocated, want at least the data's %d and the reserve's %d", when, got, end, opts.ReserveBytes)
		}
	}
	check("after Open")
	for i := range 300 {
		mustEnqueue(t, s, "registration", strings.Repeat(fmt.Sprint(i), 700))
	}
	check("after 300 requests")
}
