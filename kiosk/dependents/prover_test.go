package dependents

import (
	"context"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// startReal is startUI with kiosk/proof's real Prover in front of the flow,
// proving against the kit's central through the real client.
func (k *kit) startReal(t *testing.T, lang i18n.Lang, finger proof.Sensor, atm bool) (*ui, func() *proof.Prover) {
	t.Helper()
	var real *proof.Prover
	u := k.start(t, lang, k.Client, func(*ui) NewProver {
		return func(onProven func(shell.Host, Proven), onCancel func(shell.Host)) Prover {
			real = proof.NewProver(proof.ProverConfig{TitleKey: "dependents.title", ATM: atm, Offline: true,
				Deps: k.ProverDeps(finger, k.online.Load), OnProven: onProven, OnCancel: onCancel})
			return real
		}
	})
	return u, func() *proof.Prover { return real }
}

// addDirect puts dep on applicant's record at central, as an earlier request did.
func (k *kit) addDirect(t testing.TB, applicant, dep backoffice.Person, relation string) {
	t.Helper()
	err := k.C.Store.Update(context.Background(), func(tx store.Tx) error {
		out, err := backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: "dep-" + dep.IDNumber, Ref: "DEP" + dep.IDNumber, Kind: wire.KindDependent},
			Payload: &wire.Dependent{IDNumber: applicant.IDNumber, DependentIDNumber: dep.IDNumber, Relationship: relation,
				DependentBirthDate: dep.BirthGregorian, FingerprintTemplate: biometric.SyntheticTemplate(applicant.IDNumber)}}, time.Now())
		if err == nil && out.Status.State != wire.StateCompleted {
			t.Fatalf("add %s: %+v", dep.IDNumber, out.Status)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestThroughTheRealProver: kiosk/proof's Prover proves the person by finger live
// at a real central; the list comes from central through the kiosk's client (the
// wife already on the record, by name and masked ID), and the request carries
// central's proof token, which central accepts when it arrives.
func TestThroughTheRealProver(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			k.online.Store(true)
			applicant := k.Account(t, 4, true)
			wife, child := backoffice.SyntheticPerson(6), backoffice.SyntheticPerson(16)
			k.addDirect(t, applicant, wife, wire.RelationSpouse)
			finger := prooftest.NewFinger()
			u, prover := k.startReal(t, lang, finger, false)
			u.snap("prove")
			prooftest.ProveByFinger(t, prover(), finger, applicant.IDNumber)
			u.expectStep(StepList)
			got := u.f.Dependents()
			if len(got) != 1 || got[0].MaskedID != identity.Mask(wife.IDNumber) || got[0].Relationship != wire.RelationSpouse || got[0].Name != wife.Name {
				t.Fatalf("listed %+v", got)
			}
			u.expectLiteral(identity.Mask(wife.IDNumber))
			u.snap("list_live")
			u.tap("next")
			u.tap("type:national_id")
			u.typeInto("number", child.IDNumber)
			u.tap("next")
			u.date(child.BirthHijri)
			u.tap("next")
			u.tap("relation:child")
			u.tap("next")
			res, ok := u.f.Result()
			if !ok || !res.Live {
				t.Fatalf("result %+v (step %s)", res, u.f.Step())
			}
			rec, err := k.Outbox.ByRef(res.Ref)
			if err != nil || rec.Meta[MetaProof] != "token" {
				t.Fatalf("queued %+v, %v", rec, err)
			}
			if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted {
				t.Fatalf("central: %+v", st)
			}
			k.expectSMS(t, applicant.Mobile, i18n.Tf(i18n.AR, "sms.dependent_added", res.Ref))
		})
	}
}

// TestRealProverOffline: without the network the real Prover keeps the finger's
// template for the sealed record; the list is not shown, and central matches the
// finger when the request arrives.
func TestRealProverOffline(t *testing.T) {
	k := newKit(t)
	applicant := k.Account(t, 4, true)
	wife := backoffice.SyntheticPerson(6)
	finger := prooftest.NewFinger()
	u, prover := k.startReal(t, i18n.EN, finger, false)
	prooftest.ProveByFinger(t, prover(), finger, applicant.IDNumber)
	u.expectStep(StepList)
	u.expectText("dependents.list.offline")
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", wife.IDNumber)
	u.tap("next")
	u.date(wife.BirthHijri)
	u.tap("next")
	u.tap("relation:spouse")
	u.tap("next")
	res, ok := u.f.Result()
	if !ok || res.Live {
		t.Fatalf("result %+v (step %s)", res, u.f.Step())
	}
	if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted {
		t.Fatalf("central: %+v", st)
	}
	k.expectSMS(t, applicant.Mobile, i18n.Tf(i18n.AR, "sms.dependent_added", res.Ref))
}

// TestRealProverATM: at an ATM the bank card proves the person; offline, the
// card number goes sealed with the request and central checks it on arrival.
func TestRealProverATM(t *testing.T) {
	k := newKit(t)
	applicant := k.Account(t, 4, true)
	parent := backoffice.SyntheticPerson(14) // born 1953
	u, prover := k.startReal(t, i18n.AR, nil, true)
	prooftest.ProveByCard(t, prover(), 4)
	u.expectStep(StepList)
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", parent.IDNumber)
	u.tap("next")
	u.tap("cal:gregorian")
	u.date(parent.BirthGregorian)
	u.tap("next")
	u.tap("relation:parent")
	u.tap("next")
	res, ok := u.f.Result()
	if !ok {
		t.Fatalf("not queued (step %s)", u.f.Step())
	}
	rec, err := k.Outbox.ByRef(res.Ref)
	if err != nil || rec.Meta[MetaProof] != wire.MethodBankCard {
		t.Fatalf("queued %+v, %v", rec, err)
	}
	if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted {
		t.Fatalf("central: %+v", st)
	}
	k.expectSMS(t, applicant.Mobile, i18n.Tf(i18n.AR, "sms.dependent_added", res.Ref))
}
