package keyboard

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/kiosk/i18n"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// setup returns a keyboard and two fields of the given kinds in a window.
func setup(t *testing.T, a, b Kind) (*Keyboard, *Field, *Field, fyne.Window) {
	t.Helper()
	app := test.NewTempApp(t)
	app.Settings().SetTheme(theme.New(theme.Options{}))
	w := test.NewTempWindow(t, nil)
	kb := New(w.Canvas(), i18n.AR, None)
	f1, f2 := kb.NewField(a), kb.NewField(b)
	w.SetContent(container.NewVBox(f1, f2, kb))
	w.Resize(fyne.NewSize(1280, 800))
	return kb, f1, f2, w
}

func press(t *testing.T, kb *Keyboard, labels ...string) {
	t.Helper()
	for _, l := range labels {
		k := kb.Key(l)
		if k == nil {
			t.Fatalf("no key %q on the %s keyboard", l, kb.Kind())
		}
		test.Tap(k)
	}
}

func TestTyping(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		keys []string
		want string
	}{
		{"when digits are tapped on the keypad, they are typed in order", Numeric, []string{"1", "0", "5", "2"}, "1052"},
		{"when backspace is tapped, the last digit goes", Numeric, []string{"1", "2", "3", KeyBackspace}, "12"},
		{"when clear is tapped, the field empties", Numeric, []string{"4", "4", KeyClear, "7"}, "7"},
		{"when shift is on, letters are capitals until shift is tapped again", Latin,
			[]string{KeyShift, "t", KeyShift, "e", "s", "t", "@", "x", ".", "s", "a"}, "Test@x.sa"},
		{"when Arabic letters and a space are tapped, the name is typed", Arabic,
			[]string{"م", "ح", "م", "د", KeySpace, "ع", "ل", "ي"}, "محمد علي"},
		{"when the lam-alef key is tapped, it types two letters", Arabic, []string{"س", "لا", "م"}, "سلام"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb, f, _, _ := setup(t, tt.kind, None)
			test.Tap(f)
			if kb.Kind() != tt.kind || !kb.Visible() {
				t.Fatalf("keyboard kind %s visible %v after focusing a %s field", kb.Kind(), kb.Visible(), tt.kind)
			}
			press(t, kb, tt.keys...)
			if f.Text != tt.want {
				t.Errorf("typed %q, want %q", f.Text, tt.want)
			}
		})
	}
}

func TestKeysGoToTheFieldLastFocused(t *testing.T) {
	kb, id, email, w := setup(t, Numeric, Latin)
	test.Tap(id)
	press(t, kb, "1", "2")
	test.Tap(email)
	if kb.Kind() != Latin {
		t.Fatalf("kind = %s after focusing the email field", kb.Kind())
	}
	press(t, kb, "a", "b")
	// Tapping a key unfocuses the canvas (as the real driver does); keys must still
	// reach the remembered field.
	w.Canvas().Unfocus()
	press(t, kb, "c")
	if id.Text != "12" || email.Text != "abc" {
		t.Errorf("id %q email %q", id.Text, email.Text)
	}
	if w.Canvas().Focused() != email {
		t.Error("focus was not given back to the field")
	}
}

func TestEveryKeyIsATouchTarget(t *testing.T) {
	for _, kind := range []Kind{Numeric, Latin, Arabic} {
		for _, scale := range theme.Scales {
			kb, _, _, w := setup(t, kind, None)
			fyne.CurrentApp().Settings().SetTheme(theme.New(theme.Options{Scale: scale}))
			kb.SetKind(kind)
			w.SetContent(kb)
			n := 0
			walk(kb.content(), func(o fyne.CanvasObject) {
				k, ok := o.(*key)
				if !ok {
					return
				}
				n++
				if h := k.MinSize().Height; h < theme.MinTouch {
					t.Errorf("%s ×%v: key %q is %v dp tall", kind, scale, k.label, h)
				}
				if s := k.Size(); s.Height < theme.MinTouch || s.Width < theme.MinTouch-8 {
					t.Errorf("%s ×%v: key %q laid out at %v", kind, scale, k.label, s)
				}
			})
			if n < 12 {
				t.Errorf("%s: only %d keys", kind, n)
			}
		}
	}
}

func TestSetLangRelabelsActionKeys(t *testing.T) {
	kb, f, _, _ := setup(t, Numeric, None)
	test.Tap(f)
	clear := func() string { return kb.Key(KeyClear).Label.Text }
	if clear() != i18n.T(i18n.AR, "kb.clear") {
		t.Fatalf("clear key reads %q", clear())
	}
	kb.SetLang(i18n.EN)
	if clear() != i18n.T(i18n.EN, "kb.clear") {
		t.Errorf("clear key reads %q after switching to English", clear())
	}
}

func TestKeysReachPlainEntriesToo(t *testing.T) {
	test.NewTempApp(t)
	e := widget.NewEntry()
	w := test.NewTempWindow(t, e)
	kb := New(w.Canvas(), i18n.EN, Latin)
	kb.SetTarget(e)
	w.SetContent(container.NewVBox(e, kb))
	press(t, kb, "o", "k")
	if e.Text != "ok" {
		t.Errorf("entry = %q", e.Text)
	}
}

func TestShiftKeepsKeysLaidOut(t *testing.T) {
	kb, f, _, w := setup(t, Latin, None)
	test.Tap(f)
	w.Content().Refresh() // the shell lays the screen out again when the keyboard appears
	if s := kb.Key("t").Size(); s.Width <= 0 {
		t.Fatalf("before shift, key t is %v; the test window did not lay the keyboard out", s)
	}
	press(t, kb, KeyShift)
	for _, l := range []string{"t", KeyShift, KeySpace} {
		k := kb.Key(l)
		if k == nil {
			t.Fatalf("no key %q after shift", l)
		}
		if s := k.Size(); s.Width <= 0 || s.Height < 48 {
			t.Errorf("after shift, key %q is %v; want a laid-out key at least 48 high", l, s)
		}
	}
}
