package prooftest

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// Finger is a fingerprint sensor without a device, for the tests of services
// that run a proof.Prover: each Capture returns the synthetic template
// (identity/biometric) of the next finger placed, waiting for one until its
// context ends. A person's own finger is their ID number's template, the one
// the synthetic registry keeps on record.
type Finger struct{ next chan string }

// NewFinger returns a sensor with no finger on it.
func NewFinger() *Finger { return &Finger{next: make(chan string, 16)} }

// Place puts a finger on the sensor for the next capture: the synthetic finger
// of that name (an ID number for the person's own).
func (f *Finger) Place(name string) { f.next <- name }

// Capture implements proof.Sensor.
func (f *Finger) Capture(ctx context.Context) ([]byte, error) {
	select {
	case name := <-f.next:
		return biometric.SyntheticTemplate(name), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// WaitLifted implements proof.Sensor: the finger is lifted at once.
func (f *Finger) WaitLifted(context.Context) error { return nil }

// tap taps the prover's button name, failing if it is not on screen or is
// under the 48 dp touch target.
func tap(t testing.TB, p *proof.Prover, name string) {
	t.Helper()
	b, ok := p.Button(name)
	tapButton(t, b, ok, name, "step "+p.Step().String())
}

// expect fails unless the prover is on step s.
func expect(t testing.TB, p *proof.Prover, s proof.ProverStep) {
	t.Helper()
	if p.Step() != s {
		t.Fatalf("prover on step %s (reason %q), want %s", p.Step(), p.Reason(), s)
	}
}

// ProveByFinger takes a prover on its first screen (at a kiosk) past the proof
// by fingerprint: "with my fingerprint" (unless NoCode asks the ID at once),
// the ID number typed, and the finger of that ID placed on f (the prover's
// Deps.Sensor). The services' Go must run calls at once
// (`func(f func()) { f() }`), as the services' tests do; the prover is then
// done and OnProven has run.
func ProveByFinger(t testing.TB, p *proof.Prover, f *Finger, id string) {
	t.Helper()
	if p.Step() != proof.ProveID {
		expect(t, p, proof.ProveChoose)
		tap(t, p, "finger")
	}
	expect(t, p, proof.ProveID)
	test.Type(p.Form().Field(), id)
	f.Place(id)
	tap(t, p, "next")
	expect(t, p, proof.ProveDone)
}

// ProveByPassword takes a prover on its first screen (at a kiosk, online), or
// on a screen that offers the password instead of the finger, past the proof by username, password and the code sent to the registered number,
// for the account centraltest.Central.Account(t, i, true) made: the code is
// read from central's SMS log.
func ProveByPassword(t testing.TB, p *proof.Prover, c *centraltest.Central, i int) {
	t.Helper()
	tap(t, p, "password")
	expect(t, p, proof.ProveLogin)
	user, pass, _ := p.Fields()
	test.Type(user, centraltest.Username(i))
	test.Type(pass, centraltest.Password)
	tap(t, p, "send_code")
	expect(t, p, proof.ProveCode)
	_, _, code := p.Fields()
	test.Type(code, c.LastCode(t, backoffice.SyntheticPerson(i).Mobile))
	tap(t, p, "next")
	expect(t, p, proof.ProveDone)
}

// Card is the bank card of synthetic person i (backoffice.SyntheticPerson), as
// the card reader reads it.
func Card(t testing.TB, i int) *magstripe.Card { return CardExpiring(t, i, "3012") }

// CardExpiring is Card with the expiry yymm (YYMM) on its stripe.
func CardExpiring(t testing.TB, i int, yymm string) *magstripe.Card {
	t.Helper()
	pan := backoffice.SyntheticPerson(i).CardPAN
	c, err := magstripe.ParseTrack2([]byte(";" + pan + "=" + yymm + "101?"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ProveByCard takes a prover on its first screen in ATM mode past the proof by
// the bank card of synthetic person i: online the card alone proves them (no
// ID number is asked); offline, with the ID screen the prover then shows,
// their ID number is typed too, for the sealed record.
func ProveByCard(t testing.TB, p *proof.Prover, i int) {
	t.Helper()
	expect(t, p, proof.ProveCard)
	p.CardInserted(Card(t, i), nil)
	if p.Step() == proof.ProveID {
		test.Type(p.Form().Field(), backoffice.SyntheticPerson(i).IDNumber)
		tap(t, p, "next")
	}
	expect(t, p, proof.ProveDone)
}
