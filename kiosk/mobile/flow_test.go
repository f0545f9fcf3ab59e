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

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/wire"
)

// ui is prooftest's UI kit on the change of mobile number; finger is the
// sensor of the lost-SIM case's prover.
type ui struct {
	*prooftest.UI
	t      *testing.T
	k      *prooftest.Kiosk
	f      *Flow
	lang   i18n.Lang
	finger *prooftest.Finger
	// proven is every proof the prover handed the flow, as handed.
	proven []proof.Proven
}

// deps are the flow's dependencies on kiosk k, the prover proving live
// (Offline false) without the code to the number on record (NoCode), as
// cmd/kiosk makes it; at an ATM (cardProof) by the bank card.
func deps(k *prooftest.Kiosk, online *atomic.Bool, prn *registertest.Printer, cardProof bool, u *ui) Deps {
	return Deps{Queue: k.Outbox, Printer: prn, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID(),
		CardProof: cardProof,
		Prove: func(proven func(shell.Host, proof.Proven), cancel func(shell.Host)) Prover {
			return proof.NewProver(proof.ProverConfig{TitleKey: "mobile.title", ATM: cardProof, NoCode: true,
				Deps: k.ProverDeps(u.finger, online.Load),
				OnProven: func(h shell.Host, p proof.Proven) {
					u.proven = append(u.proven, p)
					proven(h, p)
				},
				OnCancel: cancel})
		}}
}

func start(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer) *ui {
	t.Helper()
	return startWith(t, k, lang, online, prn, false)
}

func startWith(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer, cardProof bool) *ui {
	t.Helper()
	u := &ui{t: t, k: k, lang: lang, finger: prooftest.NewFinger()}
	u.f = New(Options{Go: func(fn func()) { fn() }, Deps: deps(k, online, prn, cardProof, u)})
	u.UI = prooftest.StartUI(t, u.f, lang, "", u.where)
	return u
}

func (u *ui) where() string {
	if p, ok := u.f.Prover().(*proof.Prover); ok && u.f.Step() == StepProve {
		return "prover step " + p.Step().String()
	}
	return "step " + u.f.Step().String()
}

// prover is the lost-SIM case's prover, once started.
func (u *ui) prover() *proof.Prover {
	u.t.Helper()
	u.expectStep(StepProve)
	p, ok := u.f.Prover().(*proof.Prover)
	if !ok {
		u.t.Fatalf("prover %T", u.f.Prover())
	}
	return p
}

// typeInto types s on the on-screen keypad into field e.
func (u *ui) typeInto(e fyne.Tappable, s string) { u.t.Helper(); u.TypeKeys(e, s) }

func (u *ui) field(name string) fyne.Tappable {
	u.t.Helper()
	f, ok := u.f.Field(name)
	if !ok {
		u.t.Fatalf("no field %s at %s", name, u.where())
	}
	return f
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("%s (errors %v), want step %s", u.where(), u.f.errs, s)
	}
}

func (u *ui) lastCode(mobile string) string { u.t.Helper(); return u.k.C.LastCode(u.t, mobile) }

// lostSIM chooses the lost SIM and proves the person by their finger.
func (u *ui) lostSIM(id string) {
	u.t.Helper()
	u.Tap("lost_sim")
	prooftest.ProveByFinger(u.t, u.prover(), u.finger, id)
	u.expectStep(StepNewNumber)
}

// newNumber types a Saudi number, and the code sent to it.
func (u *ui) newNumber(local string) {
	u.t.Helper()
	u.typeInto(u.field("number"), local)
	u.Tap("next")
	u.expectStep(StepNewCode)
	u.typeInto(u.field("code"), u.lastCode("+966"+local[1:]))
	u.Tap("next")
	u.expectStep(StepDone)
}

// expectTextAbove fails unless the label of key ends above the top of the
// button named: a wrapped text whose height was taken for one line runs under
// what follows it.
func (u *ui) expectTextAbove(key, button string) {
	u.t.Helper()
	l, ok := screentest.Find(u.Win.Canvas(), func(l *rtl.Label) bool { return l.Text == i18n.T(u.lang, key) })
	b, okb := u.f.Button(button)
	if !ok || !okb {
		u.t.Fatalf("label %s: %v, button %s: %v", key, ok, button, okb)
	}
	d := fyne.CurrentApp().Driver()
	bottom := d.AbsolutePositionForObject(l).Y + l.Size().Height
	if top := d.AbsolutePositionForObject(b).Y; bottom > top+1 || l.Size().Height < l.MinSize().Height {
		u.t.Fatalf("%s ends at %.0f (%.0f tall, needs %.0f), under %s at %.0f", key, bottom, l.Size().Height, l.MinSize().Height, button, top)
	}
}

// records counts the records in k's outbox, whatever their state.
func records(t *testing.T, k *prooftest.Kiosk) int {
	t.Helper()
	st, err := k.Outbox.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st.Queued + st.InFlight + st.NeedsAttention + st.Delivered
}

// TestMobileChange drives both cases of the change through the real shell, a
// real central, the sealed outbox and the shared prover, in Arabic and English.
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
				u.expectStep(StepChoose)
				u.Snap("choose")
				u.expectTextAbove("mobile.choose.body", "have_sim")
				u.Tap("have_sim")
				u.expectStep(StepID)
				u.Snap("id")
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.Tap("next")
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
				u.Snap("new_code")
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
			t.Run("when the old SIM is lost, the prover's fingerprint proves the person, the token goes with the change, and the old number is told", func(t *testing.T) {
				p := k.Account(t, base+6, true)
				u := start(t, k, lang, &online, prn)
				u.Tap("lost_sim")
				u.Snap("prove")
				if _, ok := u.prover().Button("password"); ok {
					t.Fatal("the prover offers the code to the number on record, which a lost SIM cannot receive")
				}
				prooftest.ProveByFinger(t, u.prover(), u.finger, p.IDNumber)
				u.expectStep(StepNewNumber)
				if len(u.proven) != 1 || u.proven[0].Token == "" {
					t.Fatalf("proven %+v, want a live proof with a token", u.proven)
				}
				newLocal := fmt.Sprintf("05099900%02d", base+6)
				u.newNumber(newLocal)
				res, _ := u.f.Result()
				rec, err := k.Outbox.ByRef(res.Ref)
				if err != nil || rec.Meta["proof"] != wire.ProofByToken {
					t.Fatalf("queued %+v (%v), want the proof token", rec.Meta, err)
				}
				newMobile := "+966" + newLocal[1:]
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != newMobile {
					t.Fatalf("central: %+v", st)
				}
				prooftest.Eventually(t, "the old number told of the change", func() bool {
					m, err := sms.Last(k.C.SMSPath, p.Mobile)
					return err == nil && strings.Contains(m.Text, res.Ref)
				})
			})
			t.Run("when the new number is someone else's, it is refused with the reason", func(t *testing.T) {
				p := k.Account(t, base+8, true)
				other := k.Account(t, base+9, false)
				u := start(t, k, lang, &online, prn)
				u.lostSIM(p.IDNumber)
				u.typeInto(u.field("number"), "0"+other.Mobile[4:])
				u.Tap("next")
				u.expectStep(StepNewNumber)
				u.ExpectLiteral(i18n.T(lang, "mobile.number.taken"))
				u.Snap("number_taken")
			})
			t.Run("when three fingers do not match, the tries pause and no password is offered", func(t *testing.T) {
				p := k.Account(t, base+14, true)
				u := start(t, k, lang, &online, prn)
				u.Tap("lost_sim")
				pr := u.prover()
				u.typeInto(pr.Form().Field(), p.IDNumber)
				for range wire.FingerprintMaxFails {
					u.finger.Place("a stranger's finger")
				}
				if b, _ := pr.Button("next"); b != nil {
					b.OnTapped()
				}
				if pr.Step() != proof.ProveLocked {
					t.Fatalf("prover step %s, want locked", pr.Step())
				}
				u.ExpectKey("prove.other.centre")
				if _, ok := pr.Button("password"); ok {
					t.Fatal("the code to the number on record is offered after a lost SIM")
				}
				u.Snap("locked")
				if len(u.proven) != 0 {
					t.Fatal("a stranger was proven")
				}
			})
			t.Run("when the account is not activated, the prover says it is needed", func(t *testing.T) {
				p := k.Account(t, base+16, false)
				u := start(t, k, lang, &online, prn)
				u.Tap("lost_sim")
				pr := u.prover()
				u.typeInto(pr.Form().Field(), p.IDNumber)
				u.finger.Place(p.IDNumber)
				if b, _ := pr.Button("next"); b != nil {
					b.OnTapped()
				}
				if pr.Step() != proof.ProveNoAccount {
					t.Fatalf("prover step %s, want no_account", pr.Step())
				}
			})
			t.Run("when proven, the template is cleared at once; the wipe forgets the token and numbers", func(t *testing.T) {
				p := k.Account(t, base+15, true)
				u := start(t, k, lang, &online, prn)
				u.lostSIM(p.IDNumber)
				tmpl := u.proven[0].Template
				if len(tmpl) != biometric.TemplateSize || !bytes.Equal(tmpl, make([]byte, len(tmpl))) {
					t.Fatalf("the template (%d bytes) was kept once the token was there", len(tmpl))
				}
				u.typeInto(u.field("number"), "0509990099")
				u.f.Wipe()
				if u.f.token != "" || u.f.id.Number != "" || u.f.number != "" || u.f.Prover() != nil {
					t.Fatal("the wipe kept what was entered or proven")
				}
			})
			t.Run("when the person goes back to the choice after the proof, the proof is forgotten", func(t *testing.T) {
				p := k.Account(t, base+18, true)
				u := start(t, k, lang, &online, prn)
				u.lostSIM(p.IDNumber)
				u.Tap("back")
				u.expectStep(StepChoose)
				if u.f.token != "" || u.f.id.Number != "" || u.f.Prover() != nil {
					t.Fatal("the proof outlived the way back to the choice")
				}
				u.Tap("have_sim")
				u.expectStep(StepID)
			})
			t.Run("when the proof lapsed before the code was confirmed, nothing is queued and the person is told", func(t *testing.T) {
				p := k.Account(t, base+17, true)
				u := start(t, k, lang, &online, prn)
				u.lostSIM(p.IDNumber)
				local := fmt.Sprintf("05099901%02d", base+17)
				u.typeInto(u.field("number"), local)
				u.Tap("next")
				u.expectStep(StepNewCode)
				u.f.tokenExp = u.f.tokenExp.Add(-wire.ProofTTL - 1)
				before := records(t, k)
				u.typeInto(u.field("code"), u.lastCode("+966"+local[1:]))
				u.Tap("next")
				u.expectStep(StepExpired)
				u.ExpectKey("mobile.expired.body", int(wire.ProofTTL.Minutes()))
				if after := records(t, k); after != before {
					t.Fatalf("queued %d records with a lapsed proof", after-before)
				}
				u.Snap("expired")
			})
			t.Run("when there is no account, it is explained", func(t *testing.T) {
				u := start(t, k, lang, &online, prn)
				u.Tap("have_sim")
				u.typeInto(u.f.Form().Field(), backofficeID(base+13))
				u.Tap("next")
				u.expectStep(StepAnswer)
				if u.f.Answer() != AnswerNoAccount {
					t.Fatalf("answer %s", u.f.Answer())
				}
				u.Snap("no_account")
			})
			t.Run("when offline, the service says plainly it needs the network before asking anything", func(t *testing.T) {
				online.Store(false)
				defer online.Store(true)
				u := start(t, k, lang, &online, prn)
				u.expectStep(StepNeedsNetwork)
				u.ExpectLiteral(i18n.T(lang, "mobile.network.body"))
				u.Snap("needs_network")
			})
			t.Run("when the network goes after the choice, the prover says it is needed", func(t *testing.T) {
				u := start(t, k, lang, &online, prn)
				online.Store(false)
				defer online.Store(true)
				u.Tap("lost_sim")
				if pr := u.prover(); pr.Step() != proof.ProveNetwork {
					t.Fatalf("prover step %s, want network", pr.Step())
				}
			})
		})
	}
	t.Run("the outbox file never holds a template in the clear", func(t *testing.T) {
		k.Outbox.Close()
		data, err := os.ReadFile(k.OutboxPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{6, 8, 15, 26, 28, 35} {
			tmpl := biometric.SyntheticTemplate(backofficeID(i))
			if bytes.Contains(data, tmpl) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString(tmpl))) {
				t.Fatalf("person %d's template is in the outbox in the clear", i)
			}
		}
	})
}

// TestMobileChangeByCard: at an ATM the lost SIM is replaced by the bank card,
// read by the card-reader simulator on a pty and proven live by the prover.
func TestMobileChangeByCard(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the person's own card proves them, the number is changed", func(t *testing.T) {
				p := k.Account(t, base+4, true)
				u := startWith(t, k, lang, &online, prn, true)
				u.Tap("lost_sim")
				pr := u.prover()
				u.Snap("card")
				c := backoffice.SyntheticPerson(base + 4)
				expired := cardreadersim.Card{PAN: c.CardPAN, Name: "RESIDENT/TEST", Expiry: "2001", Service: "201", Track1: true, Track2: true}
				u.f.CardInserted(k.Devices.NextCard(t, expired))
				if pr.Step() != proof.ProveCard {
					t.Fatalf("an expired card: prover step %s", pr.Step())
				}
				u.ExpectLiteral(i18n.T(lang, "atm.card.expired"))
				prooftest.ProveByCard(t, pr, base+4)
				u.expectStep(StepNewNumber)
				u.newNumber(fmt.Sprintf("05088800%02d", base+4))
				u.ExpectLiteral(i18n.T(lang, "atm.take_card"))
				res, _ := u.f.Result()
				if !res.Card {
					t.Fatal("the result does not say the card proved the person")
				}
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != "+966"+fmt.Sprintf("5088800%02d", base+4) {
					t.Fatalf("central: %+v", st)
				}
			})
			t.Run("when a card linked to no one is used, it is refused at once and nothing is queued", func(t *testing.T) {
				// The card alone names the person at an ATM (central's card
				// index): a card the bank links to no one proves no one.
				u := startWith(t, k, lang, &online, prn, true)
				u.Tap("lost_sim")
				pr := u.prover()
				before := records(t, k)
				pr.CardInserted(prooftest.Card(t, 100+base), nil) // beyond the registry's 40 people
				if pr.Step() != proof.ProveCard || len(u.proven) != 0 {
					t.Fatalf("prover step %s, proven %d", pr.Step(), len(u.proven))
				}
				u.ExpectLiteral(i18n.T(lang, "prove.card.not_linked_alone"))
				if after := records(t, k); after != before {
					t.Fatal("a request was queued")
				}
			})
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
