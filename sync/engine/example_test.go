package engine_test

import (
	"context"
	"fmt"
	"log"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// The kiosk wires the outbox and the client straight into the engine, runs it in
// the background, kicks it after every Enqueue and shows its events.
func Example() {
	ctx := context.Background()
	store, err := outbox.Open("/var/lib/bawaba/outbox.db", outbox.Options{KioskID: "kiosk-7"})
	if err != nil {
		log.Fatal(err)
	}
	cl, err := client.Open("https://central.example:8443", "/var/lib/bawaba/identity", client.Options{})
	if err != nil {
		log.Fatal(err)
	}
	e := engine.New(store, cl, engine.Options{})
	go e.Run(ctx)

	events, stop := e.Subscribe()
	defer stop()
	go func() {
		for s := range events {
			// On the UI goroutine (fyne.Do) in the real kiosk.
			fmt.Printf("online=%v queued=%d attention=%d\n", s.Online, s.Queued, s.NeedsAttention)
		}
	}()

	if _, err := store.Enqueue(outbox.Request{Kind: wire.KindAddressUpdate, Payload: []byte(`{}`)}); err == nil {
		e.Kick() // deliver now rather than at the next idle poll
	}
	if !e.Online() {
		fmt.Println("queued; it will be sent when the central service is reachable")
	}
}
