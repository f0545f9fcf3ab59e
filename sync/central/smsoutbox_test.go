package central_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/backoff"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/storetest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestOutcomeSMSRetries: a gateway that is down has the message retried once it
// is back, never lost; a gateway that rejects it has it given up, not retried
// forever.
func TestOutcomeSMSRetries(t *testing.T) {
	for _, b := range storetest.Backends {
		t.Run(b.Name, func(t *testing.T) { testOutcomeSMSRetries(t, b.Open) })
	}
}

func testOutcomeSMSRetries(t *testing.T, open func(testing.TB) store.Store) {
	var status atomic.Int32 // what the gateway answers first
	status.Store(http.StatusServiceUnavailable)
	gw := &gateway{posts: map[string]int{}}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := int(status.Load()); c != http.StatusOK {
			w.WriteHeader(c)
			return
		}
		gw.ServeHTTP(w, r)
	}))
	defer ts.Close()
	sender, err := sms.NewGateway(sms.GatewayOptions{URL: ts.URL, AuthValue: "Bearer test", Attempts: 1,
		Backoff: backoff.Options{Base: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	var ahead atomic.Int64 // how far central's clock is moved on
	now := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	h := centraltest.Start(t, centraltest.Options{Open: open, People: registrySize, SMS: sender,
		Central: central.Options{Now: now, SMSPoll: 20 * time.Millisecond}})
	k := h.Kiosk(t)

	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(3))
	k.Push(t, rec)
	if n, _ := h.Server.SMSQueued(context.Background()); n != 1 {
		t.Fatalf("with the gateway down the outbox holds %d messages, want 1", n)
	}
	status.Store(http.StatusOK)
	ahead.Store(int64(time.Minute)) // past the first retry delay
	waitQueueEmpty(t, h.Server)
	if delivered, _ := gw.snapshot(); len(delivered) != 1 || !strings.Contains(delivered[0].Text, rec.Ref) {
		t.Fatalf("after the gateway came back: delivered %+v", delivered)
	}

	status.Store(http.StatusBadRequest)
	k.Push(t, k.Record(t, wire.KindRegistration, centraltest.Registration(5)))
	waitQueueEmpty(t, h.Server)
	if delivered, _ := gw.snapshot(); len(delivered) != 1 {
		t.Errorf("a rejected message was delivered: %+v", delivered)
	}
	if m := metrics(t, h); !strings.Contains(m, `bawaba_sms_outcome_total{outcome="dropped"} 1`) ||
		!strings.Contains(m, `bawaba_sms_outcome_total{outcome="sent"} 1`) {
		t.Errorf("metrics:\n%s", m)
	}
}

func metrics(t *testing.T, h *centraltest.Central) string {
	t.Helper()
	cl := centraltest.HTTPClient(h.CA)
	resp, err := cl.Get(h.URL + wire.PathMetrics)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
