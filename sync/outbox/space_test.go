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
