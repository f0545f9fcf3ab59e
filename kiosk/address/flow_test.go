package address

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/wire"
)

var langs = []i18n.Lang{i18n.AR, i18n.EN}

// queued counts the requests waiting in the kiosk's outbox.
func (k *kit) queued(t *testing.T) int {
	t.Helper()
	st, err := k.Outbox.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return st.Queued
}

// Offline, a person proven by fingerprint enters a new address: bad input is
// refused field by field with nothing queued; the city and district are picked
// by typing on the on-screen keyboard; the update is queued, the receipt and
// the address card print (its QR read back by zbarimg), and central applies it
// on arrival and tells the person by SMS.
func TestOfflineUpdate(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			k.online.Store(false)
			p := k.Account(t, 3, true)
			u := k.startUI(t, lang)
			u.proveOffline(3)
			u.expectStep(StepForm)
			u.expectText("address.unknown.offline")

			// Bad input: each field's own message next to it, nothing queued.
			u.fill(identity.FieldBuildingNumber, "12")
			u.set(identity.FieldStreet, strings.Repeat("ش", 101))
			u.fill(identity.FieldPostalCode, "2144")
			u.set(identity.FieldShortAddress, "ررر د2929")
			u.tap("next")
			u.expectStep(StepForm)
			want := map[string]identity.Code{
				identity.FieldBuildingNumber: identity.CodeAddressBuildingNumber, identity.FieldStreet: identity.CodeAddressLength,
				identity.FieldCity: identity.CodeAddressRequired, identity.FieldDistrict: identity.CodeAddressRequired,
				identity.FieldPostalCode: identity.CodeAddressPostalCode, identity.FieldAdditionalNumber: identity.CodeAddressRequired,
				identity.FieldShortAddress: identity.CodeAddressShortAddress,
			}
			for field, code := range want {
				if got := u.f.Errors()[field]; got != code {
					t.Errorf("%s: error %q, want %q", field, got, code)
				}
				u.expectLiteral(code.Message(string(lang)))
			}
			if n := k.queued(t); n != 0 {
				t.Fatalf("%d requests queued after bad input", n)
			}
			u.snap("form_errors")
			// Changing a field takes its message away.
			u.fill(identity.FieldBuildingNumber, "2929")
			if _, bad := u.f.Errors()[identity.FieldBuildingNumber]; bad || u.shows(identity.CodeAddressBuildingNumber.Message(string(lang))) {
				t.Error("the building number's message stayed after it was corrected")
			}

			// The district list needs the city first.
			u.tap("pick:" + identity.FieldDistrict)
			u.expectStep(StepForm)
			u.expectText("address.err.city_first")

			city, cityName, district, districtName, nothing := "جد", "جدة", "حمر", "الحمراء", "ظظظ"
			if lang == i18n.EN {
				city, cityName, district, districtName, nothing = "jed", "Jeddah", "hamra", "Al Hamra", "zq"
			}
			u.tap("pick:" + identity.FieldCity)
			u.press(city)
			u.snap("picker_city")
			if ms := u.f.Matches(); len(ms) != 1 || ms[0].Code != "jeddah" {
				t.Fatalf("typing %q lists %v, want Jeddah alone", city, ms)
			}
			u.tapText(cityName)
			u.expectStep(StepForm)
			u.tap("pick:" + identity.FieldDistrict)
			u.press(nothing)
			u.expectText("address.pick.none")
			test.Tap(u.s.Keyboard().Key("clear"))
			if n := len(u.f.Matches()); n < 10 {
				t.Fatalf("a cleared search lists %d districts of Jeddah", n)
			}
			u.press(district)
			u.snap("picker_district")
			u.tapText(districtName)
			u.expectStep(StepForm)

			street := "طريق الملك"
			if lang == i18n.EN {
				street = "king road"
			}
			u.fill(identity.FieldStreet, street)
			u.snap("form_keyboard")
			u.fill(identity.FieldPostalCode, "21442")
			u.fill(identity.FieldAdditionalNumber, "7788")
			u.fill(identity.FieldShortAddress, "jeha2929")
			u.tap("next")
			u.expectStep(StepReview)
			u.expectLiteral("JEHA2929")
			u.expectLiteral(districtName)
			u.expectText("address.review.offline")
			u.snap("review")

			u.tap("next")
			u.expectStep(StepDone)
			res, ok := u.f.Result()
			if !ok || res.PrintErr != nil {
				t.Fatalf("result %+v %v", res, ok)
			}
			if got := k.prn.Last(); got.Reference != res.Ref || got.QR != slip.StatusQR(res.Ref) {
				t.Fatalf("receipt %q/%q, want the reference %s and its status QR", got.Reference, got.QR, res.Ref)
			}
			if n := k.queued(t); n != 1 {
				t.Fatalf("%d requests queued, want 1", n)
			}
			u.expectText("address.done.next")
			u.snap("done")

			u.tap("print_card")
			card := k.prn.Last()
			if card.QR != "JEHA2929" || card.Lang != string(lang) {
				t.Fatalf("card QR %q lang %q, want the short address in %s", card.QR, card.Lang, lang)
			}
			for _, width := range []int{576, 384} {
				if got := decodeCard(t, card, width); got != "JEHA2929" {
					t.Fatalf("zbarimg read %q from the %d-dot card, want JEHA2929", got, width)
				}
			}
			u.expectText("address.card.printed")

			st := k.Deliver(t, res.Ref)
			if st.State != wire.StateCompleted {
				t.Fatalf("central: %+v", st)
			}
			a, found := k.addressAt(t, p.IDNumber)
			wantStreet := strings.ToLower(street)
			if !found || a.CityCode != "jeddah" || a.DistrictCode != "jeddah.hamra" || a.City != "جدة" || a.District != "الحمراء" ||
				a.Street != wantStreet || a.ShortAddress != "JEHA2929" || a.BuildingNumber != "2929" || a.PostalCode != "21442" || a.AdditionalNumber != "7788" {
				t.Fatalf("central holds %+v (found %v)", a, found)
			}
			if m := k.lastSMS(t, p.Mobile); !strings.Contains(m.Text, res.Ref) || m.Text != i18n.Tf(i18n.AR, "sms.address_updated", res.Ref) {
				t.Fatalf("SMS %q, want the Arabic address-updated text with %s", m.Text, res.Ref)
			}
		})
	}
}

// A token central does not take (here: one it never made): the address on
// record is not shown, the form says it could not be read, and the update can
// still be entered.
func TestAddressNotReadable(t *testing.T) {
	k := newKit(t)
	u := k.startUI(t, i18n.EN)
	p := backofficePerson(5)
	u.expectProver()
	u.prover.proven(u.prover.h, Proven{ID: identity.ID{Number: p.IDNumber}, Method: wire.MethodPassword, Token: "pt1.forged.token"})
	u.expectStep(StepForm)
	if u.f.Unknown() != UnknownFailed {
		t.Fatalf("unknown %q, want %q", u.f.Unknown(), UnknownFailed)
	}
	u.expectText("address.unknown.failed")
	if _, found := u.f.Current(); found {
		t.Fatal("an address is shown")
	}
}

// A frozen outbox: the service says so before anyone proves anything.
func TestRefusedWhenOutboxFrozen(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			q := &registertest.Queue{}
			q.Freeze(errors.New("outbox: disk full"))
			k.queue = q
			u := k.startUI(t, lang)
			u.expectStep(StepRefused)
			if u.prover != nil {
				t.Fatal("the prover started on a frozen outbox")
			}
			u.expectText("address.refused.body")
			u.tap("home")
			if u.s.FlowID() != "" {
				t.Fatalf("still in flow %q", u.s.FlowID())
			}
		})
	}
}

// Home in the middle of the form forgets everything: the proof (the template's
// bytes zeroed), the typed fields and the picked places.
func TestWipeForgets(t *testing.T) {
	k := newKit(t)
	u := k.startUI(t, i18n.AR)
	p := backofficePerson(6)
	tmpl := []byte("template-bytes")
	u.prover.proven(u.prover.h, Proven{ID: identity.ID{Number: p.IDNumber}, Method: wire.MethodFingerprint, Template: tmpl})
	u.fill(identity.FieldBuildingNumber, "2929")
	u.tap("pick:" + identity.FieldCity)
	u.tapText("الرياض")
	u.s.Home()
	if u.prover.wiped == 0 {
		t.Error("the prover was not wiped with the session")
	}
	if strings.Trim(string(tmpl), "\x00") != "" {
		t.Fatalf("template not zeroed: %q", tmpl)
	}
	if u.f.proven != nil || len(u.f.vals) != 0 || u.f.city != "" || u.f.Step() != StepProve {
		t.Fatalf("after Home: proven %v vals %v city %q step %s", u.f.proven != nil, u.f.vals, u.f.city, u.f.Step())
	}
}

// A language switch on the form keeps what was typed and picked, and shows
// the picked city in the new language.
func TestLanguageSwitchKeepsForm(t *testing.T) {
	k := newKit(t)
	k.online.Store(false)
	u := k.startUI(t, i18n.AR)
	u.proveOffline(7)
	u.fill(identity.FieldBuildingNumber, "1234")
	u.tap("pick:" + identity.FieldCity)
	u.tapText("الرياض")
	u.tapText("English")
	u.lang = i18n.EN
	u.expectStep(StepForm)
	if e, ok := u.f.Field(identity.FieldBuildingNumber); !ok || e.Text != "1234" {
		t.Fatalf("building number after the switch: %v", e)
	}
	if b, ok := u.f.Button("pick:" + identity.FieldCity); !ok || b.Label.Text != "Riyadh" {
		t.Fatalf("city button after the switch: %v", b)
	}
	u.expectText("address.form.title")
}

// A printer out of paper: the request is still queued and the screen says the
// receipt did not print, with the reference to note; the address card says so
// too.
func TestPrinterFails(t *testing.T) {
	k := newKit(t)
	k.online.Store(false)
	k.prn.Err = errors.New("printer: out of paper")
	u := k.startUI(t, i18n.EN)
	u.proveOffline(11)
	u.fill(identity.FieldBuildingNumber, "1212")
	u.set(identity.FieldStreet, "Olaya Street")
	u.tap("pick:" + identity.FieldCity)
	u.tapText("Riyadh")
	u.tap("pick:" + identity.FieldDistrict)
	u.press("olaya")
	u.tapText("Al Olaya")
	u.fill(identity.FieldPostalCode, "12211")
	u.fill(identity.FieldAdditionalNumber, "5566")
	u.fill(identity.FieldShortAddress, "raoa1212")
	u.tap("next")
	u.tap("next")
	u.expectStep(StepDone)
	if res, _ := u.f.Result(); res.PrintErr == nil || k.queued(t) != 1 {
		t.Fatalf("print error %v, %d queued: want the failure told and the request queued", res.PrintErr, k.queued(t))
	}
	u.expectText("address.done.print_failed")
	u.tap("print_card")
	if err, ok := u.f.CardPrinted(); !ok || err == nil {
		t.Fatalf("card printed: %v %v", err, ok)
	}
	u.expectText("address.card.print_failed")
}
