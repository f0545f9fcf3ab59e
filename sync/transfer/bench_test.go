package transfer_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	gosync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// BenchmarkExport: 10,000 pending records (address updates of about 1.3 KB sealed,
// as a kiosk seals them) exported from a real outbox to a bundle on disk, signed,
// fsync'd and renamed, with progress on. The issue bounds it at 10 s. Filling the
// outbox is outside the timer.
func BenchmarkExport(b *testing.B) {
	const n = 10000
	key, err := seal.GenerateKey("bench-key", time.Now().AddDate(1, 0, 0))
	if err != nil {
		b.Fatal(err)
	}
	signer, cert := selfSigned(b, "kiosk-bench")
	id := &transfer.Identity{KioskID: "kiosk-bench", Signer: signer, Chain: [][]byte{cert.Raw}, CA: cert}
	box, err := outbox.Open(filepath.Join(b.TempDir(), "outbox.db"), outbox.Options{KioskID: id.KioskID,
		Key: func() (seal.PublicKey, error) { return key.Public(), nil }, MaxRecords: n + 1})
	if err != nil {
		b.Fatal(err)
	}
	defer box.Close()
	template := make([]byte, 700) // a fingerprint template's size, base64 in the JSON
	var wg gosync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			pt, _ := json.Marshal(&wire.AddressUpdate{IDNumber: fmt.Sprintf("1%09d", i),
				Address:             wire.Address{BuildingNumber: "1234", Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"},
				FingerprintTemplate: template})
			if _, err := box.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: pt}); err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
	b.ResetTimer()
	for range b.N {
		stick := b.TempDir()
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		start := time.Now()
		steps := 0
		ex, err := transfer.Export(box, id, stick, transfer.ExportOptions{Progress: func(done, total int) { steps++ }})
		elapsed := time.Since(start)
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		if err != nil || ex.Records != n || steps != n {
			b.Fatalf("export: %+v %v (%d progress calls)", ex, err, steps)
		}
		cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) * time.Nanosecond
		b.ReportMetric(elapsed.Seconds(), "s/10k-records")
		b.ReportMetric(float64(ex.Bytes)/1e6, "bundle-MB")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
	}
}
