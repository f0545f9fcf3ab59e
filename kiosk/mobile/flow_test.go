package mobile

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/wire"
)

// ui is prooftest's UI kit on the change of mobile number, with the person at
// the simulated sensor.
type ui struct {
	*prooftest.UI
	t      *testing.T
	k      *prooftest.Kiosk
	f      *Flow
	lang   i18n.Lang
	finger *prooftest.Person
}

func start(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer) *ui {
	t.Helper()
	return startWith(t, k, lang, online, prn, false)
}

func startWith(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer, cardProof bool) *ui {
	t.Helper()
	fs := k.Devices.Person()
	f := New(Options{Go: func(fn func()) { fn() }, FingerTimeout: 2 * time.Second, Deps: Deps{
		Queue: k.Outbox, Printer: prn, Sensor: fs, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID(),
		CardProof: cardProof}})
	u := &ui{t: t, k: k, f: f, lang: lang, finger: fs}
	u.UI = prooftest.StartUI(t, f, lang, "", func() string { return "step " + f.Step().String() })
	k.Devices.Finger.Lift()
	return u
}

// typeInto types s on the on-screen keypad into field e.
func (u *ui) typeInto(e fyne.Tappable, s string) { u.t.Helper(); u.TypeKeys(e, s) }

func (u *ui) field(name string) fyne.Tappable {
	u.t.Helper()
	f, ok := u.f.Field(name)
	if !ok {
		u.t.Fatalf("no field %s at step %s", name, u.f.Step())
	}
	return f
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (errors %v), want %s", u.f.Step(), u.f.errs, s)
	}
}

func (u *ui) lastCode(mobile string) string { u.t.Helper(); return u.k.C.LastCode(u.t, mobile) }

// TestMobileChange drives both cases of the change through the real shell, a
// real central, the sealed outbox and the fingerprint simulator on a pty, in
// Arabic and English.
func TestMobileChange(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the old SIM is at hand, a code to it and one to a foreign new number", func(t *testing.T) {
				p := k.Account(t, base+4, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
				u.expectStep(StepChoose)
				u.Snap("choose")
				u.Tap("have_sim")
				u.expectStep(StepOldCode)
				u.ExpectLiteral(wire.MaskMobile(p.Mobile))
				u.typeInto(u.field("code"), "000000")
				u.Tap("next")
				if u.f.Step() == StepOldCode && !strings.Contains(u.f.Error("code"), fmt.Sprint(wire.OTPMaxTries-1)) {
					// the wrong code is explained next to the field (unless 000000 was the code)
					t.Fatalf("error %q", u.f.Error("code"))
				}
				u.Snap("old_code")
				if u.f.Step() == StepOldCode {
					u.typeInto(u.field("code"), u.lastCode(p.Mobile))
					u.Tap("next")
				}
				u.expectStep(StepNewNumber)
				newMobile := fmt.Sprintf("+2010012345%02d", base+4)
				u.Tap("cc_20")
				u.typeInto(u.field("number"), newMobile[3:])
				u.Snap("new_number")
				u.Tap("next")
				u.expectStep(StepNewCode)
				u.typeInto(u.field("code"), u.lastCode(newMobile))
				u.Tap("next")
				u.expectStep(StepDone)
				u.Snap("done")
				res, _ := u.f.Result()
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != newMobile {
					t.Fatalf("central: %+v, mobile %s", st, k.AccountOf(t, p.IDNumber).Mobile)
				}
				// Central sends its SMS after it stored the decision: wait for it.
				prooftest.Eventually(t, "the old number told of the change", func() bool {
					m, err := sms.Last(k.C.SMSPath, p.Mobile)
					return err == nil && strings.Contains(m.Text, res.Ref)
				})
			})
			t.Run("when the old SIM is lost, the fingerprint proves the person and a Saudi number is taken", func(t *testing.T) {
				p := k.Account(t, base+6, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
				u.finger.Will(p.IDNumber)
				u.Tap("lost_sim")
				u.expectStep(StepNewNumber)
				newLocal := fmt.Sprintf("05099900%02d", base+6)
				u.typeInto(u.field("number"), newLocal)
				u.Tap("next")
				u.expectStep(StepNewCode)
				newMobile := "+966" + newLocal[1:]
				u.typeInto(u.field("code"), u.lastCode(newMobile))
				u.Tap("next")
				u.expectStep(StepDone)
				res, _ := u.f.Result()
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != newMobile {
					t.Fatalf("central: %+v", st)
				}
			})
			t.Run("when the new number is someone else's, it is refused with the reason", func(t *testing.T) {
				p := k.Account(t, base+8, true)
				other := k.Account(t, base+9, false)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
				u.finger.Will(p.IDNumber)
				u.Tap("lost_sim")
				u.expectStep(StepNewNumber)
				u.typeInto(u.field("number"), "0"+other.Mobile[4:])
				u.Tap("next")
				u.expectStep(StepNewNumber)
				u.ExpectLiteral(i18n.T(lang, "mobile.number.taken"))
				u.Snap("number_taken")
			})
			t.Run("when three fingers do not match, the tries pause and the code to the old number is offered", func(t *testing.T) {
				p := k.Account(t, base+14, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
				u.finger.Will("x1", "x2", "x3")
				u.Tap("lost_sim")
				u.expectStep(StepLocked)
				u.ExpectLiteral(i18n.T(lang, "mobile.alternative.body"))
				u.Snap("locked")
				u.Tap("use_old_sim")
				u.expectStep(StepOldCode)
			})
			t.Run("when the session is wiped, the template and numbers are forgotten", func(t *testing.T) {
				p := k.Account(t, base+15, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
				u.finger.Will(p.IDNumber)
				u.Tap("lost_sim")
				u.expectStep(StepNewNumber)
				tmpl := u.f.template
				if len(tmpl) != biometric.TemplateSize {
					t.Fatalf("template %d bytes", len(tmpl))
				}
				u.f.Wipe()
				if u.f.template != nil || u.f.id.Number != "" || u.f.Form().Field().Text != "" {
					t.Fatal("the wipe kept what was entered")
				}
				if !bytes.Equal(tmpl, make([]byte, len(tmpl))) {
					t.Fatal("the wipe left the template's bytes in memory")
				}
			})
			t.Run("when there is no account, it is explained", func(t *testing.T) {
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), backofficeID(base+13))
				u.Tap("next")
				u.expectStep(StepAnswer)
				if u.f.Answer() != AnswerNoAccount {
					t.Fatalf("answer %s", u.f.Answer())
				}
			})
			t.Run("when offline, the service says plainly it needs the network", func(t *testing.T) {
				online.Store(false)
				defer online.Store(true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), backofficeID(base+4))
				u.Tap("next")
				u.expectStep(StepNeedsNetwork)
				u.ExpectLiteral(i18n.T(lang, "mobile.network.body"))
				u.Snap("needs_network")
			})
		})
	}
	t.Run("the outbox file never holds a template in the clear", func(t *testing.T) {
		k.Outbox.Close()
		data, err := os.ReadFile(k.OutboxPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{6, 8, 26, 28} {
			tmpl := biometric.SyntheticTemplate(backofficeID(i))
			if bytes.Contains(data, tmpl) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString(tmpl))) {
				t.Fatalf("person %d's template is in the outbox in the clear", i)
			}
		}
	})
}

// TestMobileChangeByCard: at an ATM the lost SIM is replaced by the bank card,
// read by the card-reader simulator on a pty; central checks the card on arrival.
func TestMobileChangeByCard(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				card  int // whose card
				state string
			}{
				{"when the person's own card proves them, the number is changed", base + 4, wire.StateCompleted},
				{"when someone else's card is used, central declines on arrival", base + 5, wire.StateDeclined},
			} {
				t.Run(tt.name, func(t *testing.T) {
					p := k.Account(t, base+4+2*(tt.card-base-4), true)
					u := startWith(t, k, lang, &online, prn, true)
					u.typeInto(u.f.Form().Field(), p.IDNumber)
					u.Tap("next")
					u.Tap("lost_sim")
					u.expectStep(StepCard)
					u.Snap("card")
					c := backoffice.SyntheticPerson(tt.card)
					expired := cardreadersim.Card{PAN: c.CardPAN, Name: "RESIDENT/TEST", Expiry: "2001", Service: "201", Track1: true, Track2: true}
					u.f.CardInserted(k.Devices.NextCard(t, expired))
					u.expectStep(StepCard)
					u.ExpectLiteral(i18n.T(lang, "atm.card.expired"))
					expired.Expiry = "3012"
					u.f.CardInserted(k.Devices.NextCard(t, expired))
					u.expectStep(StepNewNumber)
					newLocal := fmt.Sprintf("05088800%02d", tt.card)
					u.typeInto(u.field("number"), newLocal)
					u.Tap("next")
					u.typeInto(u.field("code"), u.lastCode("+966"+newLocal[1:]))
					u.Tap("next")
					u.expectStep(StepDone)
					u.ExpectLiteral(i18n.T(lang, "atm.take_card"))
					res, _ := u.f.Result()
					if st := k.Deliver(t, res.Ref); st.State != tt.state {
						t.Fatalf("central: %+v, want %s", st, tt.state)
					}
				})
			}
		})
	}
	k.Outbox.Close()
	for _, path := range []string{k.OutboxPath, k.CentralDB} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{4, 5, 24, 25} {
			if bytes.Contains(data, []byte(backoffice.SyntheticPerson(i).CardPAN)) {
				t.Fatalf("%s holds a card number in the clear", filepath.Base(path))
			}
		}
	}
}
