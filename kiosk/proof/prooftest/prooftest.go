// Package prooftest plugs the fingerprint and document-reader simulators into
// real pseudo-terminals and runs a device manager on them, for the tests of the
// services that prove the person (kiosk/proof, kiosk/activate, …).
package prooftest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/docreader/docreadersim"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/simport"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/backoff"
)

// Devices are the simulators and the manager that drives them.
type Devices struct {
	M          *manager.Manager
	Finger     *fingerprintsim.Sim
	Doc        *docreadersim.Sim
	Card       *cardreadersim.Sim
	FingerHost *simport.Host
	DocHost    *simport.Host
	CardHost   *simport.Host
	Events     <-chan manager.Event
	Ctx        context.Context
}

// Start plugs both simulators in, starts a manager with short poll and backoff
// times, and waits until both devices are online. Everything stops at cleanup.
func Start(t testing.TB) *Devices {
	t.Helper()
	dir := t.TempDir()
	d := &Devices{Finger: fingerprintsim.New(50), Doc: &docreadersim.Sim{}, Card: &cardreadersim.Sim{}}
	d.FingerHost = simport.NewHost(filepath.Join(dir, "fingerprint"), d.Finger)
	d.DocHost = simport.NewHost(filepath.Join(dir, "docreader"), d.Doc)
	d.CardHost = simport.NewHost(filepath.Join(dir, "cardreader"), d.Card)
	for _, h := range []*simport.Host{d.FingerHost, d.DocHost, d.CardHost} {
		if err := h.Plug(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
	}
	m, err := manager.New([]manager.Device{
		{Kind: manager.Fingerprint, Path: d.FingerHost.Link(), Baud: 57600,
			Fingerprint: fingerprint.Options{Poll: 20 * time.Millisecond, Timeout: time.Second}},
		{Kind: manager.DocReader, Path: d.DocHost.Link(), Baud: 9600},
		{Kind: manager.CardReader, Path: d.CardHost.Link(), Baud: 9600},
	}, manager.Options{
		Backoff:     backoff.Options{Base: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		HealthEvery: 100 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	d.M = m
	ctx, cancel := context.WithCancel(context.Background())
	d.Ctx = ctx
	var unsub func()
	d.Events, unsub = m.Subscribe(64)
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; unsub() })
	d.WaitOnline(t, string(manager.Fingerprint))
	d.WaitOnline(t, string(manager.DocReader))
	d.WaitOnline(t, string(manager.CardReader))
	return d
}

// Sensor is the simulated sensor as the proof sees it.
func (d *Devices) Sensor() proof.Sensor {
	return proof.ManagerSensor{M: d.M, Name: string(manager.Fingerprint), Poll: 20 * time.Millisecond}
}

// WaitOnline waits until the named device is online again.
func (d *Devices) WaitOnline(t testing.TB, name string) {
	t.Helper()
	Eventually(t, name+" online", func() bool {
		st, err := d.M.Status(name)
		return err == nil && st.State == manager.StateOnline
	})
}

// NextDocument inserts the document into the reader and returns what the manager
// read from the line.
func (d *Devices) NextDocument(t testing.TB, doc mrz.Document) mrz.Document {
	t.Helper()
	lines, err := mrz.Compose(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Doc.InsertLines(lines); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-d.Events:
			if e.Type == manager.DocumentRead && e.Document != nil {
				return *e.Document
			}
		case <-deadline:
			t.Fatal("no document read")
		}
	}
}

// NextCard swipes c and returns what the manager read from the line: the card,
// or the error of a bad swipe.
func (d *Devices) NextCard(t testing.TB, c cardreadersim.Card) (*magstripe.Card, error) {
	t.Helper()
	if err := d.Card.Swipe(c); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(30 * time.Second)
	for {
		select {
		case e := <-d.Events:
			if e.Type == manager.CardInserted {
				return e.Card, e.Err
			}
		case <-deadline:
			t.Fatal("no card read")
		}
	}
}

// Eventually polls cond until it holds, failing the test after 30 s (a loaded
// machine with two cores is slow, not broken).
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
