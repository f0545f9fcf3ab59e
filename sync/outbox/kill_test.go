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
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

const killRounds = 200

func killOptions(pub seal.PublicKey) Options {
	return Options{
		KioskID:    "kiosk-kill-test",
		Key:        func() (seal.PublicKey, error) { return pub, nil },
		MaxRecords: 1 << 30,
		MaxBytes:   1 << 40,
		MaxAge:     -1,
	}
}

type killTuple struct{ Round, Worker, Seq int }

// killPayload is a copy of killchild.Payload (a main package cannot be imported).
func killPayload(k killTuple) []byte {
	return fmt.Appendf(nil, `{"name":"Test Resident %d-%d-%d","id_number":"2000000008","round":%d,"worker":%d,"seq":%d,"pad":%q}`,
		k.Round, k.Worker, k.Seq, k.Round, k.Worker, k.Seq, strings.Repeat("x", 400))
}

// buildKillChild compiles internal/killchild without the race detector, so that 200
// process starts stay cheap even when the tests run with -race.
func buildKillChild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "killchild")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/bawaba/bawaba/sync/outbox/internal/killchild")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build killchild: %v\n%s", err, out)
	}
	return bin
}

// TestKillDuringEnqueue SIGKILLs a child process (internal/killchild) that is enqueueing, at random
// moments, killRounds times, then checks that every enqueue that returned is present
// and opens to its exact payload, and that nothing is stored twice.
func TestKillDuringEnqueue(t *testing.T) {
	bin := buildKillChild(t)
	dir := t.TempDir()
	k := MustGenerateKey(t)
	pub, _ := json.Marshal(k.Public())
	if err := os.WriteFile(filepath.Join(dir, "key.json"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed>>1))

	reported := map[string]killTuple{}
	var toFirstLine []time.Duration
	killedBeforeOutput := 0
	for round := range killRounds {
		cmd := exec.Command(bin, dir, strconv.Itoa(round))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
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
					return // a tail without "\n" was never fully reported
				}
				lines <- l
			}
		}()

		// A quarter of the rounds die at a random moment of start-up (open, check,
		// first commits); the others after a random number of reported enqueues plus
		// a random fraction of a commit.
		var timer <-chan time.Time
		killAfter := -1
		if rng.IntN(4) == 0 {
			typical := 150 * time.Millisecond
			if len(toFirstLine) > 0 {
				typical = slices.Sorted(slices.Values(toFirstLine))[len(toFirstLine)/2]
			}
			timer = time.After(randDur(rng, typical+typical/2))
		} else {
			killAfter = 1 + rng.IntN(40)
		}
		kill := func() {
			cmd.Process.Signal(syscall.SIGKILL)
			timer, killAfter = nil, -1
		}
		n := 0
		hung := time.After(60 * time.Second)
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				var id string
				var tup killTuple
				tup.Round = round
				if _, err := fmt.Sscanf(l, "%s %d %d\n", &id, &tup.Worker, &tup.Seq); err != nil {
					t.Fatalf("round %d: bad line %q", round, l)
				}
				if _, dup := reported[id]; dup {
					t.Fatalf("round %d: ID %s reported twice", round, id)
				}
				reported[id] = tup
				if n++; n == 1 {
					toFirstLine = append(toFirstLine, time.Since(start))
				}
				if n == killAfter {
					time.Sleep(randDur(rng, 3*time.Millisecond))
					kill()
				}
			case <-timer:
				if n == 0 {
					killedBeforeOutput++
				}
				kill()
			case <-hung:
				cmd.Process.Kill()
				t.Fatalf("round %d: child hung; stderr: %s", round, stderr.String())
			}
		}
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended by itself (%v): %s", round, cmd.ProcessState, stderr.String())
		}
	}
	t.Logf("%d rounds, %d enqueues reported done, %d kills before any output", killRounds, len(reported), killedBeforeOutput)

	s, err := Open(filepath.Join(dir, "outbox.db"), killOptions(k.Public()))
	if err != nil {
		t.Fatalf("open after %d kills: %v", killRounds, err)
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
			t.Fatalf("enqueue %+v returned %s but the store has %q", tup, id, got)
		}
	}
	if st, _ := s.Stats(); st.Delivered != 0 || st.NeedsAttention != 0 {
		t.Fatalf("unexpected states after kills: %+v", st)
	}
}

func randDur(rng *rand.Rand, max time.Duration) time.Duration {
	return time.Duration(rng.Int64N(int64(max) + 1))
}
