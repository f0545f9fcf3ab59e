package transfer_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/transfer"
)

// mountTmpfs mounts a small tmpfs as a stand-in stick (flags: syscall.MS_RDONLY for
// a locked one), or skips the test where the process may not mount (not root).
func mountTmpfs(t *testing.T, flags uintptr, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", flags, "size="+size); err != nil {
		t.Skipf("cannot mount a tmpfs stick here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	return dir
}

// What goes wrong with the stick is said plainly, leaves no file that looks like a
// bundle, and changes nothing in the outbox.
func TestExportStickFaults(t *testing.T) {
	tests := []struct {
		name  string
		stick func(t *testing.T) string
		want  error
	}{
		{"a full stick", func(t *testing.T) string { return mountTmpfs(t, 0, "16k") }, transfer.ErrStickFull},
		{"a read-only stick", func(t *testing.T) string { return mountTmpfs(t, syscall.MS_RDONLY, "1m") }, transfer.ErrStickReadOnly},
		{"no stick at that path", func(t *testing.T) string { return filepath.Join(t.TempDir(), "media", "gone") }, transfer.ErrStickGone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.t = t
			k.enqueue(k.kiosk, 20)
			stick := tc.stick(t)
			before := counts(t, k.kiosk)
			_, err := transfer.Export(k.kiosk.box, k.kiosk.id, stick, transfer.ExportOptions{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("export: %v, want %v", err, tc.want)
			}
			if files, _ := transfer.Files(stick, transfer.BundleExt); len(files) != 0 {
				t.Fatalf("left a bundle: %v", files)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(stick, transfer.Dir, ".*")); len(leftovers) != 0 {
				t.Fatalf("left temporary files: %v", leftovers)
			}
			if after := counts(t, k.kiosk); after != before {
				t.Fatalf("outbox changed: %v → %v", before, after)
			}
		})
	}
}

// A stick pulled out mid-write: the write fails part way. No file with a bundle's
// name is there; a partial file, if the stick kept one, is never listed.
func TestWritePulledMidWrite(t *testing.T) {
	dir := t.TempDir()
	err := transfer.WriteFile(dir, "k-1.bundle", func(w io.Writer) error {
		w.Write([]byte(transfer.BundleMagic + "\n{\"id\":"))
		return &os.PathError{Op: "write", Path: "stick", Err: syscall.EIO}
	})
	if !errors.Is(err, transfer.ErrStickGone) {
		t.Fatalf("err %v, want ErrStickGone", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "k-1.bundle")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("final name exists: %v", err)
	}
	// A partial file the kernel kept after the stick went away is not a bundle.
	os.WriteFile(filepath.Join(dir, ".k-2.bundle.123.partial"), []byte(transfer.BundleMagic+"\n{"), 0o644)
	if files, _ := transfer.Files(filepath.Dir(dir), transfer.BundleExt); len(files) != 0 {
		t.Fatalf("listed: %v", files)
	}
}

// Someone else's files on the stick stay as they were; a file with the bundle's
// name is never replaced.
func TestExportLeavesOthersFiles(t *testing.T) {
	k := newKit(t)
	k.enqueue(k.kiosk, 2)
	others := map[string]string{
		"photo.jpg":                 "\xff\xd8 not ours",
		"bawaba/notes.txt":          "a technician's notes",
		"bawaba/someone.bundle.txt": "not a bundle",
	}
	for name, body := range others {
		os.MkdirAll(filepath.Dir(filepath.Join(k.stick, name)), 0o755)
		os.WriteFile(filepath.Join(k.stick, name), []byte(body), 0o644)
	}
	fixed := func() func() time.Time {
		return func() time.Time { return time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC) }
	}()
	ex, err := transfer.Export(k.kiosk.box, k.kiosk.id, k.stick, transfer.ExportOptions{Now: fixed})
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range others {
		if got := readFile(t, filepath.Join(k.stick, name)); string(got) != body {
			t.Fatalf("%s changed", name)
		}
	}
	first := readFile(t, ex.Path)
	// The same second again: the name is taken, and the first bundle stays.
	if _, err := transfer.Export(k.kiosk.box, k.kiosk.id, k.stick, transfer.ExportOptions{Now: fixed}); !errors.Is(err, transfer.ErrExists) {
		t.Fatalf("second export at the same time: %v, want ErrExists", err)
	}
	if got := readFile(t, ex.Path); string(got) != string(first) {
		t.Fatal("the first bundle was replaced")
	}
}

func TestExportNothing(t *testing.T) {
	k := newKit(t)
	if _, err := transfer.Export(k.kiosk.box, k.kiosk.id, k.stick, transfer.ExportOptions{}); !errors.Is(err, transfer.ErrNothing) {
		t.Fatalf("export of an empty outbox: %v, want ErrNothing", err)
	}
	if files, _ := transfer.Files(k.stick, transfer.BundleExt); len(files) != 0 {
		t.Fatalf("wrote %v", files)
	}
}

func TestParseMounts(t *testing.T) {
	mounts := strings.Join([]string{
		"/dev/sda2 / ext4 rw,relatime 0 0",
		"proc /proc proc rw,nosuid 0 0",
		"/dev/sdb1 /media/bawaba/KIOSK\\040STICK vfat rw,nosuid,nodev,uid=1000 0 0",
		"/dev/sdc1 /run/media/tech/USB exfat ro,nosuid 0 0",
		"/dev/sdd1 /mnt/usb vfat rw 0 0",
		"tmpfs /mnt tmpfs rw 0 0",
		"/dev/sde1 /media2/x vfat rw 0 0",
		"garbage",
	}, "\n")
	got := transfer.ParseMounts([]byte(mounts), transfer.MountRoots)
	want := []transfer.Mount{
		{Path: "/media/bawaba/KIOSK STICK", Device: "/dev/sdb1", FSType: "vfat"},
		{Path: "/mnt/usb", Device: "/dev/sdd1", FSType: "vfat"},
		{Path: "/run/media/tech/USB", Device: "/dev/sdc1", FSType: "exfat", ReadOnly: true},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
}
