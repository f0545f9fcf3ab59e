package outbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/seal"
)

// truncChildEnv makes the test binary, run again by TestOpenTruncatedFile, act as a
// kiosk starting up on the file it names: OpenOrDegrade, then print what it reports.
const truncChildEnv = "BAWABA_OUTBOX_TRUNC_CHILD"

type truncChildReport struct {
	Degraded string
	Opened   bool
}

func TestMain(m *testing.M) {
	if path := os.Getenv(truncChildEnv); path != "" {
		var pub seal.PublicKey
		b, err := os.ReadFile(path + ".key")
		if err == nil {
			err = json.Unmarshal(b, &pub)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		opts := Options{KioskID: "kiosk-test-01", Key: func() (seal.PublicKey, error) { return pub, nil },
			Now: func() time.Time { return t0 }}
		s := OpenOrDegrade(path, opts)
		rep := truncChildReport{Opened: s.Degraded() == nil}
		if err := s.Degraded(); err != nil {
			rep.Degraded = err.Error()
		} else if _, err := s.Lease(1000, 1); err != nil { // touch every record
			rep.Degraded = "lease: " + err.Error()
		}
		s.Close()
		json.NewEncoder(os.Stdout).Encode(rep)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestOpenTruncatedFile starts a kiosk, in a child process, on an outbox file cut
// short at several sizes. bbolt maps the file and trusts its meta pages, so without
// a check beforehand it reads past the end of the file: a fatal SIGBUS that kills
// the process before OpenOrDegrade can move the file aside, on every start.
func TestOpenTruncatedFile(t *testing.T) {
	k := MustGenerateKey(t)
	opts, _ := testOptions(k)
	src, _ := fillStore(t, opts, 300)
	whole := read(t, src)
	page := os.Getpagesize()
	// bbolt grows the file ahead of use: the pages in use end at the meta's high-water
	// mark, and a cut just below it is the smallest damage that matters.
	hwm := max(parseBoltMeta(whole).pgid, parseBoltMeta(whole[page:]).pgid) * uint64(page)
	t.Logf("outbox with 300 records: %d bytes, %d in use", len(whole), hwm)
	sizes := []int{3 * page, 3*page + 100, 4 * page, int(hwm) / 2, int(hwm) - page}
	for _, size := range sizes {
		t.Run(fmt.Sprintf("%d bytes", size), func(t *testing.T) {
			if size >= len(whole) {
				t.Skipf("outbox is only %d bytes", len(whole))
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "outbox.db")
			write(t, path, whole[:size])
			pub, _ := json.Marshal(k.Public())
			write(t, path+".key", pub)
			for start := range 3 { // the crash was not on every start
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), truncChildEnv+"="+path)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("start %d: kiosk crashed on a %d-byte outbox: %v\n%s", start, size, err, lastLines(stderr.String(), 8))
				}
				var rep truncChildReport
				if err := json.Unmarshal(out, &rep); err != nil {
					t.Fatalf("start %d: child said %q: %v", start, out, err)
				}
				if rep.Opened || !strings.Contains(rep.Degraded, "degraded") {
					t.Fatalf("start %d: not degraded: %+v", start, rep)
				}
				aside, _ := filepath.Glob(path + ".corrupt-*")
				if len(aside) != 1 || !bytes.Equal(read(t, aside[0]), whole[:size]) {
					t.Fatalf("start %d: damaged file not kept aside intact: %v", start, aside)
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Fatalf("start %d: a new outbox was created beside the damaged one: %v", start, err)
				}
				if start == 0 && !strings.Contains(rep.Degraded, aside[0]) {
					t.Fatalf("degraded state %q does not name %s", rep.Degraded, aside[0])
				}
			}
		})
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
