package screentest_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/kiosk/screentest"
)

// key embeds a button and names it by Base, as keyboard keys embed rtl.Button.
type key struct{ *widget.Button }

func (k *key) Base() *widget.Button { return k.Button }

// screen puts on one canvas a visible button, a hidden one, a visible button in a
// hidden box, a key and a button in a pop-up overlay.
func screen(t *testing.T) fyne.Canvas {
	t.Helper()
	test.NewTempApp(t)
	hidden := widget.NewButton("hidden", nil)
	hidden.Hide()
	box := container.NewVBox(widget.NewButton("in a hidden box", nil))
	box.Hide()
	w := test.NewTempWindow(t, container.NewVBox(
		widget.NewButton("shown", nil), hidden, box, &key{widget.NewButton("key", nil)}))
	w.Resize(fyne.NewSize(400, 400))
	widget.ShowPopUp(widget.NewButton("in a pop-up", nil), w.Canvas())
	return w.Canvas()
}

func captions(bs []*widget.Button) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Text)
	}
	return out
}

func TestAllFindsWhatAPersonCanSee(t *testing.T) {
	c := screen(t)
	tests := []struct {
		name  string
		match func(*widget.Button) bool
		want  []string
	}{
		{"when nothing is asked, every visible button, the key and the pop-up's, in order",
			nil, []string{"shown", "key", "in a pop-up"}},
		{"when a caption is asked, only that button", func(b *widget.Button) bool { return b.Text == "key" }, []string{"key"}},
		{"when the button is hidden, nothing", func(b *widget.Button) bool { return b.Text == "hidden" }, nil},
		{"when its box is hidden, nothing", func(b *widget.Button) bool { return b.Text == "in a hidden box" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := captions(screentest.All(c, tt.match)); !slices.Equal(got, tt.want) {
				t.Errorf("All = %q, want %q", got, tt.want)
			}
			b, ok := screentest.Find(c, tt.match)
			if ok != (len(tt.want) > 0) || ok && b.Text != tt.want[0] {
				t.Errorf("Find = %v %v, want the first of %q", b, ok, tt.want)
			}
		})
	}
}

func TestInLooksOnlyInsideTheObject(t *testing.T) {
	test.NewTempApp(t)
	inside := container.NewVBox(widget.NewButton("inside", nil))
	w := test.NewTempWindow(t, container.NewVBox(widget.NewButton("outside", nil), inside))
	w.Resize(fyne.NewSize(400, 400))
	if got := captions(screentest.AllIn[*widget.Button](inside, nil)); !slices.Equal(got, []string{"inside"}) {
		t.Errorf("AllIn = %q, want only the button inside", got)
	}
	if _, ok := screentest.FindIn(inside, func(b *widget.Button) bool { return b.Text == "outside" }); ok {
		t.Error("FindIn found a button outside the object")
	}
}

func TestPositionAddsUpTheParents(t *testing.T) {
	test.NewTempApp(t)
	left, right := widget.NewLabel("left"), widget.NewLabel("right")
	inner := container.NewHBox(left, right)
	root := container.NewPadded(inner)
	w := test.NewTempWindow(t, root)
	w.Resize(fyne.NewSize(400, 100))

	tests := []struct {
		name string
		o    fyne.CanvasObject
		want fyne.Position
		ok   bool
	}{
		{"when o is root, root's own position", root, root.Position(), true},
		{"when o is inside, the sum of the positions down to it", right,
			root.Position().Add(inner.Position()).Add(right.Position()), true},
		{"when o is elsewhere, not found", widget.NewLabel("elsewhere"), fyne.Position{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := screentest.Position(root, tt.o)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Position = %v %v, want %v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if l, _ := screentest.Position(root, left); l.X >= right.Position().X+inner.Position().X {
		t.Errorf("left label at %v, right at %v", l, right.Position())
	}
}
