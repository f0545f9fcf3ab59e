//go:build smoke

package main

import (
	"encoding/json"
	"os"
	"sync"
	"sync/atomic"
	"time"
	_ "unsafe" // go:linkname

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// The smoke build describes what is on screen so the Xvfb smoke test can tap
// widgets by name (a button's caption, a key's label, the n-th field) with real X
// events, instead of by coordinates that break with every layout change.
//
// When BAWABA_SMOKE_WIDGETS names a file, the window's object tree is walked a few
// times a second and, whenever it changed, written there as one JSON object
// (widgetDump), replacing the file atomically. The dump holds what fields contain:
// this build is for the smoke test and its synthetic people only, never a kiosk.

// widgetDump is one description of the window, in window coordinates (Fyne units;
// multiply by Scale for pixels).
type widgetDump struct {
	Seq      int        `json:"seq"`
	Screen   string     `json:"screen"`   // shell.Shell.Screen, with ":flow" in a flow
	Keyboard string     `json:"keyboard"` // layout shown: none, numeric, latin, arabic
	Scale    float32    `json:"scale"`
	Widgets  []widgetAt `json:"widgets"`
}

// widgetAt is one tappable or readable widget. Kind is "button", "key", "field",
// "label" or "scroll". X, Y, W, H is where it is laid out; V (x, y, w, h) is the
// part of that a person can see, the rest being scrolled away (zero when none is).
type widgetAt struct {
	Kind        string     `json:"kind"`
	Text        string     `json:"text,omitempty"`  // caption, label text or field content
	Key         string     `json:"key,omitempty"`   // a key's label as keyboard.Press takes it
	Icon        string     `json:"icon,omitempty"`  // a button's icon resource name
	Input       string     `json:"input,omitempty"` // a field's keyboard layout
	Placeholder string     `json:"placeholder,omitempty"`
	Password    bool       `json:"password,omitempty"`
	Focused     bool       `json:"focused,omitempty"` // the keys type into it
	Disabled    bool       `json:"disabled,omitempty"`
	Primary     bool       `json:"primary,omitempty"`
	X           float32    `json:"x"`
	Y           float32    `json:"y"`
	W           float32    `json:"w"`
	H           float32    `json:"h"`
	V           [4]float32 `json:"v"`
}

//go:linkname cachedRenderer fyne.io/fyne/v2/internal/cache.CachedRenderer
func cachedRenderer(fyne.Widget) (fyne.WidgetRenderer, bool)

// keyLabels are the labels keyboard.Keyboard.Key is asked about: every key of the
// Latin and numeric layouts and the action keys.
var keyLabels = func() []string {
	ls := []string{keyboard.KeyBackspace, keyboard.KeyClear, keyboard.KeySpace, keyboard.KeyShift}
	for _, r := range "1234567890qwertyuiopasdfghjkl@zxcvbnm._-!#$%&*+=?/" {
		ls = append(ls, string(r))
	}
	return ls
}()

// dumpFrom is the screen the dump describes now: the enrolment screen, then
// the shell (a re-enrolment makes a new one); one goroutine dumps whichever.
var (
	dumpFrom atomic.Pointer[screenSource]
	dumpOnce sync.Once
)

func dumpWidgets(w fyne.Window, ui screenSource) {
	path := os.Getenv("BAWABA_SMOKE_WIDGETS")
	if path == "" {
		return
	}
	dumpFrom.Store(&ui)
	dumpOnce.Do(func() { go dumpLoop(w, path) })
}

func dumpLoop(w fyne.Window, path string) {
	var last []byte
	seq := 0
	for range time.Tick(100 * time.Millisecond) {
		var d widgetDump
		done := make(chan struct{})
		fyne.Do(func() {
			defer close(done)
			d = describe(w, *dumpFrom.Load())
		})
		<-done
		d.Seq = 0
		b, err := json.Marshal(d)
		if err != nil || string(b) == string(last) {
			continue
		}
		last = b
		seq++
		d.Seq = seq
		if b, err = json.Marshal(d); err != nil {
			continue
		}
		tmp := path + ".tmp"
		if os.WriteFile(tmp, b, 0o600) == nil {
			os.Rename(tmp, path)
		}
	}
}

// describe walks the window's content and overlays; call it on the Fyne goroutine.
// A child's position is its parent's plus its own (a scroll's offset is its
// content's position), as the painter does it.
func describe(w fyne.Window, ui screenSource) widgetDump {
	c := w.Canvas()
	d := widgetDump{Screen: ui.Screen(), Keyboard: ui.Keyboard().Kind().String(), Scale: c.Scale()}
	if id := ui.FlowID(); id != "" {
		d.Screen += ":" + id
	}
	keyOf := map[*rtl.Button]string{}
	var walk func(o fyne.CanvasObject, origin fyne.Position, clip rect)
	walk = func(o fyne.CanvasObject, origin fyne.Position, clip rect) {
		if o == nil || !o.Visible() {
			return
		}
		p, s := origin.Add(o.Position()), o.Size()
		r := clip.intersect(rect{p.X, p.Y, s.Width, s.Height})
		seen := r.w > 0 && r.h > 0
		at := func(kind string) widgetAt {
			return widgetAt{Kind: kind, X: p.X, Y: p.Y, W: s.Width, H: s.Height, V: [4]float32{r.x, r.y, r.w, r.h}}
		}
		switch v := o.(type) {
		case *keyboard.Keyboard:
			for _, l := range keyLabels {
				if b := v.Key(l); b != nil {
					keyOf[b] = l
				}
			}
		case *keyboard.Field:
			f := at("field")
			f.Text, f.Input, f.Placeholder, f.Password = v.Text, v.Kind.String(), v.PlaceHolder, v.Password
			// The keys go to the canvas's focused widget, else to the keyboard's target.
			f.Focused = c.Focused() == fyne.Focusable(v) || c.Focused() == nil && ui.Keyboard().Target() == fyne.Focusable(v)
			d.Widgets = append(d.Widgets, f)
			return
		case *rtl.Label:
			if seen && v.Text != "" {
				l := at("label")
				l.Text = v.Text
				d.Widgets = append(d.Widgets, l)
			}
			return
		case interface{ Base() *rtl.Button }:
			b := v.Base()
			bt := at("button")
			if l, ok := keyOf[b]; ok {
				bt.Kind, bt.Key = "key", l
			}
			bt.Text, bt.Disabled, bt.Primary = b.Label.Text, b.Disabled(), b.Importance == rtl.Primary
			if b.Icon != nil {
				bt.Icon = b.Icon.Name()
			}
			d.Widgets = append(d.Widgets, bt)
			return
		case *container.Scroll:
			d.Widgets = append(d.Widgets, at("scroll"))
			clip = r
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, ch := range v.Objects {
				walk(ch, p, clip)
			}
		case fyne.Widget:
			if rd, ok := cachedRenderer(v); ok && rd != nil {
				for _, ch := range rd.Objects() {
					walk(ch, p, clip)
				}
			}
		}
	}
	all := rect{0, 0, c.Size().Width, c.Size().Height}
	walk(c.Content(), fyne.Position{}, all)
	for _, o := range c.Overlays().List() {
		walk(o, fyne.Position{}, all)
	}
	return d
}

type rect struct{ x, y, w, h float32 }

func (a rect) intersect(b rect) rect {
	x0, y0 := max(a.x, b.x), max(a.y, b.y)
	x1, y1 := min(a.x+a.w, b.x+b.w), min(a.y+a.h, b.y+b.h)
	return rect{x0, y0, max(0, x1-x0), max(0, y1-y0)}
}
