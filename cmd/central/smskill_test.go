package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// holdingGateway is an SMS gateway on loopback that delivers each idempotency key
// once. It takes the first message it is posted (a real gateway may deliver
// what it received even if its answer is lost) and then holds the answer until
// the client goes away, so the test can kill central while it waits.
type holdingGateway struct {
	mu        gosync.Mutex
	posts     map[string]int
	delivered []struct{ ID, To, Text string }
	arrived   chan struct{}
	once      gosync.Once
}

func (g *holdingGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct{ ID, To, Text string }
	if json.NewDecoder(r.Body).Decode(&m) != nil || m.ID == "" {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	g.mu.Lock()
	g.posts[m.ID]++
	first := len(g.posts) == 1 && g.posts[m.ID] == 1
	if g.posts[m.ID] == 1 {
		g.delivered = append(g.delivered, m)
	}
	g.mu.Unlock()
	if first {
		g.once.Do(func() { close(g.arrived) })
		<-r.Context().Done() // central dies waiting for this answer
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// TestSIGKILLBetweenCommitAndSMS kills the central process after it committed a
// decision and while it sends the outcome SMS, starts it again, and sees the
// message delivered once: queued with the decision, sent again after the restart
// under the same idempotency key.
func TestSIGKILLBetweenCommitAndSMS(t *testing.T) {
	bin, err := buildCentral()
	if err != nil {
		t.Fatal(err)
	}
	gw := &holdingGateway{posts: map[string]int{}, arrived: make(chan struct{})}
	ts := httptest.NewServer(gw)
	defer ts.Close()
	dir := t.TempDir()
	storeArgs := []string{"-data", dir}
	serveArgs := append([]string{"-sms-url", ts.URL, "-dev-sms=false"}, storeArgs...)
	reg := filepath.Join(dir, "registry.jsonl")
	run(t, bin, "gen-registry", "-n", "10", "-o", reg)
	run(t, bin, append(append([]string{"load-registry"}, storeArgs...), reg)...)

	p := start(t, bin, serveArgs)
	caPEM := run(t, bin, append([]string{"ca"}, storeArgs...)...)
	k := enroll(t, p.addr, run(t, bin, append([]string{"enroll-code"}, storeArgs...)...), []byte(caPEM))
	const i = 2
	rec := k.Record(t, wire.KindRegistration, centraltest.Registration(i))
	go push(k, []wire.Record{rec}) // its answer never comes: central is killed first
	select {
	case <-gw.arrived:
	case <-time.After(60 * time.Second):
		t.Fatalf("the outcome SMS never reached the gateway:\n%s", p.logs)
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()

	again := start(t, bin, serveArgs)
	k.Base = "https://" + again.addr
	if st := k.Status(t, rec.Ref); st.State != wire.StateCompleted {
		t.Fatalf("after the restart the registration is %+v", st)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		gw.mu.Lock()
		posts := gw.posts[gw.delivered[0].ID]
		gw.mu.Unlock()
		if posts >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the queued SMS was not sent again after the restart:\n%s", again.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // room for a third post, which must not come
	gw.mu.Lock()
	defer gw.mu.Unlock()
	person := backoffice.SyntheticPerson(i)
	if len(gw.delivered) != 1 || gw.delivered[0].To != person.Mobile || !strings.Contains(gw.delivered[0].Text, rec.Ref) {
		t.Fatalf("delivered %+v, want one message to %s with %s", gw.delivered, person.Mobile, rec.Ref)
	}
	if n := gw.posts[gw.delivered[0].ID]; n != 2 {
		t.Errorf("posted %d times under its key, want 2 (before the kill, after the restart)", n)
	}
}
