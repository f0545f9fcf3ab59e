package keyboard

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
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
		{"when shift is tapped once, only the next letter is a capital", Latin,
			[]string{KeyShift, "t", "e", "s", "t", "r", "e", "s", "0", "1"}, "Testres01"},
		{"when shift is tapped before two words, each starts with a capital", Latin,
			[]string{KeyShift, "t", "e", "s", "t", KeyShift, "r", "e", "s", "0", "1"}, "TestRes01"},
		{"when shift is on, a digit does not use it up", Latin,
			[]string{KeyShift, "1", "a", "b"}, "1Ab"},
		{"when shift is double-tapped, capitals stay on until shift is tapped again", Latin,
			[]string{KeyShift, KeyShift, "t", "e", "s", "t", KeyShift, "x", "@", "y"}, "TESTx@y"},
		{"when shift is tapped twice and once more, it is off", Latin,
			[]string{KeyShift, KeyShift, KeyShift, "a"}, "a"},
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
				if h := k.MinSize().Height; h < theme.MinTouch || kind != Numeric && h > LetterKeyHeight*(1+(float32(scale)-1)/2) {
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

func TestShiftStatesAreShown(t *testing.T) {
	kb, f, _, _ := setup(t, Latin, None)
	kb.SetLang(i18n.EN)
	test.Tap(f)
	tests := []struct {
		name      string
		press     string
		want      Shift
		caption   string // of the shift key
		highlight bool
		letter    string // caption of the "q" key
	}{
		{"at first, shift is off and letters are small", "", ShiftOff, "⇧", false, "q"},
		{"one tap: shift is on for one letter, highlighted", KeyShift, ShiftOnce, "⇧", true, "Q"},
		{"a second tap locks capitals, and the key says so", KeyShift, CapsLock, "⇧ CAPS", true, "Q"},
		{"a letter does not undo caps lock", "a", CapsLock, "⇧ CAPS", true, "Q"},
		{"a third tap turns capitals off", KeyShift, ShiftOff, "⇧", false, "q"},
		{"one tap then a letter: off again", KeyShift, ShiftOnce, "⇧", true, "Q"},
		{"the letter uses the shift up", "b", ShiftOff, "⇧", false, "q"},
	}
	for _, tt := range tests {
		if tt.press != "" {
			press(t, kb, tt.press)
		}
		sh := kb.Key(KeyShift)
		if kb.Shift() != tt.want || sh.Label.Text != tt.caption || (sh.Importance == rtl.Primary) != tt.highlight {
			t.Errorf("%s: state %d, shift key %q highlighted %v", tt.name, kb.Shift(), sh.Label.Text, sh.Importance == rtl.Primary)
		}
		if got := kb.Key("q").Label.Text; got != tt.letter {
			t.Errorf("%s: q key reads %q", tt.name, got)
		}
	}
	if f.Text != "AB" {
		t.Errorf("typed %q", f.Text)
	}
}

func TestNextFieldKeyMovesFocus(t *testing.T) {
	for _, kind := range []Kind{Latin, Arabic} {
		kb, f1, f2, w := setup(t, kind, kind)
		focused := 0
		f2.OnFocused = func() { focused++ }
		test.Tap(f1)
		press(t, kb, KeyNext)
		if w.Canvas().Focused() != f2 || kb.Target() != f2 || focused != 1 {
			t.Fatalf("%s: after next, focused %v target %v (OnFocused ran %d times)", kind, w.Canvas().Focused(), kb.Target(), focused)
		}
		letter := "a"
		if kind == Arabic {
			letter = "ب"
		}
		press(t, kb, letter)
		if f2.Text != letter || f1.Text != "" {
			t.Errorf("%s: keys went to %q / %q", kind, f1.Text, f2.Text)
		}
		press(t, kb, KeyNext) // from the last field back to the first, like Tab
		if w.Canvas().Focused() != f1 {
			t.Errorf("%s: next on the last field did not wrap to the first", kind)
		}
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

// revealers counts the "show" eyes drawn inside o.
func revealers(o fyne.CanvasObject) int {
	n := 0
	if fmt.Sprintf("%T", o) == "*widget.passwordRevealer" {
		n++
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			n += revealers(c)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			n += revealers(c)
		}
	}
	return n
}

func TestSecretFieldHasNoShowEye(t *testing.T) {
	tests := []struct {
		name   string
		make   func(kb *Keyboard) *Field
		masked bool
		eyes   int
	}{
		{"when a password is typed by its owner, the eye lets them check it", func(kb *Keyboard) *Field {
			f := kb.NewField(Latin)
			f.Password = true
			return f
		}, true, 1},
		{"when the staff PIN is typed on a public screen, there is no eye", func(kb *Keyboard) *Field {
			return kb.NewSecretField(Numeric)
		}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			kb := New(w.Canvas(), i18n.EN, None)
			f := tt.make(kb)
			w.SetContent(container.NewVBox(f, kb))
			w.Resize(fyne.NewSize(800, 600))
			test.Tap(f)
			press(t, kb, "1", "2")
			if f.Text != "12" || f.Password != tt.masked {
				t.Fatalf("text %q masked %v", f.Text, f.Password)
			}
			if got := revealers(f); got != tt.eyes {
				t.Errorf("%d show eyes drawn, want %d", got, tt.eyes)
			}
		})
	}
}

func TestOnPressDescribesEachKey(t *testing.T) {
	tests := []struct {
		name   string
		kind   Kind
		secret bool
		keys   []string
		want   []Press
	}{
		{"when digits are tapped in an empty field, each is heard before it is typed", Numeric, false,
			[]string{"1", "2"}, []Press{{Key: "1", Typed: "1", Empty: true}, {Key: "2", Typed: "2"}}},
		{"when backspace and clear empty the field, the last key finds it empty", Numeric, false,
			[]string{"5", KeyBackspace, KeyBackspace, "6", KeyClear, KeyClear},
			[]Press{{Key: "5", Typed: "5", Empty: true}, {Key: KeyBackspace}, {Key: KeyBackspace, Empty: true},
				{Key: "6", Typed: "6", Empty: true}, {Key: KeyClear}, {Key: KeyClear, Empty: true}}},
		{"when shift is tapped, the letter after it is typed as a capital and shift goes off", Latin, false,
			[]string{KeyShift, "a", "b", KeySpace},
			[]Press{{Key: KeyShift, Shift: ShiftOnce, Empty: true}, {Key: "a", Typed: "A", Empty: true},
				{Key: "b", Typed: "b"}, {Key: KeySpace}}},
		{"when shift is tapped twice and then once more, capitals lock and unlock", Latin, false,
			[]string{KeyShift, KeyShift, "x", KeyShift},
			[]Press{{Key: KeyShift, Shift: ShiftOnce, Empty: true}, {Key: KeyShift, Shift: CapsLock, Empty: true},
				{Key: "x", Typed: "X", Shift: CapsLock, Empty: true}, {Key: KeyShift}}},
		{"when keys are tapped in a password field, each press says the field is secret", Latin, true,
			[]string{"p", KeyBackspace}, []Press{{Key: "p", Typed: "p", Secret: true, Empty: true}, {Key: KeyBackspace, Secret: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb, f, _, _ := setup(t, tt.kind, None)
			f.Password = tt.secret
			var got []Press
			kb.OnPress = func(p Press) { got = append(got, p) }
			test.Tap(f)
			press(t, kb, tt.keys...)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("presses\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestSecretFieldsAndUnknownTargetsAreSecret(t *testing.T) {
	kb, f, g, _ := setup(t, Numeric, Numeric)
	f.Secret = true // a code sent by SMS: shown, never said
	var got []Press
	kb.OnPress = func(p Press) { got = append(got, p) }
	test.Tap(f)
	press(t, kb, "4")
	test.Tap(g)
	press(t, kb, "4")
	kb.SetTarget(widget.NewCheck("", nil)) // a widget the keyboard cannot look into
	kb.canvas.Unfocus()
	press(t, kb, "4")
	if len(got) != 3 || !got[0].Secret || got[1].Secret || !got[2].Secret {
		t.Errorf("presses %+v, want secret, not secret, secret", got)
	}
}

func TestNoPressWithoutATarget(t *testing.T) {
	kb, _, _, _ := setup(t, Latin, None)
	kb.SetKind(Latin)
	var got []Press
	kb.OnPress = func(p Press) { got = append(got, p) }
	press(t, kb, "a", KeyShift)
	if len(got) != 1 || got[0].Key != KeyShift {
		t.Errorf("with no field to type in, presses %+v, want only shift", got)
	}
}
