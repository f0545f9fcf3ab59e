package proof

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// IDForm is the "who are you" screen: the ID number typed on the numeric keypad
// or read from a card or passport, checked with the identity rules, with the
// error under the field.
type IDForm struct {
	Rules identity.Rules
	// NoReader leaves out the hint about the document reader (an ATM has none).
	NoReader bool
	text     string
	// doc is the ID a document gave; it wins over the typed text until the person
	// types again.
	doc    *identity.ID
	errKey string // i18n key, or
	errID  identity.Code
	field  *keyboard.Field
}

// Field is the ID number field of the last Object, for tests.
func (f *IDForm) Field() *keyboard.Field { return f.field }

// Focus is the field of the last Object when when is true (the ID screen is
// the one shown), for the keyboard to type in; nil otherwise.
func (f *IDForm) Focus(when bool) fyne.Focusable {
	if !when || f.field == nil {
		return nil
	}
	return f.field
}

// Error is the message under the field in lang, "" for none.
func (f *IDForm) Error(lang i18n.Lang) string {
	switch {
	case f.errKey != "":
		return i18n.T(lang, f.errKey)
	case f.errID != "":
		return f.errID.Message(string(lang))
	}
	return ""
}

// SetError puts the text of key under the field (an answer of central about the
// number, say).
func (f *IDForm) SetError(key string) { f.errKey, f.errID = key, "" }

// Submit checks what was typed or read. ok is false with the error set.
func (f *IDForm) Submit() (identity.ID, bool) {
	f.errKey, f.errID = "", ""
	if f.field != nil {
		f.text = f.field.Text
	}
	if f.doc != nil && f.text == f.doc.Number {
		return *f.doc, true
	}
	id, err := ParseTyped(f.text, f.Rules)
	if err != nil {
		var ie identity.Error
		if errors.As(err, &ie) {
			f.errID = ie.Code
		} else {
			f.errKey = "proof.id.invalid"
		}
		return identity.ID{}, false
	}
	return id, true
}

// FillFromDocument takes the ID from a read document. ok is false, with the error
// set, when the document carries no usable number.
func (f *IDForm) FillFromDocument(d mrz.Document) (identity.ID, bool) {
	f.errKey, f.errID = "", ""
	id, ok := FromDocument(d, f.Rules)
	if !ok {
		f.errKey = "proof.id.document_unusable"
		return identity.ID{}, false
	}
	f.doc, f.text = &id, id.Number
	if f.field != nil {
		f.field.SetText(id.Number)
	}
	return id, true
}

// Wipe forgets the number.
func (f *IDForm) Wipe() {
	f.text, f.doc, f.errKey, f.errID = "", nil, "", ""
	if f.field != nil {
		f.field.SetText("")
	}
}

// Object builds the form's body in lang, typed with kb; the screen's title is
// the service's (proof.id.title is there for it).
func (f *IDForm) Object(lang i18n.Lang, kb *keyboard.Keyboard, touch func()) fyne.CanvasObject {
	label := rtl.NewLabel(lang, i18n.T(lang, "proof.id.number"))
	label.Bold = true
	f.field = kb.NewField(keyboard.Numeric)
	f.field.SetText(f.text)
	f.field.OnChanged = func(s string) {
		f.text = s
		if touch != nil {
			touch()
		}
	}
	errLine := rtl.NewLabel(lang, "")
	errLine.Wrap, errLine.Bold = true, true
	errLine.ColorName = fynetheme.ColorNameError
	if msg := f.Error(lang); msg != "" {
		errLine.SetText("⚠ " + msg)
	}
	// The error line sits right under the field, and the hint last: with the
	// keypad up only the label, the field and its error are sure to show.
	box := container.NewVBox(label, f.field, errLine)
	if !f.NoReader {
		hint := rtl.NewLabel(lang, i18n.T(lang, "proof.id.document_hint"))
		hint.Wrap = true
		box.Add(hint)
	}
	return box
}
