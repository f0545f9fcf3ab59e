package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/central/store/vault"
	"github.com/bawaba/bawaba/sync/wire"
)

// binDir holds the central binary the tests build; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	// `central serve` refuses to start without a key-encryption key: the central
	// processes these tests start get one, as in production, from the environment.
	os.Setenv(vault.EnvKEK, string(vault.GenerateKEK()))
	// Nor without an SMS sender: theirs is the development file, DATA/sms.log.
	os.Setenv("BAWABA_DEV_SMS", "1")
	dir, err := os.MkdirTemp("", "central-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildCentral compiles this command once per test binary.
var buildCentral = gosync.OnceValues(func() (string, error) {
	bin := filepath.Join(binDir, "central")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

type proc struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
}

// start runs `central serve` and waits for its "listening" log line.
func start(t *testing.T, bin string, storeArgs []string) *proc {
	t.Helper()
	args := append([]string{"serve", "-listen", "127.0.0.1:0", "-password-iterations", "1000"}, storeArgs...)
	cmd := exec.Command(bin, args...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, logs: new(bytes.Buffer)}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.logs.WriteString(line + "\n")
			var m struct{ Msg, Addr string }
			if json.Unmarshal([]byte(line), &m) == nil && m.Msg == "listening" {
				addr <- m.Addr
			}
		}
	}()
	select {
	case p.addr = <-addr:
	case <-time.After(60 * time.Second):
		t.Fatalf("central did not start:\n%s", p.logs)
	}
	return p
}

func run(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("central %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestSIGKILLMidBatch kills the central process while kiosks are pushing, restarts it
// and re-pushes everything: every record ends stored once and applied once.
func TestSIGKILLMidBatch(t *testing.T) {
	for _, backend := range []string{"bbolt", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			bin, err := buildCentral()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			storeArgs := []string{"-data", dir}
			if backend == "postgres" {
				url := storetest.PostgresURL(t)
				schema := storetest.NewSchema()
				storeArgs = append(storeArgs, "-postgres", url, "-pg-schema", schema)
				t.Cleanup(func() {
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					if s, err := pgstore.Open(ctx, url, pgstore.Options{Schema: schema}); err == nil {
						s.DropSchema(ctx)
						s.Close()
					}
				})
			}
			const people, batchSize = 400, 20
			reg := filepath.Join(dir, "registry.jsonl")
			run(t, bin, "gen-registry", "-n", fmt.Sprint(people), "-o", reg)
			run(t, bin, append(append([]string{"load-registry"}, storeArgs...), reg)...)

			p := start(t, bin, storeArgs)
			code := run(t, bin, append([]string{"enroll-code"}, storeArgs...)...)
			caPEM := run(t, bin, append([]string{"ca"}, storeArgs...)...)
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM([]byte(caPEM)) {
				t.Fatalf("bad CA PEM %q", caPEM)
			}
			k := centraltest.Enroll(t, "https://"+p.addr, pool, code)

			var batches [][]wire.Record
			for i := 1; i <= people; i += batchSize {
				var b []wire.Record
				for j := i; j < i+batchSize; j++ {
					b = append(b, k.Record(t, wire.KindRegistration, centraltest.Registration(j)))
				}
				batches = append(batches, b)
			}

			// Four kiosks' worth of pushers; the process dies once a few batches are in.
			acked := make([]bool, len(batches))
			var mu gosync.Mutex
			done := 0
			killed := make(chan struct{})
			var wg gosync.WaitGroup
			next := make(chan int, len(batches))
			for i := range batches {
				next <- i
			}
			close(next)
			for range 4 {
				wg.Go(func() {
					for i := range next {
						var res wire.PushResponse
						st, e, err := k.Do("POST", wire.PathRecords, wire.PushRequest{Records: batches[i]}, &res)
						for err == nil && st == http.StatusServiceUnavailable && e.Code == wire.ErrBusy {
							// Four pushers on one kiosk's two places: a busy answer is
							// sent again, as a kiosk's engine does, so the batches are
							// not used up by refusals before the kill.
							time.Sleep(5 * time.Millisecond)
							st, e, err = k.Do("POST", wire.PathRecords, wire.PushRequest{Records: batches[i]}, &res)
						}
						if err != nil || st != http.StatusOK {
							continue // the kill: this batch's fate is unknown to the kiosk
						}
						mu.Lock()
						acked[i] = true
						for _, r := range res.Results {
							if r.Status != wire.StatusAccepted {
								t.Errorf("first delivery of batch %d: %+v", i, r)
							}
						}
						done++
						if done == 3 {
							p.cmd.Process.Kill() // SIGKILL
							close(killed)
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			select {
			case <-killed:
			default:
				t.Fatal("the pushers finished before the kill")
			}
			p.cmd.Wait()

			p2 := start(t, bin, storeArgs)
			k.Base = "https://" + p2.addr
			accepted, duplicate := 0, 0
			for i, b := range batches {
				st, res, e := k.Push(t, b...)
				if st != http.StatusOK {
					t.Fatalf("re-push of batch %d: %d %+v\n%s", i, st, e, p2.logs)
				}
				for _, r := range res.Results {
					switch {
					case r.Status == wire.StatusAccepted && !acked[i]:
						accepted++
					case r.Status == wire.StatusDuplicate:
						duplicate++
					default:
						t.Fatalf("batch %d (acked before kill: %v): %+v", i, acked[i], r)
					}
				}
			}
			t.Logf("after restart: %d accepted, %d duplicate (stored before the kill)", accepted, duplicate)
			if accepted+duplicate != people {
				t.Fatalf("%d + %d records, want %d", accepted, duplicate, people)
			}
			// Applied exactly once: a second application would be declined account_exists.
			for _, b := range batches {
				for _, r := range b {
					if st := k.Status(t, r.Ref); st.State != wire.StateCompleted {
						t.Fatalf("record %s: %+v", r.ID, st)
					}
				}
			}
			lines := strings.Split(run(t, bin, append([]string{"records", "-limit", "0"}, storeArgs...)...), "\n")
			if len(lines)-1 != people {
				t.Fatalf("central records lists %d records, want %d", len(lines)-1, people)
			}
		})
	}
}
