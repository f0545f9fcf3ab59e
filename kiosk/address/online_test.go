package address

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// onRecord is the address central holds for the online tests.
var onRecord = wire.Address{BuildingNumber: "8228", Street: "طريق العليا", District: "العليا", City: "الرياض",
	PostalCode: "12211", AdditionalNumber: "3344", ShortAddress: "RAOA8228", CityCode: "riyadh", DistrictCode: "riyadh.olaya"}

// Online, with the real prover: the person proves who they are, sees the
// address on record in their language, prints it, then updates it; the
// update carries central's proof token, and central applies it on arrival.
func TestOnlineUpdate(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			p := k.Account(t, 8, true)
			k.putAddress(t, p.IDNumber, onRecord)
			finger := prooftest.NewFinger()
			var real *proof.Prover
			k.prove = func(proven func(shell.Host, Proven), cancel func(shell.Host)) Prover {
				real = proof.NewProver(proof.ProverConfig{TitleKey: "service.address", Offline: true,
					Deps:     k.ProverDeps(finger, k.online.Load),
					OnProven: proven, OnCancel: cancel})
				return real
			}
			u := k.startUI(t, lang)
			u.snap("prover")
			// Arabic by fingerprint; English by username, password and a code:
			// a proof token alone, which central resolves when the update arrives.
			if lang == i18n.AR {
				prooftest.ProveByFinger(t, real, finger, p.IDNumber)
			} else {
				prooftest.ProveByPassword(t, real, k.C, 8)
			}
			u.expectStep(StepCurrent)
			district := "العليا"
			if lang == i18n.EN {
				district = "Al Olaya"
			}
			u.expectLiteral("RAOA8228")
			u.expectLiteral(district)
			u.snap("current")

			u.tap("print_card")
			card := k.prn.Last()
			if card.QR != "RAOA8228" || !strings.Contains(card.Footer[0].EN, "on record") {
				t.Fatalf("card of the address on record: QR %q footer %+v", card.QR, card.Footer)
			}
			if got := decodeCard(t, card, 576); got != "RAOA8228" {
				t.Fatalf("zbarimg read %q", got)
			}

			u.tap("update")
			u.expectStep(StepForm)
			if e, _ := u.f.Field(identity.FieldShortAddress); e.Text != "RAOA8228" {
				t.Fatalf("the form does not start from the address on record: %q", e.Text)
			}
			u.fill(identity.FieldBuildingNumber, "8230")
			u.fill(identity.FieldShortAddress, "raoa8230")
			u.tap("next")
			u.expectStep(StepReview)
			if u.shows(i18n.T(lang, "address.review.offline")) {
				t.Error("the offline note shows for a person proven live")
			}
			u.tap("next")
			u.expectStep(StepDone)
			res, _ := u.f.Result()
			if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted {
				t.Fatalf("central: %+v", st)
			}
			a, _ := k.addressAt(t, p.IDNumber)
			if a.BuildingNumber != "8230" || a.ShortAddress != "RAOA8230" || a.DistrictCode != "riyadh.olaya" {
				t.Fatalf("central holds %+v", a)
			}
		})
	}
}

// At an ATM with the network down: the bank card proves the person, the
// update is queued with the card sealed in it, and central, when it arrives,
// checks the card against the person and applies it.
func TestATMOfflineByCard(t *testing.T) {
	k := newKit(t)
	k.online.Store(false)
	p := k.Account(t, 9, true)
	var real *proof.Prover
	k.prove = func(proven func(shell.Host, Proven), cancel func(shell.Host)) Prover {
		real = proof.NewProver(proof.ProverConfig{TitleKey: "service.address", ATM: true, Offline: true,
			Deps: k.ProverDeps(prooftest.NewFinger(), k.online.Load), OnProven: proven, OnCancel: cancel})
		return real
	}
	u := k.startUI(t, i18n.EN)
	u.f.CardInserted(prooftest.Card(t, 9), nil)
	if real.Step() != proof.ProveID {
		t.Fatalf("the card did not reach the prover: %s", real.Step())
	}
	test.Type(real.Form().Field(), p.IDNumber)
	test.Tap(mustButton(t, real, "next"))
	u.expectStep(StepForm)
	u.expectText("address.unknown.offline")
	u.fill(identity.FieldBuildingNumber, "4411")
	u.set(identity.FieldStreet, "Prince Sultan Street")
	u.tap("pick:" + identity.FieldCity)
	u.press("dam")
	u.tapText("Dammam")
	u.tap("pick:" + identity.FieldDistrict)
	u.press("shati")
	u.tapText("Ash Shati")
	u.fill(identity.FieldPostalCode, "32413")
	u.fill(identity.FieldAdditionalNumber, "6120")
	u.fill(identity.FieldShortAddress, "dasa4411")
	u.tap("next")
	u.expectStep(StepReview)
	u.tap("next")
	u.expectStep(StepDone)
	res, _ := u.f.Result()
	if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted {
		t.Fatalf("central: %+v", st)
	}
	if a, _ := k.addressAt(t, p.IDNumber); a.DistrictCode != "dammam.shati" || a.ShortAddress != "DASA4411" {
		t.Fatalf("central holds %+v", a)
	}
}

func mustButton(t *testing.T, p *proof.Prover, name string) *rtl.Button {
	t.Helper()
	b, ok := p.Button(name)
	if !ok {
		t.Fatalf("prover: no button %q on step %s", name, p.Step())
	}
	return b
}
