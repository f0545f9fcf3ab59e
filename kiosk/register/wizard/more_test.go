package wizard

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

func newUI(t *testing.T, lang i18n.Lang) (*ui, *registertest.Queue) {
	q := newQueue()
	return startUI(t, lang, register.Deps{Queue: q, Printer: &registertest.Printer{}, Terms: fakeTerms{}, Now: registertest.NewClock(testNow).Now}), q
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
	for _, b := range screentest.All[*rtl.Button](u.win.Canvas(), nil) {
		if s := b.MinSize(); s.Height < theme.MinTouch || s.Width < theme.MinTouch {
			u.t.Errorf("%s: button %q on %s is %v", u.lang, b.Label.Text, u.step(), s)
		}
	}
}

// goToStep fills in everything before step with valid data and walks there.
func (u *ui) goToStep(step register.Step, idType identity.IdentityType) {
	u.t.Helper()
	w := u.f.w
	w.SetIDType(idType)
	if idType == identity.Citizen {
		w.Set(register.FieldIDNumber, citizenID)
		w.SetBirthDate(1410, 5, 12)
	}
	w.Set(register.FieldMobile, "0500000123")
	w.Set(register.FieldEmail, "test.resident@example.com")
	w.Set(register.FieldUsername, "TestUser2026")
	w.Set(register.FieldPassword, testPass)
	w.Set(register.FieldConfirm, testPass)
	w.SetLanguage(register.LangArabic)
	for u.step() < step {
		before := u.step()
		u.next()
		if u.step() == before {
			u.t.Fatalf("stuck on %s: %v", before, w.Errors())
		}
	}
}

// inView fails the test unless o lies whole inside the step's visible band, above
// the keyboard, at no less than its minimum height.
func (u *ui) inView(what string, o fyne.CanvasObject) {
	u.t.Helper()
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(u.f.scroll).Y
	bottom := top + u.f.scroll.Size().Height
	kb := u.s.Keyboard()
	if kbTop := d.AbsolutePositionForObject(kb).Y; !kb.Visible() || kbTop < bottom-0.5 {
		u.t.Errorf("%s %s: keyboard hidden or over the band (band ends %v, keyboard from %v)", u.lang, u.step(), bottom, kbTop)
	}
	if sz := u.win.Canvas().Size(); sz.Width > 1280 || sz.Height > 800 {
		u.t.Errorf("%s %s: the window grew to %v: something does not fit", u.lang, u.step(), sz)
	}
	y := d.AbsolutePositionForObject(o).Y
	h := o.Size().Height
	if y < top-0.5 || y+h > bottom+0.5 || h < o.MinSize().Height-0.5 || h <= 0 {
		u.t.Errorf("%s %s: %s at %v..%v (min height %v), visible band %v..%v", u.lang, u.step(), what, y, y+h, o.MinSize().Height, top, bottom)
	}
}

// shot writes a PNG of the screen to BAWABA_SCREENSHOTS, if set.
func (u *ui) shot(name string) {
	u.t.Helper()
	if u.shots == "" {
		return
	}
	fh, err := os.Create(filepath.Join(u.shots, "kb_"+string(u.lang)+"_"+name+".png"))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.win.Canvas().Capture()); err != nil {
		u.t.Fatal(err)
	}
}

// TestFocusedFieldStaysInViewOverTheLetterKeyboard: the letter keyboards take half
// of a 1280×800 screen. On every step typed with one, the focused field stays whole
// with its label and its error line between the step indicator and the keyboard,
// every field of the step can be reached (by a tap or the keyboard's "next field"
// key), and the visual code stays beside its field.
func TestFocusedFieldStaysInViewOverTheLetterKeyboard(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang)+"/visitor id and nationality", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepIDNumber, identity.Visitor)
			u.next() // show the errors: they must fit too
			for _, name := range []register.Field{register.FieldIDNumber, "nationality_search"} {
				test.Tap(u.f.fields[name])
				u.inView(string(name), u.f.rows[name])
				u.shot("02_" + string(name))
			}
			u.typeInto("nationality_search", map[i18n.Lang]string{i18n.AR: "مصر", i18n.EN: "egy"}[lang])
			u.inView("nationality and its matches", u.f.rows["nationality_search"])
			u.inView("the match", u.f.buttons["country:EGY"])
			u.shot("02_nationality_typed")
		})
		t.Run(string(lang)+"/email", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepEmail, identity.Citizen)
			u.typeInto(register.FieldEmail, "test.resident@")
			u.next()
			test.Tap(u.f.fields[register.FieldEmail])
			u.inView("email", u.f.rows[register.FieldEmail])
			u.shot("05_email")
		})
		t.Run(string(lang)+"/credentials by the next-field key", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepCredentials, identity.Citizen)
			u.typeInto(register.FieldUsername, "Ab1")
			u.next() // username too short: its error line must show too
			kb := u.s.Keyboard()
			test.Tap(u.f.fields[register.FieldUsername])
			for i, name := range []register.Field{register.FieldUsername, register.FieldPassword, register.FieldConfirm} {
				if i > 0 {
					u.key(kb.Key("next"))
				}
				if kb.Target() != u.f.fields[name] {
					t.Fatalf("the next-field key did not reach %s", name)
				}
				u.inView(string(name), u.f.rows[name])
				u.shot("06_" + string(name))
			}
			u.key(kb.Key("a"))
			if got := u.f.w.Form().Confirm; got != testPass+"a" {
				t.Errorf("typing after next-field went elsewhere: confirm is %d long", len(got))
			}
		})
		t.Run(string(lang)+"/credentials in the largest text", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.s.SetTheme(theme.Options{Scale: theme.XLarge})
			u.goToStep(register.StepCredentials, identity.Citizen)
			kb := u.s.Keyboard()
			test.Tap(u.f.fields[register.FieldUsername])
			for i, name := range []register.Field{register.FieldUsername, register.FieldPassword, register.FieldConfirm} {
				if i > 0 {
					u.key(kb.Key("next"))
				}
				u.inView(string(name), u.f.rows[name])
				u.shot("06_xl_" + string(name))
			}
		})
		t.Run(string(lang)+"/credentials by tapping", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepCredentials, identity.Citizen)
			for _, name := range []register.Field{register.FieldConfirm, register.FieldUsername, register.FieldPassword} {
				u.typeInto(name, "ab!")
				u.inView(string(name), u.f.rows[name])
			}
			d := fyne.CurrentApp().Driver()
			user := u.f.fields[register.FieldUsername]
			for _, name := range []register.Field{register.FieldPassword, register.FieldConfirm} {
				e := u.f.fields[name]
				if e.Size().Width != user.Size().Width || d.AbsolutePositionForObject(e).X != d.AbsolutePositionForObject(user).X {
					t.Errorf("%s field at x %v, %v wide; username at x %v, %v wide", name,
						d.AbsolutePositionForObject(e).X, e.Size().Width, d.AbsolutePositionForObject(user).X, user.Size().Width)
				}
			}
		})
		t.Run(string(lang)+"/visual code", func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepCaptcha, identity.Citizen)
			u.typeInto(register.FieldCaptcha, "zzzzz")
			u.next()
			test.Tap(u.f.fields[register.FieldCaptcha])
			u.inView("answer", u.f.rows[register.FieldCaptcha])
			pic, ok := screentest.Find(u.win.Canvas(), func(img *canvas.Image) bool { return img.Image != nil })
			if !ok {
				t.Fatal("no captcha picture")
			}
			u.inView("picture", pic)
			u.shot("08_captcha")
		})
	}
}

// TestEveryStepFitsInTheLargestText walks the steps up to the visual code in the
// largest text, each
// with its keyboard up when it opens with one: nothing may be wider than the
// 1280 px screen (Fyne would grow the window instead).
func TestEveryStepFitsInTheLargestText(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.s.SetTheme(theme.Options{Scale: theme.XLarge})
			for step := register.StepIdentityType; step <= register.StepCaptcha; step++ {
				u.goToStep(step, identity.Citizen)
				u.shot(fmt.Sprintf("xl_%02d_%s", int(step)+1, step))
				if sz := u.win.Canvas().Size(); sz.Width > 1280.5 || sz.Height > 800.5 {
					t.Fatalf("%s: the window grew to %v: something does not fit", step, sz)
				}
			}
		})
	}
}
