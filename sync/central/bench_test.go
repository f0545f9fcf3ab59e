package central_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	gosync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

const (
	benchKiosks    = 500 // concurrent simulated kiosks, each with its own mTLS connection
	benchBatchSize = 20  // records per push
	benchPeople    = 10000
)

// BenchmarkIngest: 500 concurrent kiosks push sealed address updates (about 1.3 KB
// sealed each) over loopback mutual TLS. One op is one wave: every kiosk pushes one
// batch of 20 at once (10,000 records). Sealing happens with the timer stopped: it
// is the kiosks' cost. baseline posts the same bodies over the same TLS to a handler
// that only reads them.
func BenchmarkIngest(b *testing.B) {
	b.Run("baseline", func(b *testing.B) {
		h := newHarness(b, storetest.MustOpenBolt)
		tlsCfg, _ := h.Server.TLSConfig()
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			w.Write([]byte(`{"results":[]}`))
		}))
		ts.TLS = tlsCfg
		ts.StartTLS()
		defer ts.Close()
		kiosks := enrollMany(b, h, benchKiosks)
		for _, k := range kiosks {
			k.Base = ts.URL
		}
		runIngest(b, kiosks)
	})
	for _, be := range storetest.Backends {
		b.Run(be.Name, func(b *testing.B) {
			h := newHarness(b, func(tb testing.TB) store.Store { return be.Open(tb) })
			var reg bytes.Buffer
			backoffice.Generate(&reg, benchPeople)
			if _, err := h.Admin.LoadRegistry(context.Background(), &reg); err != nil {
				b.Fatal(err)
			}
			runIngest(b, enrollMany(b, h, benchKiosks))
		})
	}
}

func enrollMany(b *testing.B, h *centraltest.Central, n int) []*centraltest.Kiosk {
	ks := make([]*centraltest.Kiosk, n)
	var wg gosync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := range ks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			ks[i] = h.Kiosk(b)
		})
	}
	wg.Wait()
	return ks
}

// wave seals one batch per kiosk.
func wave(b *testing.B, kiosks []*centraltest.Kiosk, w int) [][]byte {
	bodies := make([][]byte, len(kiosks))
	var wg gosync.WaitGroup
	for ki, k := range kiosks {
		wg.Go(func() {
			recs := make([]wire.Record, benchBatchSize)
			for j := range recs {
				p := backoffice.SyntheticPerson(1 + ((w*len(kiosks)+ki)*benchBatchSize+j)%benchPeople)
				recs[j] = k.Record(b, wire.KindAddressUpdate, &wire.AddressUpdate{IDNumber: p.IDNumber,
					Address:             wire.Address{BuildingNumber: "1234", Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"},
					FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)})
			}
			bodies[ki], _ = json.Marshal(wire.PushRequest{Records: recs})
		})
	}
	wg.Wait()
	return bodies
}

func runIngest(b *testing.B, kiosks []*centraltest.Kiosk) {
	// Open every kiosk's connection before timing.
	var wg gosync.WaitGroup
	for _, k := range kiosks {
		wg.Go(func() {
			if resp, err := k.HTTP.Get(k.Base + wire.PathHealthz); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	var lat []time.Duration
	var mu gosync.Mutex
	var elapsed, cpu time.Duration
	waves := 0
	for b.Loop() {
		b.StopTimer()
		bodies := wave(b, kiosks, waves)
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		for ki, k := range kiosks {
			wg.Go(func() {
				t0 := time.Now()
				resp, err := k.HTTP.Post(k.Base+wire.PathRecords, wire.ContentType, bytes.NewReader(bodies[ki]))
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("push: HTTP %d", resp.StatusCode)
					return
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
		cpu += processCPU() - cpu0
		waves++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(waves*len(kiosks)*benchBatchSize)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-batch-ms")
	// CPU of this process (central and the simulated kiosks' HTTP/TLS) per record:
	// unlike records/s it does not depend on what else the machine runs.
	b.ReportMetric(float64(cpu.Microseconds())/float64(waves*len(kiosks)*benchBatchSize), "cpu-µs/record")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
