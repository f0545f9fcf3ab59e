package address

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
)

// TestEveryScreenAndErrorHasAPrompt: every screen, field, label, picker
// answer and form error (the identity rules' for an address and the flow's
// own) has a spoken prompt in both languages, the Arabic with its tashkeel.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	keys := []string{"speech.tile.address", "speech.address.wait", "speech.address.refused", "speech.address.current",
		"speech.address.current.action", "speech.address.current.none", "speech.address.form", "speech.address.form.errors",
		"speech.address.kb.latin", "speech.address.kb.arabic", "speech.address.pick.city", "speech.address.pick.district",
		"speech.address.pick.action", "speech.address.pick.count", "speech.address.pick.listed", "speech.address.pick.none",
		"speech.address.picked", "speech.address.review", "speech.address.review.offline", "speech.address.review.action",
		"speech.address.done", "speech.address.done.printed", "speech.address.done.print_failed", "speech.address.done.next",
		"speech.address.done.action", "speech.address.card.print", "speech.address.card.printed", "speech.address.card.print_failed",
		ErrorPrompt(CodeCityFirst)}
	for _, why := range []string{UnknownOffline, UnknownFailed} {
		keys = append(keys, "speech.address.unknown."+why)
	}
	for _, name := range formFields {
		keys = append(keys, labelPrompt(name))
		if name != identity.FieldCity && name != identity.FieldDistrict {
			keys = append(keys, fieldPrompt(name))
		}
	}
	for _, c := range identity.Codes() {
		if strings.HasPrefix(string(c), "address.") {
			keys = append(keys, ErrorPrompt(c))
		}
	}
	speechtest.AssertPrompts(t, nil, keys...)
	speechtest.AssertDiacritised(t, keys...)
}

// TestAddressIsSpoken drives an offline update with speech on: the form and
// why the current address is not shown, the errors field by field, a field's
// label and keys, the picker's count and the few places left by name, the
// place chosen, the address read back after one warning, the reference
// spelled, and the card's outcome — in the session's language, the address's
// values only as personal data.
func TestAddressIsSpoken(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			k := newKit(t)
			k.online.Store(false)
			k.Account(t, 3, true)
			u := k.startSpeakingUI(t, lang, rec)
			u.proveOffline(3)
			u.expectStep(StepForm)
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.address.unknown.offline", "speech.address.form"}) {
				t.Errorf("the form said %v", got)
			}

			u.fill(identity.FieldBuildingNumber, "12")
			if !slices.Contains(rec.Keys(), fieldPrompt(identity.FieldBuildingNumber)) {
				t.Errorf("the building number's label was not said on focus: %v", rec.Keys())
			}
			if got := rec.Last(); len(got.Parts) != 1 || got.Parts[0].Spell != "2" || !got.Parts[0].Personal {
				t.Errorf("a key of the building number echoed %+v", got)
			}
			u.tap("next")
			errs := rec.Last().Keys()
			want := []string{"speech.address.form.errors", labelPrompt(identity.FieldBuildingNumber), ErrorPrompt(identity.CodeAddressBuildingNumber),
				labelPrompt(identity.FieldStreet), ErrorPrompt(identity.CodeAddressRequired)}
			if len(errs) < len(want) || !slices.Equal(errs[:len(want)], want) {
				t.Errorf("the errors said %v, want them field by field from %v", errs, want)
			}

			city, cityName, district, districtName := "جد", "جدة", "حمر", "الحمراء"
			if lang == i18n.EN {
				city, cityName, district, districtName = "jed", "Jeddah", "hamra", "Al Hamra"
			}
			u.tap("pick:" + identity.FieldCity)
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.address.pick.city", "speech.address.pick.action"}) {
				t.Errorf("the picker said %v", got)
			}
			u.press(city)
			last := rec.Last()
			if !slices.Contains(last.Keys(), "speech.address.pick.listed") || last.Parts[len(last.Parts)-1].Text != cityName {
				t.Errorf("one city left, the search said %+v", last)
			}
			u.tapText(cityName)
			if got := rec.Last(); len(got.Parts) != 3 || got.Parts[1].Text != cityName || got.Parts[2].Key != "speech.address.picked" {
				t.Errorf("picking said %+v", got)
			}
			u.tap("pick:" + identity.FieldDistrict)
			if got := rec.Last(); got.Parts[1].Text != cityName {
				t.Errorf("the district picker said %+v, want the city named", got)
			}
			u.press(district)
			u.tapText(districtName)
			u.fill(identity.FieldStreet, map[i18n.Lang]string{i18n.AR: "طريق", i18n.EN: "king road"}[lang])
			u.fill(identity.FieldBuildingNumber, "2929")
			u.fill(identity.FieldPostalCode, "21442")
			u.fill(identity.FieldAdditionalNumber, "7788")
			u.fill(identity.FieldShortAddress, "jeha2929")
			u.tap("next")
			u.expectStep(StepReview)
			review := rec.Last()
			if review.Keys()[0] != "speech.address.review" || !review.Personal() || !slices.Contains(review.Keys(), "speech.address.review.offline") {
				t.Errorf("the review said %+v", review)
			}
			for _, v := range []string{"2929", "21442", "7788", "JEHA2929"} {
				if !slices.ContainsFunc(review.Parts, func(p speech.Part) bool { return p.Spell == v && p.Personal }) {
					t.Errorf("the review did not read %s as personal data: %+v", v, review)
				}
			}
			u.tap("next")
			u.expectStep(StepDone)
			res, _ := u.f.Result()
			if done := rec.Last(); done.Keys()[0] != "speech.address.done" || done.Parts[1].Spell != res.Ref {
				t.Errorf("the done screen said %+v, want the reference %s", done, res.Ref)
			}
			u.tap("print_card")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.address.card.printed", "speech.address.done.action"}) {
				t.Errorf("the card printed said %v", got)
			}
			u.s.Repeat()
			if got := rec.Last().Keys(); got[0] != "speech.address.card.printed" {
				t.Errorf("repeat said %v", got)
			}
			for _, said := range rec.Said() {
				if said.Lang != lang && !slices.Contains(said.Keys(), "speech.language.ar.right") {
					t.Errorf("said %v in %q", said.Keys(), said.Lang)
				}
			}
			rec.AssertSaidKnown(t)
			var warnings []string
			for _, name := range formFields {
				warnings = append(warnings, fieldPrompt(name))
			}
			rec.AssertPersonalWarned(t, []string{"21442", "7788", "JEHA2929"}, warnings...)
		})
	}
}

// TestSearchNamesFewPlacesOnly: the picker names the places aloud only once
// few enough are left to choose from by ear.
func TestSearchNamesFewPlacesOnly(t *testing.T) {
	rec := &speechtest.Recorder{}
	k := newKit(t)
	k.online.Store(false)
	u := k.startSpeakingUI(t, i18n.EN, rec)
	u.proveOffline(3)
	u.tap("pick:" + identity.FieldCity)
	u.press("a")
	if n := len(u.f.Matches()); n <= fewEnough {
		t.Fatalf("typing a lists %d cities; the test needs more", n)
	}
	if slices.Contains(rec.Last().Keys(), "speech.address.pick.listed") {
		t.Errorf("%d places named aloud: %+v", len(u.f.Matches()), rec.Last())
	}
	test.Tap(u.s.Keyboard().Key("clear"))
	u.press("zq")
	if got := rec.Last().Keys(); !slices.Contains(got, "speech.address.pick.none") {
		t.Errorf("no match said %v", got)
	}
}
