package atm

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// ui is prooftest's UI kit on the ATM activation.
type ui struct {
	*prooftest.UI
	t    *testing.T
	f    *Flow
	lang i18n.Lang
}

func start(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer) *ui {
	t.Helper()
	f := New(Options{Go: func(fn func()) { fn() }, DecisionWait: 30 * time.Second, PollEvery: 50 * time.Millisecond, Deps: Deps{
		Queue: k.Outbox, Printer: prn, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID()}})
	u := &ui{t: t, f: f, lang: lang}
	u.UI = prooftest.StartUI(t, f, lang, "atm", func() string { return "step " + f.Step().String() })
	return u
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (card %q outcome %q), want %s", u.f.Step(), u.f.CardError(), u.f.Outcome(), s)
	}
}

func cardOf(p backoffice.Person) cardreadersim.Card {
	return cardreadersim.Card{PAN: p.CardPAN, Name: "RESIDENT/TEST", Expiry: "3012", Service: "201", Track1: true, Track2: true}
}

// TestATMActivation drives the ATM activation through the real shell, a real
// central, the sealed outbox and the card-reader simulator on a pty, in Arabic
// and English: the card alone, no ID number typed; then scans the outbox and
// central's store for the card numbers.
func TestATMActivation(t *testing.T) {
	k := prooftest.StartKiosk(t)
	k.RunEngine(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	var pans []string
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the person's own card is inserted, central activates their account", func(t *testing.T) {
				p := k.Account(t, base+4, false)
				pans = append(pans, p.CardPAN)
				u := start(t, k, lang, &online, prn)
				u.Snap("card")
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepConfirm)
				u.Snap("confirm")
				u.Tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeActivated || !k.AccountOf(t, p.IDNumber).Active {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.ExpectKey("atm.take_card")
				u.Snap("activated")
				r := prn.Last()
				if strings.Contains(fmt.Sprint(r), p.CardPAN) || !strings.Contains(r.Lines[0].EN, p.CardPAN[len(p.CardPAN)-4:]) {
					t.Fatalf("receipt shows the card as %q", r.Lines[0].EN)
				}
			})
			t.Run("when the card is linked to no one, central refuses: not linked", func(t *testing.T) {
				stranger := backoffice.SyntheticPerson(100 + base) // beyond the registry's 40 people
				pans = append(pans, stranger.CardPAN)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(stranger)))
				u.Tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeNotLinked {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.ExpectKey("atm.result.not_linked.body")
				u.Snap("not_linked")
			})
			t.Run("when the account is active already, central says so and nothing changes", func(t *testing.T) {
				p := k.Account(t, base+6, true)
				pans = append(pans, p.CardPAN)
				before := k.AccountOf(t, p.IDNumber)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.Tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeActive {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				if after := k.AccountOf(t, p.IDNumber); !after.Active || after.ActivatedVia != before.ActivatedVia || !after.Updated.Equal(before.Updated) {
					t.Fatalf("the account changed: %+v, was %+v", after, before)
				}
				u.ExpectKey("atm.result.already_active.title")
				u.ExpectKey("atm.result.already_active.body")
				u.ExpectKey("atm.take_card")
				if r := prn.Last(); r.Lines[1].EN != i18n.T(i18n.EN, "atm.result.already_active.title") {
					t.Fatalf("receipt says %q", r.Lines[1].EN)
				}
				u.Snap("already_active")
			})
			t.Run("when the card's holder has no account, central says there is none to activate", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 5)
				pans = append(pans, p.CardPAN)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.Tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeNoAccount {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.ExpectKey("atm.result.no_account.body")
				u.Snap("no_account")
			})
			t.Run("when the card has expired, it is refused before anything is asked", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 8)
				c := cardOf(p)
				c.Expiry = "2001"
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, c))
				u.expectStep(StepCard)
				u.ExpectKey("atm.card.expired")
				u.Snap("expired")
			})
			t.Run("when the card is misread, insert it again", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 9)
				u := start(t, k, lang, &online, prn)
				k.Devices.Card.SetBadChecksums(true)
				card, err := k.Devices.NextCard(t, cardOf(p))
				k.Devices.Card.SetBadChecksums(false)
				u.f.CardInserted(card, err)
				u.expectStep(StepCard)
				u.ExpectKey("atm.card.unreadable")
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepConfirm)
			})
			t.Run("when the session is wiped, the card is forgotten", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 13)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepConfirm)
				u.f.Wipe()
				if u.f.card != nil || u.f.Step() != StepCard {
					t.Fatal("the wipe kept the card")
				}
			})
			t.Run("when offline, the sealed request is queued and central activates the account on arrival", func(t *testing.T) {
				p := k.Account(t, base+12, false)
				pans = append(pans, p.CardPAN)
				online.Store(false)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.Tap("next")
				online.Store(true)
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomePending {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.ExpectKey("atm.result.pending.body")
				u.Snap("pending")
				if st := k.Deliver(t, u.f.Ref()); st.State != wire.StateCompleted || !k.AccountOf(t, p.IDNumber).Active {
					t.Fatalf("on arrival: %+v", st)
				}
			})
		})
	}
	t.Run("the outbox and central's store never hold a card number", func(t *testing.T) {
		time.Sleep(time.Second) // the engine delivers the last one
		k.Outbox.Close()
		for _, path := range []string{k.OutboxPath, k.CentralDB} {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, pan := range pans {
				if bytes.Contains(data, []byte(pan)) {
					t.Fatalf("%s holds a card number in the clear", filepath.Base(path))
				}
			}
		}
	})
}
