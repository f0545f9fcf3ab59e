package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// `central import` as a technician runs it: first while the server runs (through
// its admin socket), then again with the server stopped (on the store directly).
// The first takes the kiosk's records and writes a receipt the kiosk accepts; the
// second finds them all there and writes its receipt beside the first.
func TestImportCommand(t *testing.T) {
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	storeArgs := []string{"-data", dir}
	reg := filepath.Join(dir, "registry.jsonl")
	run(t, bin, "gen-registry", "-n", "20", "-o", reg)
	run(t, bin, append(append([]string{"load-registry"}, storeArgs...), reg)...)
	p := start(t, bin, storeArgs)

	// A kiosk enrolled through the real client, its requests in a real outbox.
	code := run(t, bin, append([]string{"enroll-code"}, storeArgs...)...)
	caPEM := run(t, bin, append([]string{"ca"}, storeArgs...)...)
	idDir := t.TempDir()
	ctx := context.Background()
	cl, err := client.Enroll(ctx, "https://"+p.addr, idDir, client.Enrollment{Code: code, CA: []byte(caPEM)}, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	cfg, _, err := cl.PullConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := wire.SealingKeyFor(cfg.SealingKeys, time.Now())
	box, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: cl.KioskID(),
		Key: func() (seal.PublicKey, error) { return key, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer box.Close()
	for i := 1; i <= 3; i++ {
		pt, _ := json.Marshal(centraltest.Registration(i))
		if _, err := box.Enqueue(outbox.Request{Kind: wire.KindRegistration, Payload: pt}); err != nil {
			t.Fatal(err)
		}
	}
	id, err := transfer.LoadIdentity(idDir)
	if err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	ex, err := transfer.Export(box, id, stick, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}

	out := run(t, bin, append(append([]string{"import"}, storeArgs...), ex.Path)...)
	if !strings.Contains(out, "import: 3/3 records") || !strings.Contains(out, "3 records: 3 accepted, 0 already here, 0 refused") {
		t.Fatalf("through the socket:\n%s", out)
	}
	receipt := strings.TrimSuffix(ex.Path, transfer.BundleExt) + transfer.ReceiptExt
	rc, err := os.ReadFile(receipt)
	if err != nil {
		t.Fatal(err)
	}
	got, err := transfer.ImportReceipt(box, id, rc)
	if err != nil || got.Delivered != 3 {
		t.Fatalf("kiosk import of the receipt: %+v %v", got, err)
	}

	// The server stops; the same bundle again, on the store directly.
	p.cmd.Process.Signal(os.Interrupt)
	p.cmd.Wait()
	out = run(t, bin, append(append([]string{"import", "-password-iterations", "1000"}, storeArgs...), ex.Path)...)
	if !strings.Contains(out, "3 records: 0 accepted, 3 already here, 0 refused") {
		t.Fatalf("on the store:\n%s", out)
	}
	receipts, _ := transfer.Files(stick, transfer.ReceiptExt)
	if len(receipts) != 2 {
		t.Fatalf("receipts on the stick: %v", receipts)
	}
	if rc2, _ := os.ReadFile(receipts[1]); rc2 == nil {
		t.Fatal("second receipt empty")
	} else if _, err := transfer.ImportReceipt(box, id, rc2); err == nil {
		t.Fatal("the second receipt changed the outbox again")
	}

	// A bundle cut short is refused, with nothing written.
	cut := filepath.Join(t.TempDir(), "cut.bundle")
	b, _ := os.ReadFile(ex.Path)
	os.WriteFile(cut, b[:len(b)/2], 0o644)
	o, err := runErr(bin, append(append([]string{"import"}, storeArgs...), cut)...)
	if err == nil || !strings.Contains(o, "bundle refused") {
		t.Fatalf("truncated bundle: %v\n%s", err, o)
	}
	if _, err := os.Stat(strings.TrimSuffix(cut, transfer.BundleExt) + transfer.ReceiptExt); err == nil {
		t.Fatal("a receipt for a refused bundle")
	}
}

// runErr runs the command and returns its output and error, for commands that
// must fail.
func runErr(bin string, args ...string) (string, error) {
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}
