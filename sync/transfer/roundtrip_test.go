package transfer_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// The export → import → receipt round trip in every order the network can
// interleave with it. Each case counts at central: every record there once,
// applied once (0 lost, 0 applied twice), and at the kiosk: nothing left owed.
func TestRoundTripInEveryOrder(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, k *kit) (ids []string)
	}{
		{"export, import, receipt: all delivered by the stick alone", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 6)
			rc, sum := k.mustImport(k.export(k.kiosk))
			if sum.Accepted != 6 || sum.Duplicate != 0 || sum.Rejected != 0 {
				t.Fatalf("import: %+v", sum)
			}
			got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc)
			if err != nil || got.Delivered != 6 {
				t.Fatalf("receipt: %+v %v", got, err)
			}
			if n := k.sync(k.kiosk, 100); n != 0 {
				t.Fatalf("sync after the receipt sent %d", n)
			}
			return ids
		}},
		{"export, renew the kiosk's certificate, import: a bundle signed before the renewal is still the kiosk's", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 3)
			path := k.export(k.kiosk)
			if _, err := k.kiosk.client.Renew(context.Background()); err != nil {
				t.Fatalf("renew: %v", err)
			}
			if err := k.kiosk.client.Ping(context.Background()); err != nil { // retires the old certificate
				t.Fatalf("ping with the renewed certificate: %v", err)
			}
			rc, sum := k.mustImport(path)
			if sum.Accepted != 3 {
				t.Fatalf("import: %+v", sum)
			}
			if got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc); err != nil || got.Delivered != 3 {
				t.Fatalf("receipt: %+v %v", got, err)
			}
			return ids
		}},
		{"export, then sync, then import: the import finds duplicates, the receipt changes nothing", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 5)
			path := k.export(k.kiosk)
			if n := k.sync(k.kiosk, 100); n != 5 {
				t.Fatalf("sync accepted %d, want 5", n)
			}
			rc, sum := k.mustImport(path)
			if sum.Accepted != 0 || sum.Duplicate != 5 {
				t.Fatalf("import: %+v", sum)
			}
			before := stats(t, k.kiosk)
			if _, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc); !errors.Is(err, transfer.ErrReplayed) {
				t.Fatalf("receipt after sync: %v, want ErrReplayed", err)
			}
			if after := stats(t, k.kiosk); after.Delivered != before.Delivered || after.Undelivered() != 0 {
				t.Fatalf("stats %+v → %+v", before, after)
			}
			return ids
		}},
		{"import, then sync before the receipt comes back: the sync finds duplicates", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 5)
			rc, _ := k.mustImport(k.export(k.kiosk))
			if n := k.sync(k.kiosk, 100); n != 0 {
				t.Fatalf("sync after import: %d accepted as new, want 0", n)
			}
			if st := stats(t, k.kiosk); st.Undelivered() != 0 {
				t.Fatalf("after sync: %+v", st)
			}
			if _, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc); !errors.Is(err, transfer.ErrReplayed) {
				t.Fatalf("receipt: %v, want ErrReplayed", err)
			}
			return ids
		}},
		{"half synced after the export, more taken after: each record once, the new ones still owed", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 6)
			path := k.export(k.kiosk)
			if n := k.sync(k.kiosk, 3); n != 3 {
				t.Fatalf("sync accepted %d, want 3", n)
			}
			later := k.enqueue(k.kiosk, 2)
			rc, sum := k.mustImport(path)
			if sum.Accepted != 3 || sum.Duplicate != 3 {
				t.Fatalf("import: %+v", sum)
			}
			got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc)
			if err != nil || got.Delivered != 3 || got.Settled != 3 {
				t.Fatalf("receipt: %+v %v", got, err)
			}
			if st := stats(t, k.kiosk); st.Undelivered() != 2 {
				t.Fatalf("the two taken after the export: %+v", st)
			}
			if n := k.sync(k.kiosk, 100); n != 2 {
				t.Fatalf("sync accepted %d, want 2", n)
			}
			return append(ids, later...)
		}},
		{"the same bundle imported twice: the second finds every record there", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 4)
			path := k.export(k.kiosk)
			rc1, _ := k.mustImport(path)
			rc2, sum := k.mustImport(path)
			if sum.Accepted != 0 || sum.Duplicate != 4 {
				t.Fatalf("second import: %+v", sum)
			}
			if got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc2); err != nil || got.Delivered != 4 {
				t.Fatalf("second receipt first: %+v %v", got, err)
			}
			if _, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc1); !errors.Is(err, transfer.ErrReplayed) {
				t.Fatalf("first receipt after: %v, want ErrReplayed", err)
			}
			return ids
		}},
		{"a receipt imported twice: the second changes nothing", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 3)
			rc, _ := k.mustImport(k.export(k.kiosk))
			if _, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc); err != nil {
				t.Fatal(err)
			}
			before := counts(t, k.kiosk)
			if _, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc); !errors.Is(err, transfer.ErrReplayed) {
				t.Fatalf("again: %v, want ErrReplayed", err)
			}
			if after := counts(t, k.kiosk); after != before {
				t.Fatalf("stats %+v → %+v", before, after)
			}
			return ids
		}},
		{"two bundles, the second holding records of the first too", func(t *testing.T, k *kit) []string {
			ids := k.enqueue(k.kiosk, 2)
			first := k.export(k.kiosk)
			ids = append(ids, k.enqueue(k.kiosk, 2)...)
			second := t.TempDir() // another stick
			ex, err := transfer.Export(k.kiosk.box, k.kiosk.id, second, transfer.ExportOptions{})
			if err != nil || ex.Records != 4 {
				t.Fatalf("second export: %+v %v", ex, err)
			}
			rc2, _ := k.mustImport(ex.Path)
			rc1, sum := k.mustImport(first)
			if sum.Duplicate != 2 {
				t.Fatalf("first after second: %+v", sum)
			}
			for _, rc := range [][]byte{rc1, rc2} {
				transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc)
			}
			if st := stats(t, k.kiosk); st.Undelivered() != 0 || st.Delivered != 4 {
				t.Fatalf("%+v", st)
			}
			return ids
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.t = t
			ids := tc.run(t, k)
			k.exactlyOnce(ids)
			if st := stats(t, k.kiosk); st.Undelivered() != 0 {
				t.Fatalf("kiosk still owes %d records: %+v", st.Undelivered(), st)
			}
		})
	}
}

// A bundle central must not take at all: nothing of it is applied and no receipt
// is made.
func TestBundleRefused(t *testing.T) {
	tests := []struct {
		name  string
		make  func(t *testing.T, k *kit) []byte
		wants []error
	}{
		{"from a revoked kiosk", func(t *testing.T, k *kit) []byte {
			path := k.export(k.kiosk)
			if err := k.central.Admin.Revoke(context.Background(), k.kiosk.id.KioskID); err != nil {
				t.Fatal(err)
			}
			return readFile(t, path)
		}, []error{central.ErrBundleRefused}},
		{"tampered: one byte of a sealed record changed", func(t *testing.T, k *kit) []byte {
			b := readFile(t, k.export(k.kiosk))
			i := len(b) / 2
			b[i] ^= 0x01
			return b
		}, []error{transfer.ErrSignature, transfer.ErrFormat}},
		{"tampered: a record's kiosk ID changed", func(t *testing.T, k *kit) []byte {
			b := readFile(t, k.export(k.kiosk))
			return replaceLast(b, `"kiosk_id":"`+k.kiosk.id.KioskID, `"kiosk_id":"kiosk-0000000000`)
		}, []error{transfer.ErrSignature}},
		{"signed by another enrolled kiosk that claims to be this one", func(t *testing.T, k *kit) []byte {
			other := k.enrol("kiosk B")
			recs, _ := k.kiosk.box.Pending(0)
			b := bundleOf(t, k.kiosk.id.KioskID, other.id, recs)
			return b
		}, []error{transfer.ErrOtherKiosk}},
		{"from a kiosk of another central", func(t *testing.T, k *kit) []byte {
			k2 := newKit(t)
			recs, _ := k.kiosk.box.Pending(0)
			return bundleOf(t, k2.kiosk.id.KioskID, k2.kiosk.id, recs)
		}, []error{central.ErrBundleRefused}},
		{"not a bundle: someone's photo on the stick", func(t *testing.T, k *kit) []byte {
			return []byte("\xff\xd8\xff\xe0 JFIF")
		}, []error{transfer.ErrFormat}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.t = t
			k.enqueue(k.kiosk, 3)
			b := tc.make(t, k)
			rc, _, err := k.central.Server.Import(context.Background(), b, nil)
			if !errors.Is(err, central.ErrBundleRefused) || !isAny(err, tc.wants...) {
				t.Errorf("import: %v, want ErrBundleRefused and one of %v", err, tc.wants)
			}
			if rc != nil {
				t.Error("a receipt for a refused bundle")
			}
			if n := k.central.Records(t); n != 0 {
				t.Fatalf("central applied %d records of a refused bundle", n)
			}
			if st := stats(t, k.kiosk); st.Undelivered() != 3 {
				t.Fatalf("kiosk outbox changed: %+v", st)
			}
		})
	}
}

// A bundle cut short at any length is refused whole; nothing is applied.
func TestTruncatedBundleRefused(t *testing.T) {
	k := newKit(t)
	k.enqueue(k.kiosk, 3)
	b := readFile(t, k.export(k.kiosk))
	cuts := []int{0, 1, len(transfer.BundleMagic), len(transfer.BundleMagic) + 1, len(b) / 3, len(b) / 2, len(b) - 200, len(b) - 2, len(b) - 1}
	for n := 0; n < len(b); n += len(b)/97 + 1 {
		cuts = append(cuts, n)
	}
	for _, n := range cuts {
		_, _, err := k.central.Server.Import(context.Background(), b[:n], nil)
		if !errors.Is(err, central.ErrBundleRefused) || !isAny(err, transfer.ErrTruncated, transfer.ErrSignature, transfer.ErrFormat) {
			t.Fatalf("cut at %d of %d: %v", n, len(b), err)
		}
	}
	if n := k.central.Records(t); n != 0 {
		t.Fatalf("central applied %d records of truncated bundles", n)
	}
	// And the whole file still goes in.
	if _, sum := k.mustImport(filepath.Join(k.stick, transfer.Dir, filepath.Base(mustOne(t, k.stick)))); sum.Accepted != 3 {
		t.Fatalf("whole bundle: %+v", sum)
	}
}

// A receipt the kiosk must not act on changes nothing in its outbox.
func TestReceiptRefused(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte)
		want error
	}{
		{"for another kiosk", func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte) {
			other := k.enrol("kiosk B")
			k.enqueue(other, 1)
			return other, rc
		}, transfer.ErrOtherKiosk},
		{"tampered: a rejection turned into an acceptance", func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte) {
			return k.kiosk, replaceLast(rc, `"status":"accepted"`, `"status":"duplicate"`)
		}, transfer.ErrSignature},
		{"cut short", func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte) {
			return k.kiosk, rc[:len(rc)-10]
		}, transfer.ErrTruncated},
		{"signed by another central", func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte) {
			k2 := newKit(t)
			k2.enqueue(k2.kiosk, 1)
			rc2, _ := k2.mustImport(k2.export(k2.kiosk))
			return k.kiosk, rc2
		}, transfer.ErrSignature},
		{"a bundle offered as a receipt", func(t *testing.T, k *kit, rc []byte) (*kioskSide, []byte) {
			return k.kiosk, readFile(t, mustOne(t, k.stick))
		}, transfer.ErrFormat},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := newKit(t)
			k.t = t
			k.enqueue(k.kiosk, 3)
			rc, _ := k.mustImport(k.export(k.kiosk))
			ks, bad := tc.make(t, k, rc)
			before := counts(t, ks)
			if _, err := transfer.ImportReceipt(ks.box, ks.id, bad); !errors.Is(err, tc.want) {
				t.Fatalf("import receipt: %v, want %v", err, tc.want)
			}
			if after := counts(t, ks); after != before {
				t.Fatalf("outbox changed: %+v → %+v", before, after)
			}
		})
	}
}

// A record central refuses (here: sealed to no key central has) comes back in the
// receipt as refused and is parked for staff; the others are delivered.
func TestReceiptParksRefusedRecords(t *testing.T) {
	k := newKit(t)
	k.enqueue(k.kiosk, 2)
	recs, _ := k.kiosk.box.Pending(0)
	recs[1].KeyID = "no-such-key"
	b := bundleOf(t, k.kiosk.id.KioskID, k.kiosk.id, recs)
	rc, sum, err := k.central.Server.Import(context.Background(), b, nil)
	if err != nil || sum.Accepted != 1 || sum.Rejected != 1 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc)
	if err != nil || got.Delivered != 1 || got.Refused != 1 {
		t.Fatalf("receipt: %+v %v", got, err)
	}
	r, err := k.kiosk.box.Get(recs[1].ID)
	if err != nil || r.State != outbox.NeedsAttention || r.RejectCode == "" {
		t.Fatalf("refused record: %+v %v", r, err)
	}
}

// TestStaffAuditEntriesCountedApart carries two registrations and a staff
// audit entry on the stick: the export and the receipt count the audit entry
// apart, so staff are not told it is a resident's request.
func TestStaffAuditEntriesCountedApart(t *testing.T) {
	k := newKit(t)
	k.enqueue(k.kiosk, 2)
	pt, _ := json.Marshal(wire.StaffAudit{At: time.Now().UTC(), Staff: "1001", Action: "usb_export", Result: "ok"})
	if _, err := k.kiosk.box.Enqueue(outbox.Request{Kind: wire.KindStaffAudit, Payload: pt}); err != nil {
		t.Fatal(err)
	}
	ex, err := transfer.Export(k.kiosk.box, k.kiosk.id, k.stick, transfer.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Records != 3 || ex.Kinds[wire.KindRegistration] != 2 || ex.Kinds[wire.KindStaffAudit] != 1 {
		t.Fatalf("exported %d records, per kind %v", ex.Records, ex.Kinds)
	}
	rc, sum := k.mustImport(ex.Path)
	if sum.Accepted != 3 {
		t.Fatalf("import: %+v", sum)
	}
	got, err := transfer.ImportReceipt(k.kiosk.box, k.kiosk.id, rc)
	if err != nil || got.Delivered != 3 || got.DeliveredAudit != 1 {
		t.Fatalf("receipt: %+v %v", got, err)
	}
}
