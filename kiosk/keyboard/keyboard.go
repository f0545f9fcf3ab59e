// Package keyboard provides the kiosk's on-screen keyboards: a numeric keypad (IDs,
// phone numbers, codes, dates), English letters with digits and symbols (username,
// password, email) and Arabic letters (names). Nobody at a kiosk has a keyboard.
//
// Keys deliver exactly what a physical keyboard would: TypedRune for characters,
// TypedKey(KeyBackspace) for backspace, and select-all plus backspace for Clear —
// the same path as fyne/test.Type, so a field cannot tell the difference.
//
// # Focus
//
// Fyne unfocuses the focused field when anything else is tapped, so a Keyboard
// remembers its target. A Field (an Entry made by Keyboard.NewField) makes itself
// the target and switches the keyboard to its kind when it gains focus; for other
// widgets call SetTarget. After each key the target is focused again so its caret
// stays visible.
//
// # Shift
//
// Shift is one-shot, as on a phone: it capitalises the next letter and turns itself
// off. Tapping shift again while it is on (a double tap) locks capitals on until
// shift is tapped once more; the key then reads "CAPS" and stays highlighted.
//
// # Announcing keys
//
// OnPress hears of every key before it reaches its target, as a Press: what
// it types, whether the target is secret (a password, a PIN, a code typed:
// Field.Secret or Entry.Password), whether it was empty. The shell says it
// aloud in speech mode, so the flows need not echo typed characters.
//
// # Next field
//
// The letter keyboards have a "next field" key that moves focus to the next input
// on the screen (Tab on a physical keyboard), so every field of a step can be
// reached while the keyboard covers the lower half of the screen.
package keyboard

import (
	"fmt"
	"image/color"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// Kind is a keyboard layout.
type Kind int

// The layouts. None hides the keyboard.
const (
	None Kind = iota
	Numeric
	Latin
	Arabic
)

func (k Kind) String() string {
	return [...]string{"none", "numeric", "latin", "arabic"}[k]
}

// Layouts, row by row. Arabic follows the standard Arabic (101) keyboard so people
// who type find keys where they expect; "لا" is one key that types two letters.
var (
	numericRows = [][]string{{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}}
	latinRows   = [][]string{
		{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
		{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
		{"a", "s", "d", "f", "g", "h", "j", "k", "l", "@"},
		{"z", "x", "c", "v", "b", "n", "m", ".", "_", "-"},
		{"!", "#", "$", "%", "&", "*", "+", "=", "?", "/"},
	}
	arabicRows = [][]string{
		{"ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "د"},
		{"ش", "س", "ي", "ب", "ل", "ا", "ت", "ن", "م", "ك", "ط", "ذ"},
		{"ئ", "ء", "ؤ", "ر", "لا", "ى", "ة", "و", "ز", "ظ", "أ", "إ"},
		{"آ"},
	}
)

// Keyboard is the on-screen keyboard panel. Its layout follows the focused Field.
type Keyboard struct {
	widget.BaseWidget

	lang   i18n.Lang
	canvas fyne.Canvas
	kind   Kind
	shift  Shift
	target fyne.Focusable
	rend   *kbRenderer

	// OnPress, if set, is called for every key press before the key reaches
	// its target (the shell announces the key with it). It is not called for a
	// key that has no target to go to, other than shift.
	OnPress func(Press)
	// OnKey, if set, is called after every key press (the shell resets its idle
	// timer with it).
	OnKey func()
	// OnResize, if set, is called when the keyboard appears, disappears or changes
	// layout, so the container holding it can lay itself out again.
	OnResize func()
}

// New returns a keyboard for fields on canvas c, labelled in lang, showing kind.
func New(c fyne.Canvas, lang i18n.Lang, kind Kind) *Keyboard {
	k := &Keyboard{canvas: c, lang: lang, kind: kind}
	k.ExtendBaseWidget(k)
	if kind == None {
		k.Hide()
	}
	return k
}

// Shift is the state of the shift key on the Latin keyboard.
type Shift int

// Shift states, in the order taps cycle through them.
const (
	ShiftOff  Shift = iota
	ShiftOnce       // the next letter is a capital, then back to ShiftOff
	CapsLock        // every letter is a capital until shift is tapped again
)

// Shift returns the shift state.
func (k *Keyboard) Shift() Shift { return k.shift }

// Compact reports whether kind is a letter keyboard, which takes so much of the
// screen that the rest of the UI should shrink its chrome while it shows.
func (k Kind) Compact() bool { return k == Latin || k == Arabic }

// LetterKeyHeight is the height of a letter-keyboard row: shorter than a normal
// button to leave room for the form, but still well above theme.MinTouch.
const LetterKeyHeight = 52

// Kind returns the layout shown.
func (k *Keyboard) Kind() Kind { return k.kind }

// SetKind switches layout; None hides the keyboard.
func (k *Keyboard) SetKind(kind Kind) {
	if kind == k.kind {
		return
	}
	k.kind, k.shift = kind, ShiftOff
	if kind == None {
		k.Hide()
	} else {
		k.Show()
	}
	k.Refresh()
	if k.OnResize != nil {
		k.OnResize()
	}
}

// SetLang relabels the action keys for a language switch.
func (k *Keyboard) SetLang(lang i18n.Lang) {
	if lang == k.lang {
		return
	}
	k.lang = lang
	if k.rend != nil {
		k.rend.built = ""
	}
	k.Refresh()
}

// SetTarget makes f receive the keys.
func (k *Keyboard) SetTarget(f fyne.Focusable) { k.target = f }

// Target returns the widget that receives the keys.
func (k *Keyboard) Target() fyne.Focusable { return k.target }

// Press is a key press as OnPress hears of it, before the key is delivered.
type Press struct {
	// Key is the key's label as passed to Keyboard.Press: a character, or one
	// of KeyBackspace, KeyClear, KeySpace, KeyShift, KeyNext.
	Key string
	// Typed is what a character key types, shift applied ("A" for "a"); empty
	// for the action keys.
	Typed string
	// Secret reports that the target's text must never be said: only that a
	// character was typed.
	Secret bool
	// Empty reports that the target held no text, so backspace and clear have
	// nothing to delete.
	Empty bool
	// Shift is the shift state once the key has been pressed.
	Shift Shift
}

// Press types one key label: a character key, or one of the action keys Backspace,
// Clear, Space, Shift, Next. Tapping a key calls Press.
func (k *Keyboard) Press(label string) {
	t := k.target
	if f := k.canvas.Focused(); f != nil {
		t = f
		k.target = f
	}
	if k.OnPress != nil && (t != nil || label == KeyShift) {
		k.OnPress(k.press(label, t))
	}
	switch label {
	case KeyShift:
		k.shift = (k.shift + 1) % 3
		k.Refresh()
	case KeyNext:
		if t != nil {
			k.canvas.Focus(t)
			k.canvas.FocusNext()
			t = k.canvas.Focused()
			k.target = t
			// Type after what is there, not before it.
			if e, ok := t.(*Field); ok {
				lines := strings.Split(e.Text, "\n")
				e.CursorRow, e.CursorColumn = len(lines)-1, utf8.RuneCountInString(lines[len(lines)-1])
				e.Refresh()
			}
		}
	case KeyBackspace:
		if t != nil {
			t.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		}
	case KeyClear:
		if s, ok := t.(fyne.Shortcutable); ok {
			s.TypedShortcut(&fyne.ShortcutSelectAll{})
			t.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
		}
	case KeySpace:
		if t != nil {
			t.TypedRune(' ')
		}
	default:
		if t != nil {
			for _, r := range k.apply(label) {
				t.TypedRune(r)
			}
		}
		if k.shift == ShiftOnce && strings.ToUpper(label) != label {
			k.shift = ShiftOff
			k.Refresh()
		}
	}
	if t != nil && k.canvas.Focused() != t {
		k.canvas.Focus(t)
	}
	if k.OnKey != nil {
		k.OnKey()
	}
}

// press describes label pressed for target t.
func (k *Keyboard) press(label string, t fyne.Focusable) Press {
	p := Press{Key: label, Shift: k.shift}
	p.Secret, p.Empty = secretOrEmpty(t)
	switch label {
	case KeyShift:
		p.Shift = (k.shift + 1) % 3
	case KeyBackspace, KeyClear, KeySpace, KeyNext:
	default:
		p.Typed = k.apply(label)
		if k.shift == ShiftOnce && strings.ToUpper(label) != label {
			p.Shift = ShiftOff
		}
	}
	return p
}

// secretOrEmpty looks into the keys' target. A widget it cannot look into is
// taken for secret: better "one character typed" than a secret said aloud.
func secretOrEmpty(t fyne.Focusable) (secret, empty bool) {
	switch e := t.(type) {
	case *Field:
		return e.Password || e.Secret, e.Text == ""
	case *widget.Entry:
		return e.Password, e.Text == ""
	case nil:
		return false, true
	}
	return true, false
}

func (k *Keyboard) apply(label string) string {
	if k.shift != ShiftOff {
		return strings.ToUpper(label)
	}
	return label
}

// The action keys' labels as passed to Press.
const (
	KeyBackspace = "⌫"
	KeyClear     = "clear"
	KeySpace     = "space"
	KeyShift     = "shift"
	KeyNext      = "next"
)

// Key returns the key widget that types label, for tests and for the shell's
// markup; nil if the current layout has no such key.
func (k *Keyboard) Key(label string) *rtl.Button {
	var found *rtl.Button
	walk(k.content(), func(o fyne.CanvasObject) {
		if b, ok := o.(*key); ok && b.label == label {
			found = b.Button
		}
	})
	return found
}

func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(o)
	if c, ok := o.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			walk(ch, f)
		}
	}
}

// CreateRenderer implements fyne.Widget.
func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	r := &kbRenderer{k: k}
	k.rend = r
	r.Refresh()
	return r
}

type kbRenderer struct {
	k       *Keyboard
	content fyne.CanvasObject
	built   string
}

// Layout centres the keys; a keypad stretched over a wide screen is hard to use.
func (r *kbRenderer) Layout(s fyne.Size) {
	w := s.Width
	switch r.k.kind {
	case Numeric:
		w = min(w, 520)
	default:
		w = min(w, 1100)
	}
	r.content.Move(fyne.NewPos((s.Width-w)/2, 0))
	r.content.Resize(fyne.NewSize(w, s.Height))
}
func (r *kbRenderer) MinSize() fyne.Size { return r.content.MinSize() }
func (r *kbRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.content}
}
func (r *kbRenderer) Destroy() {}
func (r *kbRenderer) Refresh() {
	sig := fmt.Sprint(r.k.kind, r.k.shift)
	if sig != r.built {
		r.content = r.k.build()
		r.built = sig
		// A freshly built layout has no size; without this the keys keep zero or
		// negative widths until the next window resize.
		r.Layout(r.k.Size())
	}
	r.content.Refresh()
}

// key is one keyboard key: a Button that remembers the label it types.
type key struct {
	*rtl.Button
	label string
	short bool
}

// MinSize keeps letter keys at LetterKeyHeight whatever the caption's line height
// (Arabic lines are much taller than Latin ones), growing by half as much as the
// text when a resident picks larger text, so big captions still fit their keys.
func (k *key) MinSize() fyne.Size {
	s := k.Button.MinSize()
	if k.short {
		grow := k.Theme().Size(fynetheme.SizeNameText)/baseTextSize - 1
		s.Height = LetterKeyHeight * (1 + max(grow, 0)/2)
	}
	return s
}

// baseTextSize is the theme's text size at the normal text scale.
const baseTextSize = 22

func (k *Keyboard) newKey(label, caption string) fyne.CanvasObject {
	b := rtl.NewButton(k.lang, caption, func() { k.Press(label) })
	b.Label.Bold = true
	return &key{Button: b, label: label, short: k.kind.Compact()}
}

// content returns the keys currently laid out (built on demand for Key lookups).
func (k *Keyboard) content() fyne.CanvasObject {
	if k.rend != nil && k.rend.content != nil {
		return k.rend.content
	}
	return k.build()
}

func (k *Keyboard) build() fyne.CanvasObject {
	var rows [][]string
	switch k.kind {
	case Numeric:
		rows = numericRows
	case Latin:
		rows = latinRows
	case Arabic:
		rows = arabicRows
	default:
		return container.NewStack()
	}
	var lines []fyne.CanvasObject
	for _, row := range rows {
		var keys []fyne.CanvasObject
		for _, l := range row {
			caption := l
			if k.kind == Latin && k.shift != ShiftOff {
				caption = strings.ToUpper(l)
			}
			keys = append(keys, k.newKey(l, caption))
		}
		cols := len(row)
		if k.kind == Arabic {
			cols = 12 // keep key widths equal across rows
		}
		lines = append(lines, container.NewGridWithColumns(cols, keys...))
	}
	bs := k.newKey(KeyBackspace, KeyBackspace)
	clear := k.newKey(KeyClear, i18n.T(k.lang, "kb.clear"))
	var bottom fyne.CanvasObject
	switch k.kind {
	case Numeric:
		bottom = container.NewGridWithColumns(3, clear, k.newKey("0", "0"), bs)
	case Latin:
		caption := i18n.T(k.lang, "kb.shift")
		if k.shift == CapsLock {
			caption = i18n.T(k.lang, "kb.caps")
		}
		shift := k.newKey(KeyShift, caption)
		switch k.shift {
		case ShiftOnce:
			shift.(*key).Importance = rtl.Primary
		case CapsLock:
			shift.(*key).Importance = rtl.Primary
			shift.(*key).Icon = fynetheme.ConfirmIcon()
		}
		next := k.newKey(KeyNext, i18n.T(k.lang, "kb.next"))
		bottom = container.NewGridWithColumns(5, shift, clear, k.newKey(KeySpace, i18n.T(k.lang, "kb.space")), bs, next)
	case Arabic:
		// Backspace sits on the reading-start side of an Arabic keyboard: the left;
		// "next field" at the reading end, also the left.
		next := k.newKey(KeyNext, i18n.T(k.lang, "kb.next"))
		bottom = container.NewGridWithColumns(4, next, bs, k.newKey(KeySpace, i18n.T(k.lang, "kb.space")), clear)
	}
	lines = append(lines, bottom)
	return container.NewVBox(lines...)
}

// Field is an Entry bound to a Keyboard: when it gains focus it becomes the
// keyboard's target and switches the keyboard to its Kind.
type Field struct {
	widget.Entry
	Kind Kind
	// Secret marks a field whose characters are never announced, only that
	// one was typed: a code sent by SMS, which is not masked (the person reads
	// it off their phone) but must not be heard by others. A Password field is
	// always secret.
	Secret bool
	// OnFocused, if set, is called when the field gains focus (a tap, or the "next
	// field" key), after the keyboard has switched to its Kind: the screen scrolls
	// the field into view with it.
	OnFocused func()
	kb        *Keyboard
}

// NewField returns a single-line Field typed with kind.
func (k *Keyboard) NewField(kind Kind) *Field {
	f := &Field{Kind: kind, kb: k}
	f.ExtendBaseWidget(f)
	return f
}

// NewSecretField returns a masked Field with no "show" eye beside it, for a secret
// typed on a public screen (the staff PIN): whoever stands behind the person
// could tap the eye as easily as the person can.
func (k *Keyboard) NewSecretField(kind Kind) *Field {
	f := k.NewField(kind)
	f.Password = true
	// Entry adds its revealer only when ActionItem is empty: fill it with nothing.
	f.ActionItem = canvas.NewRectangle(color.Transparent)
	return f
}

// FocusGained implements fyne.Focusable.
func (f *Field) FocusGained() {
	f.Entry.FocusGained()
	f.activate()
}

func (f *Field) activate() {
	f.kb.SetTarget(f)
	f.kb.SetKind(f.Kind)
	if f.OnFocused != nil {
		f.OnFocused()
	}
}

// Tapped focuses the field even when the canvas does not do it for us (tests).
func (f *Field) Tapped(ev *fyne.PointEvent) {
	f.Entry.Tapped(ev)
	f.activate()
}
