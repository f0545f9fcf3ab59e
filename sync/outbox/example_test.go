package outbox_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
)

func Example() {
	dir, _ := os.MkdirTemp("", "outbox-example")
	defer os.RemoveAll(dir)
	// The kiosk only ever holds central.Public().
	central, _ := seal.GenerateKey("central-2026-01", time.Now().AddDate(1, 0, 0))

	store := outbox.OpenOrDegrade(filepath.Join(dir, "outbox.db"), outbox.Options{
		KioskID: "kiosk-0042",
		Key:     func() (seal.PublicKey, error) { return central.Public(), nil },
	})
	defer store.Close()
	if err := store.Frozen(); err != nil {
		fmt.Println("refuse new requests:", err) // the UI explains err's Reason
		return
	}

	// The person finishes a registration: durable before the screen says "done".
	rec, err := store.Enqueue(outbox.Request{
		Kind:    "registration",
		Payload: []byte(`{"name":"Test Resident","id_number":"2000000008"}`),
		Meta:    map[string]string{"service": "registration", "sms_expected": "true"},
	})
	if err != nil {
		fmt.Println("not saved:", err)
		return
	}
	fmt.Println(rec.State, len(rec.Ref))

	// The sync engine sends it and records the central service's acknowledgement.
	batch, _ := store.Lease(50, time.Minute)
	fmt.Println(len(batch), batch[0].State)
	_ = store.MarkDelivered(batch[0].ID)

	got, _ := store.ByRef(rec.Ref)
	fmt.Println(got.State, got.Sealed == nil)
	// Output:
	// queued 10
	// 1 in_flight
	// delivered true
}
