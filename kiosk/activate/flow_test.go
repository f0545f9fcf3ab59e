package activate

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestActivation drives every activation path through the real shell, a real
// central service, the sealed outbox and the simulated sensor and document
// reader, in Arabic and in English; then scans the outbox file and central's
// store for a template that must never be kept there in the clear.
func TestActivation(t *testing.T) {
	k := newKit(t)
	stranger := biometric.SyntheticTemplate("a stranger's finger")
	for li, lang := range i18n.Langs {
		base := 20 * li // each language its own people: central remembers activations
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the ID card is read and the finger matches, the account is activated", func(t *testing.T) {
				p := k.account(t, base+4, false)
				u := k.startUI(t, lang)
				u.Snap("id")
				doc := k.Devices.NextDocument(t, mrz.Document{Format: mrz.TD1, DocumentCode: "ID", Issuer: "SAU", Nationality: "SAU",
					Number: "A12345678", Optional1: p.IDNumber, Surname: "TEST", GivenNames: "CITIZEN", BirthDate: "800101", Sex: "M", ExpiryDate: "300101"})
				u.f.FillFromDocument(doc)
				u.expectStep(StepConfirm)
				u.ExpectKey("activate.confirm.body")
				u.Snap("confirm")
				u.who.Will(p.IDNumber)
				u.Tap("next")
				u.expectStep(StepDone)
				res, _ := u.f.Result()
				if !res.Matched || res.Ref == "" || res.PrintErr != nil {
					t.Fatalf("result %+v", res)
				}
				u.ExpectKey("activate.done.next_online")
				u.Snap("done_online")
				if r := k.prn.Last(); r.Reference != res.Ref || r.QR != "BAWABA:REF:"+res.Ref {
					t.Fatalf("receipt %+v", r)
				}
				if st := k.deliver(t, res.Ref); st.State != wire.StateCompleted || !k.isActive(t, p.IDNumber) {
					t.Fatalf("central: %+v, active %v", st, k.isActive(t, p.IDNumber))
				}
			})
			t.Run("when a wrong finger, then the right one after lifting, the account is activated", func(t *testing.T) {
				p := k.account(t, base+12, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.expectStep(StepConfirm)
				u.who.Will("a stranger's finger", p.IDNumber)
				u.Tap("next")
				u.expectStep(StepDone)
				if res, _ := u.f.Result(); !res.Matched {
					t.Fatalf("not matched: %+v", res)
				}
			})
			t.Run("when the number has a typo, the error is next to the field", func(t *testing.T) {
				u := k.startUI(t, lang)
				good := idOf(base + 4)
				u.typeID(good[:9] + string('0'+(good[9]-'0'+1)%10))
				u.expectStep(StepID)
				u.ExpectLiteral("⚠ " + identity.CodeIDChecksum.Message(string(lang)))
				u.Snap("id_error")
			})
			answers := []struct {
				name   string
				setup  func() string
				answer string
			}{
				{"when the ID is not in the register", func() string { return idOf(999) }, AnswerNotInRegistry},
				{"when there is no account", func() string { return idOf(base + 7) }, AnswerNoAccount},
				{"when the account is already active", func() string { return k.account(t, base+5, true).IDNumber }, AnswerActive},
				{"when no fingerprint is on record", func() string { return k.account(t, base+10, false).IDNumber }, AnswerNoFingerprint},
			}
			for _, a := range answers {
				t.Run(a.name+", it is explained", func(t *testing.T) {
					id := a.setup()
					u := k.startUI(t, lang)
					u.typeID(id)
					u.expectStep(StepAnswer)
					if u.f.Answer() != a.answer {
						t.Fatalf("answer %q, want %q", u.f.Answer(), a.answer)
					}
					u.ExpectKey("activate.answer." + a.answer + ".body")
					u.Snap("answer_" + a.answer)
					if a.answer == AnswerNoFingerprint {
						u.ExpectKey("activate.alternative.body")
						u.Tap("print_reason")
						if r := k.prn.Last(); r.Lines[1].EN != i18n.T(i18n.EN, "activate.reason.no_fingerprint") {
							t.Fatalf("slip %+v", r)
						}
						u.ExpectKey("activate.slip.printed")
					}
					u.Tap("change_number")
					u.expectStep(StepID)
				})
			}
			t.Run("when three fingers do not match, the kiosk and central refuse further tries", func(t *testing.T) {
				p := k.account(t, base+3, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.expectStep(StepConfirm)
				u.who.Will("x1", "x2", "x3")
				u.Tap("next")
				u.expectStep(StepLocked)
				u.ExpectKey("activate.locked.body", 15)
				u.Snap("locked")
				_, err := ClientLive{k.Client}.MatchFingerprint(context.Background(), wire.FingerprintMatchRequest{IDNumber: p.IDNumber, Template: biometric.SyntheticTemplate(p.IDNumber)})
				if !errors.Is(err, ErrLocked) {
					t.Fatalf("central after three failures: %v", err)
				}
				// The same kiosk, a new session: refused before any finger is asked.
				u.Tap("home")
				u.TapText(i18n.T(lang, "activate.title"))
				u.typeID(p.IDNumber)
				u.expectStep(StepLocked)
			})
			t.Run("when both fingers read badly three times, the other ways are offered with the reason", func(t *testing.T) {
				p := k.account(t, base+9, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				for range 2 * proof.MaxAttempts {
					u.who.Will("messy:" + p.IDNumber)
				}
				u.Tap("next")
				u.expectStep(StepAlternative)
				if u.f.Reason() != ReasonExhausted {
					t.Fatalf("reason %q", u.f.Reason())
				}
				u.ExpectKey("activate.reason.exhausted")
				u.Snap("alternative")
				k.prn.Err = errors.New("paper out")
				u.Tap("print_reason")
				k.prn.Err = nil
				u.ExpectKey("activate.slip.print_failed")
			})
			t.Run("when the person taps I cannot give a fingerprint", func(t *testing.T) {
				p := k.account(t, base+11, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.Tap("next")
				u.expectStep(StepFinger)
				u.ExpectKey("proof.which_finger", i18n.T(lang, "proof.finger.right_index"))
				u.Snap("finger")
				u.Tap("alternative")
				u.expectStep(StepAlternative)
				u.ExpectKey("activate.reason.declined")
			})
			t.Run("when no finger comes, the fault is explained and the flow goes on", func(t *testing.T) {
				p := k.account(t, base+13, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.Tap("next") // nobody places a finger: the sensor times out
				u.expectStep(StepFinger)
				if u.f.Capture().State() != proof.StateFault {
					t.Fatalf("capture %s", u.f.Capture().State())
				}
				u.ExpectKey("proof.fault.timeout")
				u.Snap("finger_fault")
				u.who.Will(p.IDNumber)
				u.TapText(i18n.T(lang, "proof.try_again"))
				u.expectStep(StepDone)
			})
			t.Run("when offline, the sealed request is queued and central decides on arrival", func(t *testing.T) {
				p := k.account(t, base+6, false)
				k.online.Store(false)
				defer k.online.Store(true)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.expectStep(StepOffline)
				u.ExpectKey("activate.offline.body")
				u.Snap("offline")
				u.who.Will(p.IDNumber)
				u.Tap("next")
				u.expectStep(StepDone)
				res, _ := u.f.Result()
				if res.Matched {
					t.Fatal("matched offline?")
				}
				u.ExpectKey("activate.done.next_offline")
				u.Snap("done_offline")
				if st := k.deliver(t, res.Ref); st.State != wire.StateCompleted || !k.isActive(t, p.IDNumber) {
					t.Fatalf("central: %+v", st)
				}
			})
			t.Run("when offline with someone else's finger, central declines on arrival", func(t *testing.T) {
				p := k.account(t, base+8, false)
				k.online.Store(false)
				defer k.online.Store(true)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.who.Will("a stranger's finger")
				u.Tap("next")
				u.expectStep(StepDone)
				res, _ := u.f.Result()
				if st := k.deliver(t, res.Ref); st.State != wire.StateDeclined || st.Code != wire.DeclineFingerprint || k.isActive(t, p.IDNumber) {
					t.Fatalf("central: %+v", st)
				}
			})
			t.Run("when central goes away mid-flow, the request is queued instead", func(t *testing.T) {
				p := k.account(t, base+2, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.expectStep(StepConfirm)
				k.down.Store(true)
				u.who.Will(p.IDNumber)
				u.Tap("next")
				u.expectStep(StepOffline)
				u.ExpectKey("activate.offline.lost")
				k.down.Store(false)
				u.who.Will(p.IDNumber)
				u.Tap("next")
				u.expectStep(StepDone)
				if res, _ := u.f.Result(); res.Matched {
					t.Fatal("matched without central?")
				}
			})
			t.Run("when the printer fails, the receipt is on screen", func(t *testing.T) {
				p := k.account(t, base+14, false)
				u := k.startUI(t, lang)
				u.typeID(p.IDNumber)
				u.who.Will(p.IDNumber)
				k.prn.Err = errors.New("paper out")
				u.Tap("next")
				k.prn.Err = nil
				u.expectStep(StepDone)
				u.ExpectKey("activate.done.print_failed")
				u.Snap("done_print_failed")
			})
		})
	}
	t.Run("the outbox and central's store never hold a template in the clear", func(t *testing.T) {
		k.Outbox.Close()
		ob, err := os.ReadFile(k.OutboxPath)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := os.ReadFile(k.CentralDB)
		if err != nil {
			t.Fatal(err)
		}
		if holds(ob, stranger) || holds(cs, stranger) {
			t.Fatalf("a template sent by the kiosk is in the clear: outbox %v, central %v", holds(ob, stranger), holds(cs, stranger))
		}
		for i := range 40 {
			if tmpl := biometric.SyntheticTemplate(idOf(i)); holds(ob, tmpl) {
				t.Fatalf("person %d's template is in the outbox file in the clear", i)
			}
		}
	})
}

// TestWipeForgetsEverything: the idle wipe forgets the number typed and the
// session, and a fresh start shows an empty form.
func TestWipeForgetsEverything(t *testing.T) {
	k := newKit(t)
	u := k.startUI(t, i18n.AR)
	test := idOf(4)
	u.f.Form().Field().SetText(test)
	u.f.Wipe()
	if u.f.Form().Field().Text != "" || u.f.Step() != StepID {
		t.Fatalf("after wipe: %q at %s", u.f.Form().Field().Text, u.f.Step())
	}
	if _, ok := u.f.Form().Submit(); ok {
		t.Fatal("a wiped form still submits a number")
	}
}

// idOf is the ID number of synthetic person i (the registry's numbering).
func idOf(i int) string {
	return backofficePerson(i).IDNumber
}
