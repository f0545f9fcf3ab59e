package prooftest

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	gosync "sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// Kiosk is a kiosk's parts for a service test, built on sync/central/centraltest:
// its real central service on loopback mutual TLS with 40 synthetic people (the
// bbolt file at CentralDB), a client enrolled by centraltest.Central.Client, a
// real sealed outbox (its file at OutboxPath), and the simulators on ptys.
type Kiosk struct {
	C          *centraltest.Central
	Client     *client.Client
	Outbox     *outbox.Store
	OutboxPath string
	CentralDB  string
	Devices    *Devices
	// CentralLog is what central logged (JSON lines), for scans that no
	// personal data is logged.
	CentralLog *SafeBuffer
}

// SafeBuffer is a bytes.Buffer safe for concurrent writes, as a log's output.
type SafeBuffer struct {
	mu  gosync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *SafeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes returns a copy of what was written.
func (b *SafeBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// StartKiosk starts everything; it stops at cleanup.
func StartKiosk(t testing.TB) *Kiosk {
	t.Helper()
	dir := t.TempDir()
	k := &Kiosk{OutboxPath: filepath.Join(dir, "outbox.db"), CentralDB: filepath.Join(dir, "central.db"), CentralLog: &SafeBuffer{}}
	log := slog.New(slog.NewJSONHandler(k.CentralLog, &slog.HandlerOptions{Level: slog.LevelDebug}))
	k.C = centraltest.Start(t, centraltest.Options{People: 40, Central: central.Options{Logger: log}, Open: func(tb testing.TB) store.Store {
		s, err := boltstore.Open(k.CentralDB, 0)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}})
	cl, _, key := k.C.Client(t, filepath.Join(dir, "kiosk"), "service test")
	k.Client = cl
	var err error
	k.Outbox, err = outbox.Open(k.OutboxPath, outbox.Options{KioskID: cl.KioskID(), Key: func() (seal.PublicKey, error) { return key, nil }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Outbox.Close() })
	k.Devices = Start(t)
	return k
}

// Deliver runs the sync engine until central has decided the request ref.
func (k *Kiosk) Deliver(t testing.TB, ref string) wire.RequestStatus {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e := engine.New(k.Outbox, k.Client, engine.Options{})
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	defer func() { cancel(); <-done }()
	var st wire.RequestStatus
	Eventually(t, "central decides "+ref, func() bool {
		s, err := k.Client.RequestStatus(context.Background(), ref)
		st = s
		return err == nil && s.State != wire.StateReceived
	})
	// The push's answer comes after central sent its SMS; stopping the engine
	// before it came would cut those sends short, and the messages not yet sent
	// would wait for their lease to end.
	Eventually(t, "the push of "+ref+" answered", func() bool {
		r, err := k.Outbox.ByRef(ref)
		return err == nil && r.State == outbox.Delivered
	})
	return st
}

// RunEngine delivers the outbox to central in the background until the test ends.
func (k *Kiosk) RunEngine(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	e := engine.New(k.Outbox, k.Client, engine.Options{})
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

// Account registers synthetic person i at central (not active), activating the
// account too when active.
func (k *Kiosk) Account(t testing.TB, i int, active bool) backoffice.Person {
	t.Helper()
	return k.C.Account(t, i, active)
}

// AccountOf loads the account of id at central.
func (k *Kiosk) AccountOf(t testing.TB, id string) backoffice.Account {
	t.Helper()
	return k.C.AccountOf(t, id)
}

// ProverDeps are a proof.Prover's dependencies on this kiosk, for the tests of
// the services that run one: the real client, central reachable as online
// says, a lockout of its own, calls run at once (the way the services' tests
// drive the Fyne test driver) and a short wait for a finger. sensor is a
// Finger (no device) or Devices.Person (the simulator on a pty).
func (k *Kiosk) ProverDeps(sensor proof.Sensor, online func() bool) proof.ProverDeps {
	return proof.ProverDeps{Sensor: sensor, Live: k.Client, Online: online, Lockout: &proof.Lockout{},
		Go: func(f func()) { f() }, FingerTimeout: 2 * time.Second}
}
