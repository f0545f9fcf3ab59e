package proof

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/client"
)

// sensorErrors are every error a capture can meet: each confirmation code, the
// link faults, an unplugged sensor, no finger in time, and one unforeseen.
func sensorErrors() []error {
	errs := []error{context.DeadlineExceeded, fingerprint.ErrNoFinger, fingerprint.ErrChecksum, fingerprint.ErrNoReply,
		fingerprint.ErrProtocol, fingerprint.ErrShort, fingerprint.ErrSync, fingerprint.ErrLength, fingerprint.ErrPID,
		fmt.Errorf("fingerprint: %w", manager.ErrUnavailable), errors.New("something else"), &fingerprint.Error{Code: 0x7f}}
	for _, c := range Codes {
		errs = append(errs, &fingerprint.Error{Code: c})
	}
	return errs
}

// captureKeys are the keys the capture says in every state, for every
// problem, before and after the switch to the other finger.
func captureKeys(t *testing.T) []string {
	var keys []string
	for _, err := range sensorErrors() {
		p := Explain(err)
		if p.Key == "" {
			t.Fatalf("%v: no problem", err)
		}
		keys = append(keys, ProblemSpeech(p).Keys()...)
	}
	keys = append(keys, ProblemSpeech(Problem{Key: "proof.no_match", Hint: "proof.hint.again", Counts: true}).Keys()...)
	for s := StatePlace; s <= StateStopped; s++ {
		for _, switched := range []bool{false, true} {
			for _, f := range []Finger{RightIndex, LeftIndex} {
				c := &Capture{state: s, switched: switched, problem: Explain(&fingerprint.Error{Code: fingerprint.CodeImageMessy})}
				c.attempts.finger = f
				id, u := c.Speech()
				if u.Empty() {
					t.Errorf("capture %s says nothing", id)
				}
				keys = append(keys, u.Keys()...)
			}
		}
	}
	return keys
}

// TestEveryProofScreenAndErrorHasAPrompt is the spoken counterpart of the text
// completeness test for everything that proves the person: every prover
// screen (at a kiosk and an ATM, online and off, with every reason and every
// error it shows), every capture state and sensor problem, and every error of
// the ID form has a spoken prompt in both languages.
func TestEveryProofScreenAndErrorHasAPrompt(t *testing.T) {
	keys := captureKeys(t)

	// The ID form: every identity rule a typed number can break, and the form's own.
	var form IDForm
	for _, typed := range []string{"", "12a4567890", "123", "1000000001", "5000000000", "3"} {
		form.text = typed
		if _, ok := form.Submit(); ok {
			t.Fatalf("%q accepted", typed)
		}
		keys = append(keys, form.ErrorPrompt())
	}
	form.FillFromDocument(mrz.Document{})
	keys = append(keys, form.ErrorPrompt(), KeyIDField)
	form.SetError("proof.id.invalid")
	keys = append(keys, form.ErrorPrompt())

	// The prover, on every screen.
	for _, atm := range []bool{false, true} {
		for _, live := range []bool{false, true} {
			p := NewProver(ProverConfig{ATM: atm, Deps: ProverDeps{Live: (*client.Client)(nil), Online: func() bool { return live }}})
			p.challenge.MaskedMobile = "05*****123"
			for s := ProveChoose; s < ProveDone; s++ {
				if s == ProveCard {
					continue // the bank card screen says nothing yet
				}
				p.step, p.capture, p.left = s, NewCapture(CaptureOptions{}), 7*time.Minute
				variants := []func(){func() {}}
				switch s {
				case ProveNoFinger:
					variants = nil
					for _, r := range []string{NoFingerDeclined, NoFingerExhausted, NoFingerOnRecord} {
						variants = append(variants, func() { p.reason = r })
					}
				case ProveLogin:
					for _, e := range []string{"prove.login.empty", "prove.login.wrong", "prove.code.rate_limited"} {
						variants = append(variants, func() { p.loginErr = e })
					}
				case ProveCode:
					for _, e := range []string{"prove.code.digits", "prove.code.wrong", "prove.code.expired", "prove.code.rate_limited"} {
						variants = append(variants, func() { p.codeErr, p.triesLeft = e, 2 })
					}
				case ProveNetwork:
					variants = append(variants, func() { p.lost = true })
				case ProveID:
					variants = append(variants, func() { p.form.SetError("proof.id.document_unusable") })
				}
				for _, v := range variants {
					v()
					id, u := p.Speech()
					if u.Empty() {
						t.Errorf("prover %s (atm %v, live %v) says nothing", id, atm, live)
					}
					keys = append(keys, u.Keys()...)
				}
			}
			p.Session.busy = true
			_, u := p.Speech()
			keys = append(keys, u.Keys()...)
		}
	}
	speechtest.AssertPrompts(t, nil, keys...)
}

// TestCaptureSaysWhatChanged: each new state, problem or finger is said once;
// a redraw with nothing new says nothing again.
func TestCaptureSaysWhatChanged(t *testing.T) {
	c := &Capture{}
	seen := map[string]bool{}
	say := func() string {
		id, _ := c.Speech()
		seen[id] = true
		return id
	}
	first := say()
	if again := say(); again != first {
		t.Fatalf("the same state has two IDs: %s, %s", first, again)
	}
	c.problem, c.state = Problem{Key: "proof.no_match", Hint: "proof.hint.again", Counts: true}, StateLift
	if say() == first {
		t.Error("a failed try says nothing new")
	}
	_, u := c.Speech()
	if k := u.Keys(); len(k) != 3 || k[0] != "speech.proof.no_match" || k[2] != "speech.proof.lift" {
		t.Errorf("a failed try says %v", k)
	}
	c.attempts.failed[RightIndex], c.switched, c.state = MaxAttempts, true, StateLift
	c.attempts.finger = LeftIndex
	_, u = c.Speech()
	if k := u.Keys(); len(k) < 2 || k[1] != "speech.proof.hint.other_finger.left_index" {
		t.Errorf("after the switch it says %v, want the left index finger", k)
	}
	// A device fault spells its code for the staff; a finger problem has its own words.
	if u := ProblemSpeech(Explain(&fingerprint.Error{Code: fingerprint.CodeFlashError})); len(u.Parts) < 2 || u.Parts[1].Spell != "18" {
		t.Errorf("a flash error says %+v, want its code 18 spelled", u)
	}
	if k := ProblemSpeech(Explain(&fingerprint.Error{Code: fingerprint.CodeImageMessy})).Keys(); k[0] != "speech.proof.code.0x06" || k[1] != "speech.proof.hint.harder" {
		t.Errorf("a messy image says %v", k)
	}
}
