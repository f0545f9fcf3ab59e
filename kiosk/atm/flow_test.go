package atm

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
)

type ui struct {
	t    *testing.T
	win  fyne.Window
	s    *shell.Shell
	f    *Flow
	lang i18n.Lang
}

func start(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	f := New(Options{Go: func(fn func()) { fn() }, DecisionWait: 30 * time.Second, PollEvery: 50 * time.Millisecond, Deps: Deps{
		Queue: k.Outbox, Printer: prn, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID()}})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour, Mode: "atm"})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, win: win, s: s, f: f, lang: lang}
	u.tapText(i18n.T(i18n.AR, "attract.touch"))
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "atm.title"))
	return u
}

func (u *ui) tapText(text string) {
	u.t.Helper()
	found, _ := screentest.Find(u.win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if found == nil {
		u.t.Fatalf("no button %q at step %s", text, u.f.Step())
	}
	test.Tap(found)
}

func (u *ui) tap(name string) {
	u.t.Helper()
	b, ok := u.f.Button(name)
	if !ok {
		u.t.Fatalf("no button %q at step %s", name, u.f.Step())
	}
	if b.MinSize().Height < 48 {
		u.t.Fatalf("button %q under 48 dp", name)
	}
	test.Tap(b)
}

func (u *ui) typeID(id string) {
	u.t.Helper()
	test.Tap(u.f.Form().Field())
	kb := u.s.Keyboard()
	test.Tap(kb.Key("clear"))
	for _, r := range id {
		test.Tap(kb.Key(string(r)))
	}
	u.tap("next")
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (card %q answer %q outcome %q), want %s", u.f.Step(), u.f.CardError(), u.f.Answer(), u.f.Outcome(), s)
	}
}

func (u *ui) expectText(key string) {
	u.t.Helper()
	text := i18n.T(u.lang, key)
	_, found := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	if !found {
		u.t.Fatalf("%q (%s) not on screen at step %s", text, key, u.f.Step())
	}
}

func (u *ui) snap(name string) {
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	fh, err := os.Create(filepath.Join(dir, fmt.Sprintf("atm_%s_%s.png", u.lang, name)))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	png.Encode(fh, u.win.Canvas().Capture())
}

func cardOf(p backoffice.Person) cardreadersim.Card {
	return cardreadersim.Card{PAN: p.CardPAN, Name: "RESIDENT/TEST", Expiry: "3012", Service: "201", Track1: true, Track2: true}
}

// TestATMActivation drives the ATM activation through the real shell, a real
// central, the sealed outbox and the card-reader simulator on a pty, in Arabic
// and English; then scans the outbox and central's store for the card numbers.
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
			t.Run("when the person's own card is inserted, central activates the account", func(t *testing.T) {
				p := k.Account(t, base+4, false)
				pans = append(pans, p.CardPAN)
				u := start(t, k, lang, &online, prn)
				u.snap("card")
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepID)
				u.snap("id")
				u.typeID(p.IDNumber)
				u.expectStep(StepConfirm)
				u.snap("confirm")
				u.tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeActivated || !k.AccountOf(t, p.IDNumber).Active {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.expectText("atm.take_card")
				u.snap("activated")
				r := prn.Last()
				if strings.Contains(fmt.Sprint(r), p.CardPAN) || !strings.Contains(r.Lines[0].EN, p.CardPAN[len(p.CardPAN)-4:]) {
					t.Fatalf("receipt shows the card as %q", r.Lines[0].EN)
				}
			})
			t.Run("when someone else's card is inserted, central refuses: not linked", func(t *testing.T) {
				p := k.Account(t, base+6, false)
				other := backoffice.SyntheticPerson(base + 7)
				pans = append(pans, other.CardPAN)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(other)))
				u.typeID(p.IDNumber)
				u.tap("next")
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomeNotLinked || k.AccountOf(t, p.IDNumber).Active {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.expectText("atm.result.not_linked.body")
				u.snap("not_linked")
			})
			t.Run("when the card has expired, it is refused before anything is asked", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 8)
				c := cardOf(p)
				c.Expiry = "2001"
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, c))
				u.expectStep(StepCard)
				u.expectText("atm.card.expired")
				u.snap("expired")
			})
			t.Run("when the card is misread, insert it again", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 9)
				u := start(t, k, lang, &online, prn)
				k.Devices.Card.SetBadChecksums(true)
				card, err := k.Devices.NextCard(t, cardOf(p))
				k.Devices.Card.SetBadChecksums(false)
				u.f.CardInserted(card, err)
				u.expectStep(StepCard)
				u.expectText("atm.card.unreadable")
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepID)
			})
			t.Run("when the session is wiped, the card and the number are forgotten", func(t *testing.T) {
				p := backoffice.SyntheticPerson(base + 13)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.expectStep(StepID)
				u.f.Form().Field().SetText(p.IDNumber)
				u.f.Wipe()
				if u.f.card != nil || u.f.Form().Field().Text != "" || u.f.Step() != StepCard {
					t.Fatal("the wipe kept the card or the number")
				}
			})
			t.Run("when the account is already active, it is said", func(t *testing.T) {
				p := k.Account(t, base+11, true)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.typeID(p.IDNumber)
				u.expectStep(StepAnswer)
				u.expectText("atm.answer.active")
			})
			t.Run("when offline, the sealed request is queued and the person told central decides", func(t *testing.T) {
				p := k.Account(t, base+12, false)
				online.Store(false)
				defer online.Store(true)
				u := start(t, k, lang, &online, prn)
				u.f.CardInserted(k.Devices.NextCard(t, cardOf(p)))
				u.typeID(p.IDNumber)
				u.expectStep(StepResult)
				if u.f.Outcome() != OutcomePending {
					t.Fatalf("outcome %s", u.f.Outcome())
				}
				u.expectText("atm.result.pending.body")
				u.snap("pending")
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
