package wizard

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
)

// What a native reader and an elderly user tripped over (issue #15), checked by
// where things are drawn; the markup goldens and screenshots show the same.

// x is the left edge of o on the window's canvas.
func (u *ui) x(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
}

func TestChecklistMarksStartEachLine(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepCredentials, identity.Citizen)
			u.typeInto(register.FieldUsername, "Ab1")
			c := u.win.Canvas()
			marks := screentest.All(c, func(l *rtl.Label) bool { return l.Text == "✓" || l.Text == "✗" })
			items := u.f.w.PasswordChecklist()
			if len(marks) != len(items) {
				t.Fatalf("%d marks for %d rules", len(marks), len(items))
			}
			for i, it := range items {
				text, ok := screentest.Find(c, func(l *rtl.Label) bool { return l.Text == it.Text.In(string(lang)) })
				if !ok {
					t.Fatalf("rule %s not on screen", it.Code)
				}
				want := map[bool]string{true: "✓", false: "✗"}[it.OK]
				if marks[i].Text != want {
					t.Errorf("rule %s: mark %s, want %s", it.Code, marks[i].Text, want)
				}
				mx, tx := u.x(marks[i]), u.x(text)
				// The line's start: right of the text in Arabic, left of it in English.
				if right := mx > tx; right != lang.RTL() {
					t.Errorf("rule %s: mark at x=%v, text at x=%v: the mark is not at the line's start", it.Code, mx, tx)
				}
			}
		})
	}
}

func TestNextArrowFollowsTheWord(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			u, _ := newUI(t, lang)
			for key, end := range map[string]bool{"next": true, "back": false} {
				b := u.f.buttons[key]
				var icon *canvas.Image
				for _, o := range test.WidgetRenderer(b).Objects() {
					if img, ok := o.(*canvas.Image); ok {
						icon = img
					}
				}
				if icon == nil || b.Icon == nil {
					t.Fatalf("%s has no arrow", key)
				}
				// After the word is right of it in English, left of it in Arabic.
				right := icon.Position().X > b.Label.Position().X
				if after := right != lang.RTL(); after != end {
					t.Errorf("%s: arrow after the word %v, want %v", key, after, end)
				}
			}
		})
	}
}

func TestOneFieldStepOpensWithItsKeyboard(t *testing.T) {
	tests := []struct {
		step  register.Step
		field register.Field // "" when the step has several fields and no keyboard opens
		kind  keyboard.Kind
	}{
		{register.StepIDNumber, register.FieldIDNumber, keyboard.Numeric},
		{register.StepBirthDate, "", keyboard.None},
		{register.StepMobile, register.FieldMobile, keyboard.Numeric},
		{register.StepEmail, register.FieldEmail, keyboard.Latin},
		{register.StepCredentials, "", keyboard.None},
		{register.StepCaptcha, register.FieldCaptcha, keyboard.Latin},
	}
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/%s", lang, tt.step), func(t *testing.T) {
				u, _ := newUI(t, lang)
				u.goToStep(tt.step, identity.Citizen)
				kb := u.s.Keyboard()
				if tt.field == "" {
					if kb.Visible() {
						t.Fatalf("a step with several fields opened the %s keyboard", kb.Kind())
					}
					return
				}
				// As the step opens, and again after a switch of language, which
				// rebuilds it.
				for _, when := range []string{"opened", "after a language switch"} {
					if when != "opened" {
						u.tapText(i18n.T(lang, "nav.language"))
						kb = u.s.Keyboard()
					}
					e := u.f.fields[tt.field]
					if !kb.Visible() || kb.Kind() != tt.kind || kb.Target() != e || u.win.Canvas().Focused() != e {
						t.Fatalf("%s: keyboard visible %v kind %s, target is the field %v, focused %v", when,
							kb.Visible(), kb.Kind(), kb.Target() == e, u.win.Canvas().Focused() == e)
					}
					u.inView(string(tt.field), u.f.rows[tt.field])
					// The first key types at once: no touch on the field first.
					u.key(kb.Key("1"))
					if got := e.Text; len(got) == 0 || got[len(got)-1] != '1' {
						t.Errorf("%s: the first key did not reach the field: %q", when, got)
					}
				}
			})
		}
	}
}

func TestBirthDateArrowsStayBesideTheirValue(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			u, _ := newUI(t, lang)
			u.goToStep(register.StepBirthDate, identity.Citizen)
			month, ok := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool {
				return l.Text == identity.MonthName(identity.Hijri, 5, string(lang))
			})
			if !ok {
				t.Fatal("the month is not shown")
			}
			values := map[string]fyne.CanvasObject{"day": u.f.fields["day"], "month": month, "year": u.f.fields["year"]}
			// The month's place is as wide as its longest name, centred: a shorter
			// name leaves some room between it and its arrows.
			near := 6 * fynetheme.Padding()
			for key, v := range values {
				vl, vr := u.x(v), u.x(v)+v.Size().Width
				for _, sign := range []string{"-", "+"} {
					b := u.f.buttons[key+sign]
					bl, br := u.x(b), u.x(b)+b.Size().Width
					gap := max(bl-vr, vl-br)
					if gap > near {
						t.Errorf("%s%s is %v px from its value, want at most %v", key, sign, gap, near)
					}
					for other, ov := range values {
						if other == key {
							continue
						}
						// Nearer its own value than any other group's.
						og := max(bl-(u.x(ov)+ov.Size().Width), u.x(ov)-br)
						if og <= gap {
							t.Errorf("%s%s is %v px from the %s, no farther than from its own value (%v)", key, sign, og, other, gap)
						}
					}
				}
			}
			// Day first in reading order.
			if dayFirst := u.x(values["day"]) < u.x(values["year"]); dayFirst == lang.RTL() {
				t.Error("the day is not first in reading order")
			}
			for _, name := range []string{"register.day", "register.month", "register.year"} {
				if !u.onScreen(i18n.T(lang, name)) {
					t.Errorf("group %s is not named", name)
				}
			}
		})
	}
}

func TestCodeScreenSaysItIsTheLastStepAndTheTriesOnce(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			clk := registertest.NewClock(testNow)
			u := startUI(t, lang, register.Deps{Queue: newQueue(), Printer: &registertest.Printer{}, Terms: fakeTerms{}, Now: clk.Now,
				Live: newLive("424242", clk.Now), Online: func() bool { return true },
				Rand: rand.New(rand.NewPCG(1, 2)), KioskID: "kiosk-test-1"})
			u.fill(false)
			u.next()
			if u.step() != register.StepOTP {
				t.Fatalf("step %s, want the code", u.step())
			}
			n := len(register.InputSteps())
			if u.onScreen(i18n.Tf(lang, "nav.step", n, n)) {
				t.Errorf("the code screen says %q", i18n.Tf(lang, "nav.step", n, n))
			}
			if !u.onScreen(i18n.T(lang, "register.otp_last")) {
				t.Error("the code screen does not say it is the last step")
			}
			tries := func(left int) bool {
				_, ok := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool {
					return l.Text == fmt.Sprintf(i18n.T(lang, "register.otp_tries"), left)
				})
				return ok
			}
			left := u.f.w.OTP().TriesLeft
			if !tries(left) {
				t.Errorf("the tries left (%d) are not shown before a wrong code", left)
			}
			u.typeInto(register.FieldOTP, "111111")
			u.tap("verify")
			u.expectError(register.StepOTP, register.FieldOTP, "otp_wrong")
			if tries(left - 1) {
				t.Error("the tries left are shown twice: in the error and on their own line")
			}
			// Everything to act on stays above the keypad.
			u.inView("code", u.f.rows[register.FieldOTP])
			u.inView("new code", u.f.buttons["resend"])
		})
	}
}
