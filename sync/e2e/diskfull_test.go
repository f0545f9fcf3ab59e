package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// mountTmpfs mounts a tmpfs of size (e.g. "4m") for the test, or skips it where
// mounting needs privileges the test does not have.
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

// fillDisk writes a file in dir until the filesystem has no byte left, as a
// runaway log would, and returns how much it wrote.
func fillDisk(t *testing.T, dir string) int64 {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var n int64
	for _, chunk := range []int{64 << 10, 4 << 10, 1} {
		buf := make([]byte, chunk)
		for {
			w, err := f.Write(buf)
			n += int64(w)
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return n
}

func freeBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	return int64(st.Bavail) * st.Bsize
}

// TestFullDiskStillDelivers fills a small real filesystem: the outbox refuses new
// requests with the freeze the flows already explain while room is left, then
// another program takes the last byte, and every queued request is still
// delivered exactly once to the central service — leasing, marking and purging
// are writes too. Purging gives the outbox room inside its file again, and it
// takes and delivers new requests though the disk is still full.
func TestFullDiskStillDelivers(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	c := mustCentral(t)
	k := mustEnroll(t, c)
	const minFree, reserve = 1 << 20, 512 << 10
	st, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{KioskID: k.kioskID,
		Key:        func() (seal.PublicKey, error) { return k.key, nil },
		MaxRecords: 1 << 30, MaxBytes: 1 << 40, MaxAge: -1, Retention: time.Nanosecond,
		MinFreeBytes: minFree, ReserveBytes: reserve})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	isDiskFull := func(err error) bool {
		var fe *outbox.FreezeError
		return errors.As(err, &fe) && fe.Reason == outbox.FreezeQueueFull && errors.Is(err, outbox.ErrDiskFull)
	}
	want := map[string]bool{}
	for i := 0; ; i++ {
		r, err := st.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload(i, 2048)})
		if err != nil {
			if !isDiskFull(err) {
				t.Fatalf("after %d requests: Enqueue = %v, want the queue-full freeze for a full disk", len(want), err)
			}
			break
		}
		want[r.ID] = true
		if len(want) > 10_000 {
			t.Fatal("the disk never filled")
		}
	}
	if err := st.Frozen(); !isDiskFull(err) {
		t.Fatalf("Frozen = %v, want the queue-full freeze for a full disk", err)
	}
	atFreeze := freeBytes(t, dir)
	filled := fillDisk(t, dir)
	if free := freeBytes(t, dir); free != 0 {
		t.Fatalf("%d bytes still free after filling", free)
	}
	stats, _ := st.Stats()
	t.Logf("%d requests of 2 KiB queued (%d sealed bytes, file %d bytes); refused with %d bytes free; then %d bytes of filler took the rest",
		len(want), stats.Bytes, stats.FileBytes, atFreeze, filled)

	cl, err := client.Open(c.URL, k.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	e := engine.New(st, cl, engine.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, "all delivered on a full disk", time.Minute, func() (bool, string) {
		s, _ := st.Stats()
		return s.Delivered == len(want), fmt.Sprintf("%s; engine %+v", describe(st), e.Status())
	})
	checkExactlyOnce(t, c, st, want)
	if s := e.Status(); s.LastError != "" {
		t.Errorf("engine reports %q", s.LastError)
	}

	n, err := st.Purge()
	if err != nil || n != len(want) {
		t.Fatalf("Purge on a full disk = %d, %v; want %d", n, err, len(want))
	}
	if err := st.Frozen(); err != nil {
		t.Fatalf("after delivery and purge, Frozen = %v", err)
	}
	r, err := st.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: payload(len(want), 2048)})
	if err != nil {
		t.Fatalf("after purge, Enqueue on the still-full disk = %v", err)
	}
	e.Kick()
	waitFor(t, "the new request delivered", time.Minute, func() (bool, string) {
		got, err := st.Get(r.ID)
		return err == nil && got.State == outbox.Delivered, describe(st)
	})
	t.Logf("delivered and purged %d on a disk with 0 bytes free; a new request was then taken and delivered", n)
}
