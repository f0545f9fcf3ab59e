package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
)

func TestDeliveryOverMutualTLS(t *testing.T) {
	c := mustCentral(t)
	k := mustEnroll(t, c)
	st := k.openOutbox(t)
	defer st.Close()
	want := fill(t, st, 1000, 2048)

	cl, err := client.Open(c.URL, k.dir, client.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	e := engine.New(st, cl, engine.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	defer func() { cancel(); <-done }()

	waitFor(t, "all delivered", 2*time.Minute, func() (bool, string) {
		s, _ := st.Stats()
		return s.Delivered == len(want), describe(st)
	})
	checkExactlyOnce(t, c, st, want)
	if s := e.Status(); !s.Online || s.Delivered != len(want) {
		t.Fatalf("engine status %+v", s)
	}
}
