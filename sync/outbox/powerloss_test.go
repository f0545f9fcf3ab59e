//go:build linux

package outbox

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/bawaba/bawaba/sync/seal"
)

const powerRounds = 12

// ext4Shutdown is EXT4_IOC_SHUTDOWN (_IOR('X', 125, __u32)); with
// ext4GoingNoLogFlush the filesystem stops at once, flushing neither its journal
// nor its dirty pages: from then on it writes nothing, and what is not on the
// device is lost, as at a power cut (xfstests' "godown" does the same).
const (
	ext4Shutdown        = 0x8004587D
	ext4GoingNoLogFlush = 0x2
)

// ext4Image is a small ext4 filesystem in a file, mounted on a loop device.
type ext4Image struct {
	t        *testing.T
	img, mnt string
}

// newExt4Image makes the image, or skips the test where this machine cannot
// (no mkfs.ext4, no loop devices, not root).
func newExt4Image(t *testing.T) *ext4Image {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a loop device needs root")
	}
	dir := t.TempDir()
	e := &ext4Image{t: t, img: filepath.Join(dir, "disk.img"), mnt: filepath.Join(dir, "mnt")}
	if err := os.Mkdir(e.mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(e.img, 64<<20); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", e.img).CombinedOutput(); err != nil {
		t.Skipf("mkfs.ext4: %v %s", err, out)
	}
	if out, err := exec.Command("mount", "-o", "loop", e.img, e.mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot loop-mount an ext4 image here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", e.mnt).Run() })
	return e
}

func (e *ext4Image) mount() {
	e.t.Helper()
	if out, err := exec.Command("mount", "-o", "loop", e.img, e.mnt).CombinedOutput(); err != nil {
		e.t.Fatalf("mount: %v %s", err, out)
	}
}

func (e *ext4Image) unmount() {
	e.t.Helper()
	if out, err := exec.Command("umount", e.mnt).CombinedOutput(); err != nil {
		e.t.Fatalf("umount: %v %s", err, out)
	}
}

// cut stops the filesystem as a power cut would: nothing more reaches the image.
func (e *ext4Image) cut() {
	e.t.Helper()
	d, err := os.Open(e.mnt)
	if err != nil {
		e.t.Fatal(err)
	}
	defer d.Close()
	flags := uint32(ext4GoingNoLogFlush)
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, d.Fd(), ext4Shutdown, uintptr(unsafe.Pointer(&flags))); errno != 0 {
		e.t.Skipf("ext4 shutdown ioctl not available: %v", errno)
	}
}

// TestPowerLossKeepsAcknowledged cuts the power under a child process that is
// enqueueing (internal/killchild, the kill test's child), powerRounds times, on
// an ext4 image: the filesystem is shut down without flushing (writes not yet
// fsync'd never reach the image, unlike a SIGKILL, which keeps the page cache),
// then unmounted and mounted again, replaying its journal. Every request whose
// Enqueue returned must be there with its exact payload, none twice, and the
// outbox must open cleanly every time.
func TestPowerLossKeepsAcknowledged(t *testing.T) {
	disk := newExt4Image(t)
	bin := buildKillChild(t)
	k := MustGenerateKey(t)
	pub, _ := json.Marshal(k.Public())
	if err := os.WriteFile(filepath.Join(disk.mnt, "key.json"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	syscall.Sync() // the key is set-up, not under test
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))

	reported := map[string]killTuple{}
	afterCut := 0 // acknowledgements read after the cut (written before it)
	for round := range powerRounds {
		if round > 0 {
			disk.mount()
		}
		cmd := exec.Command(bin, disk.mnt, strconv.Itoa(round))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 4096)
		go func() {
			defer close(lines)
			r := bufio.NewReader(out)
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				lines <- l
			}
		}()
		record := func(l string) {
			var id string
			tup := killTuple{Round: round}
			if _, err := fmt.Sscanf(l, "%s %d %d\n", &id, &tup.Worker, &tup.Seq); err != nil {
				t.Fatalf("round %d: bad line %q", round, l)
			}
			if _, dup := reported[id]; dup {
				t.Fatalf("round %d: ID %s reported twice", round, id)
			}
			reported[id] = tup
		}
		cutAfter := 1 + rng.IntN(60)
		hung := time.After(60 * time.Second)
		for n := 0; n < cutAfter; n++ {
			select {
			case l, ok := <-lines:
				if !ok {
					cmd.Wait()
					t.Fatalf("round %d: child stopped before the cut (%v): %s", round, cmd.ProcessState, stderr.String())
				}
				record(l)
			case <-hung:
				cmd.Process.Kill()
				t.Fatalf("round %d: child hung; stderr: %s", round, stderr.String())
			}
		}
		// A random fraction of a commit later, the power goes.
		time.Sleep(time.Duration(rng.Int64N(int64(3 * time.Millisecond))))
		disk.cut()
		cmd.Process.Signal(syscall.SIGKILL)
		// Lines still in the pipe were written before the cut (a commit after it
		// cannot complete: its writes and fsync fail): they count like the others.
		for l := range lines {
			record(l)
			afterCut++
		}
		cmd.Wait()
		disk.unmount()
	}
	t.Logf("%d power cuts, %d enqueues acknowledged (%d of them read after the cut)", powerRounds, len(reported), afterCut)

	disk.mount()
	defer disk.unmount()
	s, err := Open(filepath.Join(disk.mnt, "outbox.db"), killOptions(k.Public()))
	if err != nil {
		t.Fatalf("open after %d power cuts: %v", powerRounds, err)
	}
	defer s.Close()
	assertConsistent(t, s)
	stored := map[killTuple]string{}
	for _, state := range []State{Queued, InFlight} {
		recs, err := s.List(state, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			full, err := s.Get(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			pt, err := seal.Open(k, full.ID, full.Kind, full.Sealed)
			if err != nil {
				t.Fatalf("record %s does not open: %v", r.ID, err)
			}
			var tup killTuple
			if err := json.Unmarshal(pt, &tup); err != nil {
				t.Fatalf("record %s: %v", r.ID, err)
			}
			if !bytes.Equal(pt, killPayload(tup)) {
				t.Fatalf("record %s payload altered", r.ID)
			}
			if other, dup := stored[tup]; dup {
				t.Fatalf("request %+v stored twice: %s and %s", tup, other, r.ID)
			}
			stored[tup] = r.ID
		}
	}
	for id, tup := range reported {
		if got, ok := stored[tup]; !ok || got != id {
			t.Fatalf("enqueue %+v returned %s but the store has %q after the power cuts", tup, id, got)
		}
	}
	if st, err := s.Stats(); err != nil || st.Quarantined != 0 {
		t.Fatalf("stats after power cuts: %+v, %v", st, err)
	}
	t.Logf("%d records stored, every acknowledged one among them", len(stored))
}
