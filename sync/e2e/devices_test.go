package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader"
	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/fingerprint/fingerprintsim"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/devices/serialport/serialporttest"
	"github.com/bawaba/bawaba/identity/bankcard"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/central/store/boltstore"
	"github.com/bawaba/bawaba/sync/engine"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/seal"
	"github.com/bawaba/bawaba/sync/wire"
)

// boltCentral starts central on a bbolt file at path, so a test can read the file.
func boltCentral(t *testing.T, path string) *centraltest.Central {
	return centraltest.Start(t, centraltest.Options{People: 20, Open: func(tb testing.TB) store.Store {
		st, err := boltstore.Open(path, 5*time.Second)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}})
}

// TestSimulatorFingerprintMatchesAtCentral reads a template from the fingerprint
// simulator over a pty with the kiosk's driver (UpChar) and asks central, over mutual
// TLS, whether it is the finger on record: the device's and central's template
// formats must agree.
func TestSimulatorFingerprintMatchesAtCentral(t *testing.T) {
	c := centraltest.Start(t, centraltest.Options{People: 20})
	// The registry person 1000000008, whose finger on record is the synthetic finger
	// named by their ID number.
	p := backoffice.SyntheticPerson(2)
	p.IDNumber, p.Mobile, p.CardPAN = "1000000008", "+966559990008", ""
	p.Fingerprint = biometric.SyntheticTemplate(p.IDNumber)
	line, _ := json.Marshal(p)
	if _, err := c.Admin.LoadRegistry(t.Context(), bytes.NewReader(line)); err != nil {
		t.Fatal(err)
	}
	cl, _, _ := c.Client(t, filepath.Join(t.TempDir(), "kiosk"), "devices e2e kiosk")

	sim := fingerprintsim.New(100)
	port := serialporttest.Serve(t, serialport.Config{Baud: 57600}, sim.Serve)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	sensor := fingerprint.New(port, fingerprint.Options{Poll: 20 * time.Millisecond})

	tests := []struct {
		name, finger string
		match        bool
	}{
		{"the person's own finger matches", "1000000008", true},
		{"another finger does not match", "2000000006", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim.Place(tt.finger)
			tmpl, err := sensor.CaptureTemplate(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(tmpl) != fingerprint.TemplateSize {
				t.Fatalf("sensor uploaded %d bytes, want %d", len(tmpl), fingerprint.TemplateSize)
			}
			res, err := cl.MatchFingerprint(ctx, wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: tmpl})
			if err != nil {
				t.Fatal(err)
			}
			if res.Match != tt.match || (res.Score >= biometric.Threshold) != tt.match {
				t.Fatalf("central: match %v score %.3f, want match %v", res.Match, res.Score, tt.match)
			}
		})
	}
}

// TestBankCardActivationKeepsNoPAN swipes the simulator's test cards over a pty,
// queues the sealed activations in a kiosk outbox, delivers them to central on bbolt
// and checks the outcomes, then that neither the kiosk's outbox file nor central's
// database file holds any synthetic card number in clear.
func TestBankCardActivationKeepsNoPAN(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "central.db")
	c := boltCentral(t, dbPath)
	cl, _, key := c.Client(t, filepath.Join(t.TempDir(), "kiosk"), "devices e2e kiosk")
	obPath := filepath.Join(t.TempDir(), "outbox.db")
	ob, err := outbox.Open(obPath, outbox.Options{KioskID: cl.KioskID(),
		Key: func() (seal.PublicKey, error) { return key, nil }, MaxRecords: 1000, MaxBytes: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	e := engine.New(ob, cl, engine.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	engineDone := make(chan error, 1)
	go func() { engineDone <- e.Run(ctx) }()
	stop := sync.OnceFunc(func() { cancel(); <-engineDone })
	defer stop()
	deliver := func(kind string, payload any) string {
		t.Helper()
		b, _ := json.Marshal(payload)
		r, err := ob.Enqueue(outbox.Request{Kind: kind, Payload: b})
		if err != nil {
			t.Fatal(err)
		}
		e.Kick()
		var st wire.RequestStatus
		waitFor(t, "outcome of "+kind, time.Minute, func() (bool, string) {
			st, err = cl.RequestStatus(ctx, r.Ref)
			return err == nil && (st.State == wire.StateCompleted || st.State == wire.StateDeclined), st.State + " " + describe(ob)
		})
		return st.State + " " + st.Code
	}

	// Person 1 (Test Resident 1) holds the simulator's "test-visa" card.
	p := backoffice.SyntheticPerson(1)
	if p.CardPAN != cardreadersim.TestPAN("400000", 1) {
		t.Fatalf("registry card %s is not the simulator's test-visa", bankcard.Mask(p.CardPAN))
	}
	if got := deliver(wire.KindRegistration, wire.Registration{IDType: p.IDType, IDNumber: p.IDNumber, Nationality: p.Nationality,
		BirthDate: p.BirthGregorian, Mobile: p.Mobile, Email: "test.person@example.com", Username: "TestUser" + p.IDNumber, Password: "Test-Pa55word!",
		Language: "en", TermsVersion: "2026-1"}); got != wire.StateCompleted+" " {
		t.Fatalf("registration: %s", got)
	}

	swipe := swiper(t)
	tests := []struct {
		name, card, id, want string
	}{
		{"another person's card is declined", "test-mada", p.IDNumber, wire.StateDeclined + " " + wire.DeclineCardMismatch},
		{"a card linked to no one, alone, is declined", "test-mada", "", wire.StateDeclined + " " + wire.DeclineCardMismatch},
		{"the person's own card alone activates their account (an ATM sends no ID)", "test-visa", "", wire.StateCompleted + " "},
		{"the person's own card again: the account is active already", "test-visa", "", wire.StateDeclined + " " + wire.DeclineAlreadyActive},
		{"the person's own card with the ID: active already too", "test-visa", p.IDNumber, wire.StateDeclined + " " + wire.DeclineAlreadyActive},
	}
	for _, tt := range tests {
		card := swipe(tt.card)
		if got := deliver(wire.KindActivation, card.Activation(tt.id)); got != tt.want {
			t.Fatalf("%s: activation %s, want %s", tt.name, got, tt.want)
		}
	}
	stop()
	ob.Close()
	if err := c.Store.Close(); err != nil {
		t.Fatal(err)
	}

	var pans []string
	for i := 1; i <= 20; i++ {
		pans = append(pans, backoffice.SyntheticPerson(i).CardPAN)
	}
	for _, name := range cardreadersim.Samples() {
		c, _ := cardreadersim.Sample(name)
		pans = append(pans, c.PAN)
	}
	for _, f := range []string{dbPath, obPath} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, pan := range pans {
			if bytes.Contains(b, []byte(pan)) {
				t.Errorf("%s holds card %s in clear", filepath.Base(f), bankcard.Mask(pan))
			}
		}
	}
}

// swiper returns a function that swipes a simulator sample card over a pty and
// returns what the kiosk's card reader driver reads.
func swiper(t *testing.T) func(sample string) magstripe.Card {
	sim := &cardreadersim.Sim{}
	port := serialporttest.Serve(t, serialport.Config{Baud: 9600}, sim.Serve)
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	results := make(chan cardreader.Result, 4)
	done := make(chan struct{})
	emit := func(r cardreader.Result) {
		select {
		case results <- r:
		case <-ctx.Done():
		}
	}
	go func() { (&cardreader.Reader{}).Run(ctx, port, emit); close(done) }()
	// The reader sees the cancellation at its next read timeout; the port closes after.
	t.Cleanup(func() { cancel(); <-done })
	return func(sample string) magstripe.Card {
		t.Helper()
		if err := sim.Insert(sample); err != nil {
			t.Fatal(err)
		}
		select {
		case r := <-results:
			if r.Err != nil || r.Card == nil {
				t.Fatalf("swipe %s: %v", sample, r.Err)
			}
			return *r.Card
		case <-ctx.Done():
			t.Fatalf("timed out waiting for the swipe of %s", sample)
		}
		return magstripe.Card{}
	}
}
