package transfer_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/transfer"
)

// TestReceiptAfterReenrolment: a bundle exported before a re-enrolment is
// imported at central under the kiosk's old ID, and its receipt, brought back
// after the kiosk has a new ID, marks the records delivered — when the
// re-enrolment retired the old identity first (transfer.Retire, as the kiosk
// does). Without it the receipt is another kiosk's and changes nothing.
func TestReceiptAfterReenrolment(t *testing.T) {
	for _, tc := range []struct {
		name   string
		retire bool
	}{
		{"when the old identity was retired, its receipt is taken", true},
		{"when it was not, the receipt is another kiosk's", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			dir := t.TempDir()
			cl, _, key := k.central.Client(t, dir, "kiosk R")
			old, err := transfer.LoadIdentity(dir)
			if err != nil {
				t.Fatal(err)
			}
			box, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: old.KioskID,
				Key: func() (seal.PublicKey, error) { return key, nil }})
			if err != nil {
				t.Fatal(err)
			}
			defer box.Close()
			ks := &kioskSide{id: old, client: cl, box: box}
			ids := k.enqueue(ks, 3)
			bundle := k.export(ks)

			// Re-enrolment on the staff screen: same directory, a new code.
			if tc.retire {
				if err := transfer.Retire(dir); err != nil {
					t.Fatal(err)
				}
			}
			ncl, err := client.Enroll(context.Background(), k.central.URL, dir, client.Enrollment{Code: k.central.EnrollCode(t), CA: k.central.CAPEM}, client.Options{})
			if err != nil {
				t.Fatalf("re-enrol: %v", err)
			}
			defer ncl.Close()
			now, err := transfer.LoadIdentity(dir)
			if err != nil {
				t.Fatal(err)
			}
			if now.KioskID == old.KioskID {
				t.Fatalf("re-enrolment kept kiosk ID %s", old.KioskID)
			}

			rc, sum := k.mustImport(bundle)
			if sum.Accepted != len(ids) {
				t.Fatalf("central took %d of %d records of the old ID's bundle: %+v", sum.Accepted, len(ids), sum)
			}
			imp, err := transfer.ImportReceipt(box, now, rc)
			if !tc.retire {
				if !errors.Is(err, transfer.ErrOtherKiosk) || stats(t, ks).Queued != len(ids) {
					t.Fatalf("ImportReceipt = %+v, %v; want ErrOtherKiosk and nothing changed", imp, err)
				}
				return
			}
			if err != nil || imp.Delivered != len(ids) {
				t.Fatalf("ImportReceipt = %+v, %v; want %d delivered", imp, err, len(ids))
			}
			for _, id := range ids {
				if r, err := box.Get(id); err != nil || r.State != outbox.Delivered {
					t.Fatalf("record %s: %v, %v", id, r.State, err)
				}
			}
			// Retiring twice notes the old ID once; the next start still knows it.
			if err := transfer.Retire(dir); err != nil {
				t.Fatal(err)
			}
			again, err := transfer.LoadIdentity(dir)
			if err != nil || len(again.Former) != 2 || again.Former[0].KioskID != old.KioskID || again.Former[1].KioskID != now.KioskID {
				t.Fatalf("former IDs after a second retire: %+v, %v", again, err)
			}
			if err := transfer.Retire(dir); err != nil {
				t.Fatal(err)
			}
			if again, _ = transfer.LoadIdentity(dir); len(again.Former) != 2 {
				t.Fatalf("the same ID retired twice: %d former", len(again.Former))
			}
			// Another kiosk's receipt is still refused.
			other := k.enrol("kiosk O")
			k.enqueue(other, 1)
			orc, _ := k.mustImport(k.export(other))
			if _, err := transfer.ImportReceipt(box, again, orc); !errors.Is(err, transfer.ErrOtherKiosk) {
				t.Fatalf("another kiosk's receipt: %v", err)
			}
		})
	}
}
