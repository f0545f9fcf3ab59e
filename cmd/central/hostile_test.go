package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	gosync "sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// Bounds TestHostilePushMemory holds central to. The peak is what a stolen kiosk
// may cost central at most; the latency is what an honest kiosk's push of five
// registrations may take while the attack runs (it takes a few milliseconds alone).
const (
	hostilePeakRSS    = 512 << 20
	hostileHonestMax  = 2 * time.Second
	hostileKillRSS    = 3 << 30 // the test kills central above this, to spare the machine
	hostileAttackers  = 12
	hostileAttackTime = 10 * time.Second
)

// hostileBody is just under wire.MaxBodyBytes of {"records":[{},{},…]}: millions of
// empty records, each cheap to send and (before the fix) costly to decode.
func hostileBody() []byte {
	var b bytes.Buffer
	b.WriteString(`{"records":[{}`)
	for b.Len() < wire.MaxBodyBytes-8 {
		b.WriteString(`,{}`)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// procStatus reads one "Name:   N kB" field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// TestHostilePushMemory plays a stolen kiosk: it sends many 8 MiB bodies of empty
// records to a real central process in parallel while an honest kiosk pushes
// registrations. Central's peak RSS (VmHWM) stays under hostilePeakRSS, every
// honest push is accepted within hostileHonestMax, and the memory is returned.
func TestHostilePushMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a central process and attacks it for several seconds")
	}
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	storeArgs := []string{"-data", dir}
	reg := filepath.Join(dir, "registry.jsonl")
	run(t, bin, "gen-registry", "-n", "2000", "-o", reg)
	run(t, bin, append(append([]string{"load-registry"}, storeArgs...), reg)...)
	p := start(t, bin, storeArgs)
	pid := p.cmd.Process.Pid
	caPEM := run(t, bin, append([]string{"ca"}, storeArgs...)...)
	thief := enroll(t, p.addr, run(t, bin, append([]string{"enroll-code"}, storeArgs...)...), []byte(caPEM))
	honest := enroll(t, p.addr, run(t, bin, append([]string{"enroll-code"}, storeArgs...)...), []byte(caPEM))
	idle, _ := procStatus(pid, "VmRSS")

	// The honest kiosk's normal latency, before the attack.
	honestPush := func(i int) (time.Duration, error) {
		var recs []wire.Record
		for j := i; j < i+5; j++ {
			recs = append(recs, honest.Record(t, wire.KindRegistration, centraltest.Registration(j)))
		}
		t0 := time.Now()
		res, err := push(honest, recs)
		d := time.Since(t0)
		if err != nil {
			return d, err
		}
		for _, r := range res.Results {
			if r.Status != wire.StatusAccepted {
				return d, fmt.Errorf("honest record %s: %+v", r.ID, r)
			}
		}
		return d, nil
	}
	var calm []time.Duration
	next := 1
	for ; next <= 50; next += 5 {
		d, err := honestPush(next)
		if err != nil {
			t.Fatal(err)
		}
		calm = append(calm, d)
	}
	slices.Sort(calm)

	body := hostileBodyOnce()
	stop := make(chan struct{})
	var peak atomic.Int64
	var killed atomic.Bool
	var wg gosync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			rss, err := procStatus(pid, "VmRSS")
			if err != nil {
				return
			}
			if rss > peak.Load() {
				peak.Store(rss)
			}
			if rss > hostileKillRSS {
				killed.Store(true)
				p.cmd.Process.Kill()
				return
			}
		}
	})
	answers := map[int]int{}
	var amu gosync.Mutex
	for range hostileAttackers {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := thief.HTTP.Post(thief.Base+wire.PathRecords, wire.ContentType, bytes.NewReader(body))
				code := 0
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					code = resp.StatusCode
				}
				amu.Lock()
				answers[code]++
				amu.Unlock()
				if killed.Load() {
					return
				}
			}
		})
	}
	var lat []time.Duration
	deadline := time.Now().Add(hostileAttackTime)
	for i := next; time.Now().Before(deadline) && !killed.Load(); i += 5 {
		d, err := honestPush(i)
		lat = append(lat, d)
		if err != nil {
			t.Errorf("honest push %d during the attack: %v", len(lat), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if killed.Load() {
		t.Fatalf("central's RSS passed %d MiB: killed (answers %v)", hostileKillRSS>>20, answers)
	}
	hwm, err := procStatus(pid, "VmHWM")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lat)
	t.Logf("idle RSS %d MiB; peak RSS %d MiB sampled, VmHWM %d MiB; thief's answers %v", idle>>20, peak.Load()>>20, hwm>>20, answers)
	t.Logf("%d honest pushes of 5 registrations before the attack: median %v, max %v", len(calm), calm[len(calm)/2], calm[len(calm)-1])
	if len(lat) > 0 {
		t.Logf("%d honest pushes of 5 registrations: median %v, p90 %v, max %v", len(lat), lat[len(lat)/2], lat[len(lat)*9/10], lat[len(lat)-1])
	}
	if hwm > hostilePeakRSS {
		t.Errorf("VmHWM %d MiB under attack, want under %d MiB", hwm>>20, hostilePeakRSS>>20)
	}
	if len(lat) == 0 || lat[len(lat)-1] > hostileHonestMax {
		t.Errorf("honest pushes took up to %v under attack, want within %v", lat, hostileHonestMax)
	}
	// The memory is given back: a few seconds after the attack central is near idle.
	var after int64
	for range 50 {
		time.Sleep(200 * time.Millisecond)
		if after, _ = procStatus(pid, "VmRSS"); after < idle+128<<20 {
			break
		}
	}
	t.Logf("RSS after the attack: %d MiB", after>>20)
	if after >= idle+128<<20 {
		t.Errorf("RSS %d MiB 10 s after the attack, idle was %d MiB: memory not returned", after>>20, idle>>20)
	}
}

var hostileBodyOnce = gosync.OnceValue(hostileBody)
