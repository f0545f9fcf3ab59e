package transfer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/transfer"
	"github.com/bawaba/bawaba/sync/wire"
)

// kit is one central service and one enrolled kiosk with a real outbox and a
// "stick" (a directory), for the export → import → receipt round trips.
type kit struct {
	t       *testing.T
	central *centraltest.Central
	kiosk   *kioskSide
	stick   string
	person  int // the next synthetic person to register
}

// kioskSide is an enrolled kiosk: its identity, client and outbox.
type kioskSide struct {
	id     *transfer.Identity
	client *client.Client
	box    *outbox.Store
}

func newKit(t *testing.T) *kit {
	t.Helper()
	c := centraltest.Start(t, centraltest.Options{People: 100})
	k := &kit{t: t, central: c, stick: t.TempDir(), person: 1}
	k.kiosk = k.enrol("kiosk A")
	return k
}

// enrol enrols another kiosk with the kit's central.
func (k *kit) enrol(name string) *kioskSide {
	t := k.t
	t.Helper()
	dir := t.TempDir()
	cl, _, key := k.central.Client(t, dir, name)
	id, err := transfer.LoadIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if id.KioskID != cl.KioskID() {
		t.Fatalf("identity %s, client %s", id.KioskID, cl.KioskID())
	}
	box, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{KioskID: id.KioskID,
		Key: func() (seal.PublicKey, error) { return key, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { box.Close() })
	return &kioskSide{id: id, client: cl, box: box}
}

// enqueue takes n registrations of people not registered yet at the kiosk.
func (k *kit) enqueue(ks *kioskSide, n int) []string {
	k.t.Helper()
	var ids []string
	for range n {
		pt, _ := json.Marshal(centraltest.Registration(k.person))
		k.person++
		r, err := ks.box.Enqueue(outbox.Request{Kind: wire.KindRegistration, Payload: pt})
		if err != nil {
			k.t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// export writes a bundle of ks's pending records to the stick.
func (k *kit) export(ks *kioskSide) string {
	k.t.Helper()
	ex, err := transfer.Export(ks.box, ks.id, k.stick, transfer.ExportOptions{})
	if err != nil {
		k.t.Fatalf("export: %v", err)
	}
	return ex.Path
}

// centralImport imports a bundle file at central as `central import` does.
func (k *kit) centralImport(path string) ([]byte, central.ImportSummary, error) {
	k.t.Helper()
	b, err := transfer.ReadFile(path)
	if err != nil {
		k.t.Fatal(err)
	}
	return k.central.Server.Import(context.Background(), b, nil)
}

// mustImport is centralImport that must succeed.
func (k *kit) mustImport(path string) ([]byte, central.ImportSummary) {
	k.t.Helper()
	rc, sum, err := k.centralImport(path)
	if err != nil {
		k.t.Fatalf("central import: %v", err)
	}
	return rc, sum
}

// sync delivers up to max pending records over the network, as the sync engine
// does (lease, push, mark delivered what central holds), and returns how many
// central accepted as new.
func (k *kit) sync(ks *kioskSide, max int) (accepted int) {
	t := k.t
	t.Helper()
	recs, err := ks.box.Lease(max, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		return 0
	}
	batch := make([]wire.Record, len(recs))
	for i, r := range recs {
		batch[i] = wire.Record{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Ref: r.Ref, Created: r.Created, KeyID: r.KeyID, Sealed: r.Sealed}
	}
	res, err := ks.client.Push(context.Background(), batch)
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	var held []string
	for _, r := range res {
		switch r.Status {
		case wire.StatusAccepted:
			accepted++
			held = append(held, r.ID)
		case wire.StatusDuplicate:
			held = append(held, r.ID)
		default:
			t.Fatalf("push: %+v", r)
		}
	}
	if err := ks.box.MarkDelivered(held...); err != nil {
		t.Fatal(err)
	}
	return accepted
}

// stats is the outbox's counts.
func stats(t *testing.T, ks *kioskSide) outbox.Stats {
	t.Helper()
	st, err := ks.box.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// counts is the outbox's counts per state and bytes held, without the ages that
// move with the clock.
func counts(t *testing.T, ks *kioskSide) [6]int64 {
	st := stats(t, ks)
	return [6]int64{int64(st.Queued), int64(st.InFlight), int64(st.NeedsAttention), int64(st.Delivered), st.Bytes, int64(st.Quarantined)}
}

// exactlyOnce checks central holds exactly the records ids, each applied once: a
// registration applied twice would have its status overwritten as declined
// (account exists), so every one must be completed.
func (k *kit) exactlyOnce(ids []string) {
	t := k.t
	t.Helper()
	recs, err := k.central.Admin.Records(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	got := map[string]bool{}
	for _, r := range recs {
		if got[r.ID] {
			t.Errorf("record %s stored twice", r.ID)
		}
		got[r.ID] = true
		if !want[r.ID] {
			t.Errorf("central holds record %s nobody sent", r.ID)
		}
		if r.State != wire.StateCompleted {
			t.Errorf("record %s: state %s %s, want completed (applied twice?)", r.ID, r.State, r.Code)
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("record %s lost: not at central", id)
		}
	}
	if t.Failed() {
		t.Fatalf("central holds %d records, want %d", len(recs), len(ids))
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func isAny(err error, targets ...error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// bundleOf writes a bundle claiming kioskID, signed with id's key and chain.
func bundleOf(t *testing.T, kioskID string, id *transfer.Identity, recs []outbox.Record) []byte {
	t.Helper()
	b := &transfer.Bundle{ID: transfer.NewBundleID(), KioskID: kioskID, Created: time.Now(), Chain: id.Chain}
	for _, r := range recs {
		b.Records = append(b.Records, wire.Record{ID: r.ID, Kind: r.Kind, KioskID: r.KioskID, Ref: r.Ref, Created: r.Created, KeyID: r.KeyID, Sealed: r.Sealed})
	}
	var buf bytes.Buffer
	if err := transfer.WriteBundle(&buf, b, id.Signer, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceLast replaces the last occurrence of old, which must be there.
func replaceLast(b []byte, old, new string) []byte {
	i := bytes.LastIndex(b, []byte(old))
	if i < 0 {
		panic("replaceLast: " + old + " not found")
	}
	return append(append(append([]byte{}, b[:i]...), new...), b[i+len(old):]...)
}

// mustOne returns the only bundle on the stick.
func mustOne(t *testing.T, stick string) string {
	t.Helper()
	files, err := transfer.Files(stick, transfer.BundleExt)
	if err != nil || len(files) != 1 {
		t.Fatalf("bundles on the stick: %v %v", files, err)
	}
	return files[0]
}
