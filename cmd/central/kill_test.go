package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store/pgstore"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// binDir holds the central binary the tests build; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
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
			k := enroll(t, p.addr, code, []byte(caPEM))

			var batches [][]wire.Record
			for i := 1; i <= people; i += batchSize {
				var b []wire.Record
				for j := i; j < i+batchSize; j++ {
					b = append(b, k.registration(t, j))
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
						res, err := k.push(batches[i])
						if err != nil {
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
			k.base = "https://" + p2.addr
			accepted, duplicate := 0, 0
			for i, b := range batches {
				res, err := k.push(b)
				if err != nil {
					t.Fatalf("re-push of batch %d: %v\n%s", i, err, p2.logs)
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
					st, err := k.status(r.Ref)
					if err != nil || st.State != wire.StateCompleted {
						t.Fatalf("record %s: %+v %v", r.ID, st, err)
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

type testKiosk struct {
	id   string
	base string
	hc   *http.Client
	key  wire.Config
}

func enroll(t *testing.T, addr, code string, caPEM []byte) *testKiosk {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("bad CA PEM %q", caPEM)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "k"}}, key)
	csr := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})
	body, _ := json.Marshal(wire.EnrollRequest{Code: code, CSR: string(csr)})
	hc := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := hc.Post("https://"+addr+wire.PathEnroll, wire.ContentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var er wire.EnrollResponse
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&er) != nil {
		t.Fatalf("enroll: %d", resp.StatusCode)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cert, err := tls.X509KeyPair([]byte(er.Certificate), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}))
	if err != nil {
		t.Fatal(err)
	}
	k := &testKiosk{id: er.KioskID, base: "https://" + addr, hc: &http.Client{Timeout: 60 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}}}}
	if err := k.get(wire.PathConfig, &k.key); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *testKiosk) get(path string, out any) error {
	resp, err := k.hc.Get(k.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func (k *testKiosk) registration(t *testing.T, i int) wire.Record {
	p := backoffice.SyntheticPerson(i)
	bd := p.BirthGregorian
	if p.IDType == wire.IDCitizen {
		bd = p.BirthHijri
	}
	pt, _ := json.Marshal(wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality,
		BirthDate: bd, Mobile: p.Mobile, Email: "test.person@example.com", Username: fmt.Sprintf("TestUser%d", i), Password: "Str0ng!Pass#", Language: "en"})
	idb := make([]byte, 16)
	rand.Read(idb)
	id := hex.EncodeToString(idb)
	key := k.key.SealingKeys[0]
	sealed, err := key.Seal(id, wire.KindRegistration, pt)
	if err != nil {
		t.Fatal(err)
	}
	return wire.Record{ID: id, Kind: wire.KindRegistration, KioskID: k.id, Ref: "R-" + id[:12], Created: time.Now(), KeyID: key.ID, Sealed: sealed}
}

func (k *testKiosk) push(recs []wire.Record) (wire.PushResponse, error) {
	body, _ := json.Marshal(wire.PushRequest{Records: recs})
	var out wire.PushResponse
	resp, err := k.hc.Post(k.base+wire.PathRecords, wire.ContentType, bytes.NewReader(body))
	if err != nil {
		return out, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return out, fmt.Errorf("push: HTTP %d", resp.StatusCode)
	}
	return out, json.NewDecoder(resp.Body).Decode(&out)
}

func (k *testKiosk) status(ref string) (wire.RequestStatus, error) {
	var st wire.RequestStatus
	return st, k.get(wire.PathStatus+ref, &st)
}
