package atm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
)

// proving is a service that proves the person first (as the national address,
// dependents and the digital ID do at an ATM), as the shell sees it.
type proving struct {
	p   *proof.Prover
	got *proof.Proven
}

func (s *proving) ID() string                             { return "proving" }
func (s *proving) TitleKey() string                       { return "service.address" }
func (s *proving) Icon() fyne.Resource                    { return nil }
func (s *proving) Start(h shell.Host) fyne.CanvasObject   { s.got = nil; return s.p.Start(h) }
func (s *proving) Wipe()                                  { s.p.Wipe() }
func (s *proving) Button(name string) (*rtl.Button, bool) { return s.p.Button(name) }
func (s *proving) CardInserted(c *magstripe.Card, err error) {
	s.p.CardInserted(c, err)
}

// atmHome is the shell in ATM mode with the ATM activation and a service that
// proves the person, on a real central, outbox and card reader simulator.
type atmHome struct {
	*prooftest.UI
	k      *prooftest.Kiosk
	act    *Flow
	svc    *proving
	screen []string // what the shell told cmd/kiosk to log
}

func startHome(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool) *atmHome {
	t.Helper()
	h := &atmHome{k: k}
	h.act = New(Options{Go: func(fn func()) { fn() }, DecisionWait: 30 * time.Second, PollEvery: 50 * time.Millisecond, Deps: Deps{
		Queue: k.Outbox, Printer: &registertest.Printer{}, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID()}})
	h.svc = &proving{}
	h.svc.p = proof.NewProver(proof.ProverConfig{TitleKey: "service.address", ATM: true, Offline: true,
		Deps:     proof.ProverDeps{Live: k.Client, Online: online.Load, Go: func(f func()) { f() }},
		OnProven: func(_ shell.Host, p proof.Proven) { h.svc.got = &p }})
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	s := shell.New(win, shell.Options{Flows: []shell.Flow{h.act, h.svc}, StatusEvery: -1, IdleTimeout: time.Hour, Mode: shell.ModeATM, Lang: lang,
		OnScreen: func(screen string, tiles []string) { h.screen = append(h.screen, screen+" "+strings.Join(tiles, ",")) }})
	t.Cleanup(s.Stop)
	s.Start()
	h.UI = &prooftest.UI{T: t, Win: win, Shell: s, Lang: lang, Svc: h.svc}
	return h
}

// swipe swipes the card of synthetic person i (expiring yymm) in the simulator
// and hands the read to the shell, then (if the shell does not take it) to the
// running flow, as cmd/kiosk does.
func (h *atmHome) swipe(i int, yymm string) {
	h.T.Helper()
	c := cardOf(backoffice.SyntheticPerson(i))
	c.Expiry = yymm
	card, err := h.k.Devices.NextCard(h.T, c)
	if !h.Shell.CardInserted(card, err) {
		switch h.Shell.FlowID() {
		case h.act.ID():
			h.act.CardInserted(card, err)
		case h.svc.ID():
			h.svc.CardInserted(card, err)
		}
	}
}

func (h *atmHome) toHome() {
	h.T.Helper()
	other := i18n.AR
	if h.Lang == i18n.AR {
		other = i18n.EN
	}
	h.TapText(i18n.T(other, "nav.language"))
	if h.Shell.Screen() != shell.ScreenHome {
		h.T.Fatalf("screen %s", h.Shell.Screen())
	}
}

// TestATMHomeCardFirst: at an ATM the person swipes their card on the attract
// screen (the card reader simulator on a pty), chooses a service on the home,
// and the service has the card already read: online the card alone proves
// them (no ID number typed), the ATM activation goes to the ID number with
// the card read; a card linked to no one and an expired card are explained;
// offline the ID number is asked. Then the outbox file, central's store and
// its log, and what the shell logs are scanned for the card numbers.
func TestATMHomeCardFirst(t *testing.T) {
	k := prooftest.StartKiosk(t)
	k.RunEngine(t)
	var online atomic.Bool
	online.Store(true)
	var pans []string
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the card is swiped first, the chosen service proves the person by it alone", func(t *testing.T) {
				p := k.Account(t, base+14, true)
				pans = append(pans, p.CardPAN)
				h := startHome(t, k, lang, &online)
				h.swipe(base+14, "3012")
				h.toHome()
				h.ExpectKey("atmhome.card.read", "\u200e"+prooftest.Card(t, base+14).Masked()+"\u200e")
				h.TapText(i18n.T(lang, "service.address"))
				if h.svc.got == nil || h.svc.got.ID.Number != p.IDNumber || h.svc.got.Token == "" {
					t.Fatalf("not proven by the card read at home: step %s, got %+v", h.svc.p.Step(), h.svc.got)
				}
				h.Shell.Home() // the service is done: take your card
				if h.Shell.Screen() != shell.ScreenAttract {
					t.Fatalf("after the service: %s", h.Shell.Screen())
				}
				h.ExpectLiteral(i18n.T(lang, "atmhome.take_card"))
			})
			t.Run("when the ATM activation is chosen, the card is read already: activate it, no ID number", func(t *testing.T) {
				p := k.Account(t, base+15, false)
				pans = append(pans, p.CardPAN)
				h := startHome(t, k, lang, &online)
				h.swipe(base+15, "3012")
				h.toHome()
				h.TapText(i18n.T(lang, "atm.title"))
				if h.act.Step() != StepConfirm {
					t.Fatalf("step %s: the card read at home was not taken", h.act.Step())
				}
				h.ExpectKey("atm.card.read", "\u200e"+prooftest.Card(t, base+15).Masked()+"\u200e")
				test.Tap(mustButton(t, h.act, "next"))
				if h.act.Step() != StepResult || h.act.Outcome() != OutcomeActivated || !k.AccountOf(t, p.IDNumber).Active {
					t.Fatalf("step %s outcome %s", h.act.Step(), h.act.Outcome())
				}
				h.Shell.Home()
				h.ExpectLiteral(i18n.T(lang, "atmhome.take_card"))
			})
			t.Run("when the card is linked to no one, the service says so on its card screen", func(t *testing.T) {
				pans = append(pans, backoffice.SyntheticPerson(100+base).CardPAN)
				h := startHome(t, k, lang, &online)
				h.swipe(100+base, "3012") // beyond the registry's 40 people
				h.toHome()
				h.TapText(i18n.T(lang, "service.address"))
				if h.svc.got != nil || h.svc.p.Step() != proof.ProveCard {
					t.Fatalf("step %s, got %+v", h.svc.p.Step(), h.svc.got)
				}
				h.ExpectKey("prove.card.not_linked_alone")
			})
			t.Run("when the card has expired, the home says so and keeps nothing", func(t *testing.T) {
				h := startHome(t, k, lang, &online)
				h.TapText(i18n.T(i18n.EN, "atmhome.attract.touch"))
				h.toHome()
				h.swipe(base+16, "2001")
				if h.Shell.HeldCard() || h.Shell.Screen() != shell.ScreenHome {
					t.Fatalf("held %v on %s", h.Shell.HeldCard(), h.Shell.Screen())
				}
				h.ExpectKey("atm.card.expired")
			})
			t.Run("when offline, the service asks the ID number to seal with the card", func(t *testing.T) {
				online.Store(false)
				defer online.Store(true)
				p := backoffice.SyntheticPerson(base + 17)
				pans = append(pans, p.CardPAN)
				h := startHome(t, k, lang, &online)
				h.swipe(base+17, "3012")
				h.toHome()
				h.TapText(i18n.T(lang, "service.address"))
				if h.svc.p.Step() != proof.ProveID {
					t.Fatalf("step %s, want the ID number", h.svc.p.Step())
				}
				h.ExpectKey("prove.card.id_offline")
				h.TypeKeys(h.svc.p.Form().Field(), p.IDNumber)
				h.Tap("next")
				if h.svc.got == nil || h.svc.got.Token != "" || h.svc.got.ID.Number != p.IDNumber {
					t.Fatalf("offline: %+v", h.svc.got)
				}
			})
			t.Run("the screens logged never carry the card", func(t *testing.T) {
				h := startHome(t, k, lang, &online)
				h.swipe(base+14, "3012")
				h.toHome()
				for _, line := range h.screen {
					for _, pan := range pans {
						if strings.Contains(line, pan) || strings.Contains(line, pan[6:12]) {
							t.Fatalf("logged %q", line)
						}
					}
				}
			})
		})
	}
	t.Run("the outbox, central's store and central's log never hold a card number", func(t *testing.T) {
		time.Sleep(time.Second) // the engine delivers the last one
		k.Outbox.Close()
		files := map[string][]byte{"central log": k.CentralLog.Bytes()}
		for _, path := range []string{k.OutboxPath, k.CentralDB} {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(path)] = data
		}
		if !bytes.Contains(files["central log"], []byte("person proven")) {
			t.Fatal("central logged nothing: the scan of its log proves nothing")
		}
		for name, data := range files {
			for _, pan := range pans {
				if bytes.Contains(data, []byte(pan)) {
					t.Fatalf("%s holds a card number in the clear", name)
				}
			}
		}
	})
}

func mustButton(t *testing.T, f *Flow, name string) *rtl.Button {
	t.Helper()
	b, ok := f.Button(name)
	if !ok {
		t.Fatalf("no button %q on step %s", name, f.Step())
	}
	return b
}
