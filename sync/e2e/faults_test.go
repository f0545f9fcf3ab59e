package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/faultproxy"
)

// TestExactlyOnceThroughFaults drains 10,000 records through both fault proxies:
//
//	engine → client → HTTP proxy (fake 5xx, replays, cut answers) → TCP proxy
//	(drops, resets, cut streams, delays) → central
//
// and checks that the central service stored and applied each exactly once.
func TestExactlyOnceThroughFaults(t *testing.T) {
	const n = 10_000
	c := mustCentral(t)
	k := mustEnroll(t, c)

	tcp, err := faultproxy.NewTCP(c.Addr, faultproxy.TCPOptions{
		// Connections are pooled, so there are few: script every fault first.
		Plan: faultproxy.Script(faultproxy.Random(1, map[faultproxy.Fault]float64{
			faultproxy.Drop: 0.05, faultproxy.Reset: 0.10, faultproxy.Truncate: 0.05, faultproxy.Delay: 0.05,
		}), faultproxy.Reset, faultproxy.Drop, faultproxy.Delay, faultproxy.Truncate),
		CutAfter: 256 << 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	upTLS, err := client.TLSConfig(k.dir) // the proxy forwards as the kiosk
	if err != nil {
		t.Fatal(err)
	}
	hp, err := faultproxy.NewHTTP("https://"+tcp.Addr(), faultproxy.HTTPOptions{
		Plan: faultproxy.Script(faultproxy.Random(2, map[faultproxy.Fault]float64{
			faultproxy.Drop: 0.03, faultproxy.Reset: 0.04, faultproxy.Delay: 0.02, faultproxy.Truncate: 0.04,
			faultproxy.Fail503: 0.05, faultproxy.Fail502After: 0.04, faultproxy.Duplicate: 0.05,
		}), faultproxy.Pass, faultproxy.Duplicate, faultproxy.Fail502After, faultproxy.Truncate,
			faultproxy.Reset, faultproxy.Fail503, faultproxy.Drop, faultproxy.Delay),
		TLS:       c.TLS,
		Transport: &http.Transport{TLSClientConfig: upTLS, MaxIdleConnsPerHost: 4},
		// Longer than the push timeout: the kiosk gives up while the batch may
		// still arrive.
		Delay: 3 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer hp.Close()

	st := k.openOutbox(t)
	defer st.Close()
	want := fill(t, st, n, 256)

	cl, err := client.Open(hp.URL(), k.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	e := engine.New(st, cl, engine.Options{
		Backoff:  backoff.Options{Base: 20 * time.Millisecond, Max: 500 * time.Millisecond},
		BatchMax: 100, PushTimeout: 2 * time.Second, ProbeEvery: 200 * time.Millisecond, ProbeTimeout: time.Second,
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()

	waitFor(t, "all delivered through faults", 8*time.Minute, func() (bool, string) {
		s, _ := st.Stats()
		return s.Delivered == n, describe(st)
	})
	cancel()
	<-done
	checkExactlyOnce(t, c, st, want)

	// The run proves something only if every fault actually struck.
	for _, f := range []faultproxy.Fault{faultproxy.Drop, faultproxy.Reset, faultproxy.Delay, faultproxy.Truncate,
		faultproxy.Fail503, faultproxy.Fail502After, faultproxy.Duplicate} {
		if hp.Counts()[f] == 0 {
			t.Errorf("HTTP fault %v never applied: %v", f, hp.Counts())
		}
	}
	for _, f := range []faultproxy.Fault{faultproxy.Drop, faultproxy.Reset, faultproxy.Truncate, faultproxy.Delay} {
		if tcp.Counts()[f] == 0 {
			t.Errorf("TCP fault %v never applied: %v", f, tcp.Counts())
		}
	}
	t.Logf("HTTP faults %v; TCP faults %v; last status %+v", hp.Counts(), tcp.Counts(), e.Status())
}
