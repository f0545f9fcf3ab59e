package myid

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestEveryScreenAndErrorHasAPrompt: every step, the card's parts, each
// change of the QR and each outcome of a printed copy have a spoken prompt in
// both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	keys := []string{"speech.tile.myid", "speech.myid.card", "speech.myid.card.id", "speech.myid.card.action",
		"speech.myid.card.action.no_print", "speech.myid.qr.renewed", "speech.myid.qr.seconds", "speech.myid.qr.renew_failed",
		"speech.myid.qr.expired", "speech.myid.print.busy"}
	for _, st := range []Step{StepNeedsNetwork, StepWait, StepNoAccount, StepFailed, StepEnded} {
		keys = append(keys, "speech.myid."+map[Step]string{StepNeedsNetwork: "network", StepWait: "wait",
			StepNoAccount: "no_account", StepFailed: "failed", StepEnded: "ended"}[st])
	}
	for text, k := range printKeys {
		if !i18n.Default().Has(i18n.EN, text) {
			t.Errorf("%s is no screen text", text)
		}
		keys = append(keys, k)
	}
	speechtest.AssertPrompts(t, nil, keys...)
	speechtest.AssertDiacritised(t, keys...)
}

// TestMyIDIsSpoken shows the card with speech on: its prompt says the ID
// number only after the warning, a new code is said once when it is drawn
// (not every second), a failing renewal and an expired code once each, and a
// printed copy's outcome.
func TestMyIDIsSpoken(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			k := newKioskFull(t, l, nil, true, renew.Options{RenewBefore: 4 * time.Second, RetryEvery: time.Second}, time.Hour, rec)
			k.live.ttl = 7 * time.Second
			k.prove()
			k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
			var card speech.Utterance
			for _, u := range rec.Said() {
				if ks := u.Keys(); len(ks) > 0 && ks[0] == "speech.myid.card" {
					card = u
				}
			}
			if !slices.Contains(rec.Keys(), "speech.myid.wait") || card.Empty() {
				t.Fatalf("the wait and card screens were not said: %v", rec.Keys())
			}
			if !card.Personal() || !strings.Contains(rec.Spelled(), person.IDNumber) {
				t.Errorf("the card did not say the ID number: %+v", card)
			}
			// Three seconds later a new code is drawn: said once, with its seconds.
			k.waitFor("a renewed code said", func() bool { return slices.Contains(rec.Keys(), "speech.myid.qr.renewed") })
			time.Sleep(1500 * time.Millisecond) // a tick or more with the same code
			if n := count(rec.Keys(), "speech.myid.qr.renewed"); n != 1 {
				t.Errorf("the new code was said %d times", n)
			}
			k.live.set(client.ErrOffline)
			k.waitFor("the failure said", func() bool { return slices.Contains(rec.Keys(), "speech.myid.qr.renew_failed") })
			k.waitFor("the expiry said", func() bool { return slices.Contains(rec.Keys(), "speech.myid.qr.expired") })
			time.Sleep(1500 * time.Millisecond)
			if a, b := count(rec.Keys(), "speech.myid.qr.renew_failed"), count(rec.Keys(), "speech.myid.qr.expired"); a != 1 || b != 1 {
				t.Errorf("the failure said %d times, the expiry %d", a, b)
			}
			k.live.set(nil)
			k.waitFor("the code back", func() bool { return k.f.qrText != "" })
			k.tap(i18n.T(l, "myid.print"))
			k.waitFor("the copy said", func() bool { return slices.Contains(rec.Keys(), "speech.myid.print.done") })
			k.live.set(&client.HTTPError{Status: http.StatusForbidden, Code: wire.ErrProofFailed})
			k.waitFor("the end said", func() bool { return slices.Contains(rec.Keys(), "speech.myid.ended") })
			for _, u := range rec.Said() {
				if u.Lang != l && !slices.Contains(u.Keys(), "speech.language.ar.right") {
					t.Errorf("said %v in %q", u.Keys(), u.Lang)
				}
			}
			rec.AssertSaidKnown(t)
			rec.AssertNeverSaid(t, "T1")
			rec.AssertPersonalWarned(t, []string{person.IDNumber})
		})
	}
}

// TestMyIDSilentWithSpeechOff: with speech mode off the card, its renewals and
// the ID number never reach the engine.
func TestMyIDSilentWithSpeechOff(t *testing.T) {
	rec := &speechtest.Recorder{}
	k := newKioskFull(t, i18n.EN, nil, true, renew.Options{RenewBefore: 58 * time.Second}, time.Hour, rec)
	k.do(func() { k.s.SetSpeech(false) })
	rec.Reset()
	k.prove()
	k.waitFor("a renewal", func() bool { return len(k.live.requests()) >= 2 })
	if n := len(rec.Said()); n != 0 {
		t.Errorf("speech off, yet %d utterances: %v", n, rec.Keys())
	}
}

func count(keys []string, k string) int {
	n := 0
	for _, x := range keys {
		if x == k {
			n++
		}
	}
	return n
}
