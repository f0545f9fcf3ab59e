// Package screentest finds what a person can see on a Fyne canvas, for the UI
// tests: the button to tap by its caption, the message that must be on screen,
// every button whose size must be checked. The shell's, the registration screens'
// and the widgets' tests share this one walk, so they agree on what "on screen"
// means.
//
// It walks a canvas's content and then its overlays (pop-ups, dialogs), depth
// first: a container's objects, and a widget's renderer's objects (made with
// fyne.io/fyne/v2/test.WidgetRenderer when the widget has not been drawn yet).
//
// # Caveats
//
// Hidden objects are passed over with everything inside them, since nobody can see
// or tap them; an object that is merely scrolled out of view or covered by an
// overlay is still found.
//
// It imports nothing of ours, so that any kiosk package's internal tests can use
// it. A widget that embeds another (a keyboard key embeds rtl.Button) is found as
// the embedded type through a Base method, the convention rtl.Button documents.
package screentest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Walk visits o and every visible object inside it until visit returns false, and
// reports whether it went to the end.
func Walk(o fyne.CanvasObject, visit func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return true
	}
	if !visit(o) {
		return false
	}
	for _, ch := range inside(o) {
		if !Walk(ch, visit) {
			return false
		}
	}
	return true
}

// Position returns where o is drawn, in the coordinates root's own position is
// in (root's parent's), and whether o is a visible object inside root. Tests
// compare these to check what is left or right of what.
func Position(root, o fyne.CanvasObject) (at fyne.Position, ok bool) {
	if root == nil || !root.Visible() {
		return at, false
	}
	at = root.Position()
	if root == o {
		return at, true
	}
	for _, ch := range inside(root) {
		if p, ok := Position(ch, o); ok {
			return at.Add(p), true
		}
	}
	return fyne.Position{}, false
}

// WalkCanvas walks c's content, then its overlays from the bottom one up.
func WalkCanvas(c fyne.Canvas, visit func(fyne.CanvasObject) bool) bool {
	if !Walk(c.Content(), visit) {
		return false
	}
	for _, o := range c.Overlays().List() {
		if !Walk(o, visit) {
			return false
		}
	}
	return true
}

// Find returns the first T on c for which match holds; a nil match takes any T.
func Find[T any](c fyne.Canvas, match func(T) bool) (T, bool) {
	return find(func(v func(fyne.CanvasObject) bool) { WalkCanvas(c, v) }, match)
}

// FindIn is Find inside o (one screen's part, a pop-up) instead of a whole canvas.
func FindIn[T any](o fyne.CanvasObject, match func(T) bool) (T, bool) {
	return find(func(v func(fyne.CanvasObject) bool) { Walk(o, v) }, match)
}

// All returns every T on c for which match holds, in walk order; a nil match takes
// every T.
func All[T any](c fyne.Canvas, match func(T) bool) []T {
	return all(func(v func(fyne.CanvasObject) bool) { WalkCanvas(c, v) }, match)
}

// AllIn is All inside o instead of a whole canvas.
func AllIn[T any](o fyne.CanvasObject, match func(T) bool) []T {
	return all(func(v func(fyne.CanvasObject) bool) { Walk(o, v) }, match)
}

func find[T any](walk func(func(fyne.CanvasObject) bool), match func(T) bool) (found T, ok bool) {
	walk(func(o fyne.CanvasObject) bool {
		if v, is := as[T](o); is && (match == nil || match(v)) {
			found, ok = v, true
		}
		return !ok
	})
	return found, ok
}

func all[T any](walk func(func(fyne.CanvasObject) bool), match func(T) bool) []T {
	var out []T
	walk(func(o fyne.CanvasObject) bool {
		if v, is := as[T](o); is && (match == nil || match(v)) {
			out = append(out, v)
		}
		return true
	})
	return out
}

// as is o as a T, directly or through its Base method.
func as[T any](o fyne.CanvasObject) (T, bool) {
	if v, ok := o.(T); ok {
		return v, true
	}
	if b, ok := o.(interface{ Base() T }); ok {
		return b.Base(), true
	}
	var zero T
	return zero, false
}

// inside is what o draws inside itself: a container's objects, a widget's
// renderer's.
func inside(o fyne.CanvasObject) []fyne.CanvasObject {
	switch v := o.(type) {
	case *fyne.Container:
		return v.Objects
	case fyne.Widget:
		return test.WidgetRenderer(v).Objects()
	}
	return nil
}
