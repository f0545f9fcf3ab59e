// Command killchild is the child process of the outbox kill test: it enqueues from
// several goroutines until it is SIGKILLed, writing "<id> <worker> <seq>" to stdout
// after each Enqueue returns — the moment a kiosk screen would say "done". Worker 0
// also leases and retries records, so kills land in those commits too.
//
// Usage: killchild DIR ROUND (DIR holds key.json and outbox.db).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
)

const workers = 4

func main() {
	if len(os.Args) != 3 {
		fail(3, fmt.Errorf("usage: killchild DIR ROUND"))
	}
	dir := os.Args[1]
	round, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fail(3, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "key.json"))
	if err != nil {
		fail(3, err)
	}
	var pub seal.PublicKey
	if err := json.Unmarshal(b, &pub); err != nil {
		fail(3, err)
	}
	s, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{
		KioskID:    "kiosk-kill-test",
		Key:        func() (seal.PublicKey, error) { return pub, nil },
		MaxRecords: 1 << 30,
		MaxBytes:   1 << 40,
		MaxAge:     -1,
	})
	if err != nil {
		fail(4, err)
	}
	var mu sync.Mutex
	for w := range workers {
		go func() {
			for seq := 0; ; seq++ {
				r, err := s.Enqueue(outbox.Request{Kind: "registration", Payload: Payload(round, w, seq)})
				if err != nil {
					fail(2, err)
				}
				line := fmt.Appendf(nil, "%s %d %d\n", r.ID, w, seq)
				mu.Lock()
				os.Stdout.Write(line) // one write(2) of < PIPE_BUF bytes: whole line or nothing
				mu.Unlock()
				if w == 0 && seq%5 == 4 {
					recs, err := s.Lease(2, 50*time.Millisecond)
					if err != nil {
						fail(2, err)
					}
					for _, r := range recs {
						if err := s.Retry(r.ID, time.Now(), "synthetic transport error"); err != nil {
							fail(2, err)
						}
					}
				}
			}
		}()
	}
	select {}
}

// Payload is the synthetic request for (round, worker, seq). The kill test keeps an
// identical copy and compares payloads byte for byte, so the two cannot drift apart
// unnoticed.
func Payload(round, worker, seq int) []byte {
	return fmt.Appendf(nil, `{"name":"Test Resident %d-%d-%d","id_number":"2000000008","round":%d,"worker":%d,"seq":%d,"pad":%q}`,
		round, worker, seq, round, worker, seq, strings.Repeat("x", 400))
}

func fail(code int, err error) {
	fmt.Fprintln(os.Stderr, "killchild:", err)
	os.Exit(code)
}
