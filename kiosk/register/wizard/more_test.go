package wizard

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/kiosk/i18n"
	"github.com/bawaba/bawaba/kiosk/identity"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/theme"
)

func newUI(t *testing.T, lang i18n.Lang) (*ui, *memQueue) {
	q := &memQueue{}
	return startUI(t, lang, register.Deps{Queue: q, Printer: &fakePrinter{}, Terms: fakeTerms{}, Now: (&clock{testNow}).now}), q
}

func TestLanguageSwitchKeepsTheEntries(t *testing.T) {
	u, _ := newUI(t, i18n.AR)
	u.tap("type:citizen")
	u.next()
	u.typeInto(register.FieldIDNumber, citizenID)
	u.tapText("English") // the shell's language button
	if u.s.Lang() != i18n.EN || u.step() != register.StepIDNumber {
		t.Fatalf("lang %s step %s", u.s.Lang(), u.step())
	}
	if got := u.f.fields[register.FieldIDNumber].Text; got != citizenID {
		t.Fatalf("ID number after the switch: %q", got)
	}
	if !u.onScreen("Step 2 of 10") {
		t.Error("screen not rebuilt in English")
	}
}

func TestIdleWipeForgetsTheSession(t *testing.T) {
	u, _ := newUI(t, i18n.EN)
	u.tap("type:citizen")
	u.next()
	u.typeInto(register.FieldIDNumber, citizenID)
	w := u.f.w
	u.s.Wipe() // what the idle timer does
	if u.f.w != nil || w.Step() != register.StepIdentityType || w.Form().IDNumber != "" {
		t.Fatalf("after wipe: flow wizard %v, old wizard at %s with %q", u.f.w, w.Step(), w.Form().IDNumber)
	}
}

func TestDocumentReaderFillsTheForm(t *testing.T) {
	u, _ := newUI(t, i18n.EN)
	u.f.FillFromDocument(mrz.Document{DocumentCode: "P", Issuer: "EGY", Nationality: "EGY", Number: "A12345678", BirthDate: "900315"})
	if u.step() != register.StepIDNumber || u.f.fields[register.FieldIDNumber].Text != "A12345678" {
		t.Fatalf("step %s", u.step())
	}
	if !u.onScreen("Nationality: Egypt") {
		t.Error("nationality read from the passport not shown")
	}
	u.next()
	if u.step() != register.StepBirthDate {
		t.Fatalf("document's ID did not pass: %v", u.f.w.Errors())
	}
	if d := u.f.w.Form().BirthDate; d.Calendar != identity.Gregorian || d.String() != "1990-03-15" {
		t.Errorf("birth date %+v", d)
	}
}

func TestVisitorPicksANationalityByTyping(t *testing.T) {
	u, _ := newUI(t, i18n.EN)
	u.tap("type:visitor")
	u.next()
	u.typeInto(register.FieldIDNumber, "x1234567")
	u.next()
	u.expectError(register.StepIDNumber, register.FieldNationality, "nationality.required")
	u.typeInto("nationality_search", "egy")
	u.tap("country:EGY")
	if !u.onScreen("Nationality: Egypt") {
		t.Fatal("choice not shown")
	}
	u.next()
	if u.step() != register.StepBirthDate {
		t.Fatalf("step %s: %v", u.step(), u.f.w.Errors())
	}
}

// checkTouch fails the test for any button on screen smaller than theme.MinTouch
// in either direction; fill calls it on every step.
func (u *ui) checkTouch() {
	u.t.Helper()
	walk(u.win.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*rtl.Button); ok && b.Visible() {
			if s := b.MinSize(); s.Height < theme.MinTouch || s.Width < theme.MinTouch {
				u.t.Errorf("%s: button %q on %s is %v", u.lang, b.Label.Text, u.step(), s)
			}
		}
		return true
	})
}

// TestTypedFieldStaysAboveTheKeyboard: the letter keyboard leaves room for about
// one field; the one being typed in must be the one in view.
func TestTypedFieldStaysAboveTheKeyboard(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		u, _ := newUI(t, lang)
		u.f.w.SetIDType(identity.Citizen)
		u.f.w.Set(register.FieldIDNumber, citizenID)
		u.f.w.SetBirthDate(1410, 5, 12)
		u.f.w.Set(register.FieldMobile, "0500000123")
		u.f.w.Set(register.FieldEmail, "test.resident@example.com")
		for u.step() < register.StepCredentials {
			u.next()
		}
		u.typeInto(register.FieldConfirm, "ab!")
		d := fyne.CurrentApp().Driver()
		field := u.f.fields[register.FieldConfirm]
		top := d.AbsolutePositionForObject(u.f.scroll).Y
		bottom := top + u.f.scroll.Size().Height
		fy := d.AbsolutePositionForObject(field).Y
		if fy < top || fy+field.MinSize().Height > bottom+1 {
			t.Errorf("%s: confirm field at %v..%v, visible band %v..%v", lang, fy, fy+field.MinSize().Height, top, bottom)
		}
		if kb := u.s.Keyboard(); !kb.Visible() || d.AbsolutePositionForObject(kb).Y < bottom {
			t.Errorf("%s: keyboard hidden or over the band", lang)
		}
	}
}
