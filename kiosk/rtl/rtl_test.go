package rtl

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

func newApp(t *testing.T) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
}

// texts returns the label's canvas texts sorted left to right, top to bottom.
func texts(l *Label) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(l).Objects() {
		out = append(out, o.(*canvas.Text))
	}
	slices.SortStableFunc(out, func(a, b *canvas.Text) int {
		if a.Position().Y != b.Position().Y {
			return int(a.Position().Y - b.Position().Y)
		}
		return int(a.Position().X - b.Position().X)
	})
	return out
}

func TestLabel(t *testing.T) {
	tests := []struct {
		name  string
		lang  i18n.Lang
		text  string
		width float32
		want  []string // texts of the runs, left to right
		right bool     // last run ends at the right edge
	}{
		{"when English is shown, one run starts at the left", i18n.EN, "Hello world", 600,
			[]string{"Hello world"}, false},
		{"when Arabic has a reference code, the code is leftmost and the text hugs the right edge", i18n.AR,
			"رقم الطلب: BWB-2026-000123", 600,
			[]string{"BWB-2026-000123", " :", "الطلب", " ", "رقم"}, true},
		{"when a phone number follows Arabic, spaces survive between every run", i18n.AR,
			"اتصل على +966512345678", 600,
			[]string{"+966512345678", " ", "على", " ", "اتصل"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newApp(t)
			l := NewLabel(tt.lang, tt.text)
			l.Resize(fyne.NewSize(tt.width, l.MinSize().Height))
			got := texts(l)
			var s []string
			for _, x := range got {
				s = append(s, x.Text)
			}
			if !slices.Equal(s, tt.want) {
				t.Fatalf("runs = %q, want %q", s, tt.want)
			}
			// Runs touch: no gaps, no overlaps, so no lost spaces.
			for i := 1; i < len(got); i++ {
				end := got[i-1].Position().X + got[i-1].Size().Width
				if d := got[i].Position().X - end; d < -0.5 || d > 0.5 {
					t.Errorf("gap of %v before %q", d, got[i].Text)
				}
			}
			last := got[len(got)-1]
			atRight := last.Position().X+last.Size().Width > tt.width-1
			if atRight != tt.right {
				t.Errorf("right-aligned = %v, want %v", atRight, tt.right)
			}
			if got[0].Position().X < 0 {
				t.Errorf("clipped on the left at %v", got[0].Position().X)
			}
		})
	}
}

func TestLabelWrapKeepsEveryWordInOrder(t *testing.T) {
	newApp(t)
	text := "حفاظًا على خصوصيتك ستنتهي هذه الجلسة خلال 17 ثانية وسيتم مسح كل ما أدخلته من بيانات"
	l := NewLabel(i18n.AR, text)
	l.Wrap = true
	l.Resize(fyne.NewSize(260, 100))
	l.Resize(fyne.NewSize(260, l.MinSize().Height))
	lines := map[float32][]string{}
	var ys []float32
	for _, x := range texts(l) {
		if x.Position().X+x.Size().Width > 261 {
			t.Errorf("%q runs past the right edge", x.Text)
		}
		if _, ok := lines[x.Position().Y]; !ok {
			ys = append(ys, x.Position().Y)
		}
		lines[x.Position().Y] = append(lines[x.Position().Y], x.Text)
	}
	if len(ys) < 3 {
		t.Fatalf("expected several lines, got %d", len(ys))
	}
	// Reading each line right to left, top to bottom, gives the text back.
	var words []string
	for _, y := range ys {
		ln := lines[y]
		slices.Reverse(ln)
		words = append(words, strings.Fields(strings.Join(ln, ""))...)
	}
	if got := strings.Join(words, " "); got != text {
		t.Errorf("read back %q", got)
	}
}

func TestTouchTargets(t *testing.T) {
	newApp(t)
	for _, scale := range theme.Scales {
		fyne.CurrentApp().Settings().SetTheme(theme.New(theme.Options{Scale: scale}))
		for _, b := range []*Button{
			NewButton(i18n.AR, "رجوع", nil), NewPrimary(i18n.EN, "Next", nil), NewButton(i18n.EN, "1", nil),
		} {
			if h := b.MinSize().Height; h < theme.MinTouch {
				t.Errorf("scale %v: %q is %v dp tall", scale, b.Label.Text, h)
			}
			if w := b.MinSize().Width; w < theme.MinTouch {
				t.Errorf("scale %v: %q is %v dp wide", scale, b.Label.Text, w)
			}
		}
	}
}

func TestButtonTapsUnlessDisabled(t *testing.T) {
	newApp(t)
	n := 0
	b := NewButton(i18n.AR, "التالي", func() { n++ })
	test.Tap(b)
	b.Disable()
	test.Tap(b)
	b.Enable()
	test.Tap(b)
	if n != 2 {
		t.Errorf("taps = %d, want 2", n)
	}
}

func TestButtonIconSide(t *testing.T) {
	tests := []struct {
		name      string
		lang      i18n.Lang
		text      string
		end       bool
		iconRight bool
	}{
		{"when English Back has its arrow, the arrow comes before the word (left)", i18n.EN, "Back", false, false},
		{"when English Next has its arrow at the end, it follows the word (right)", i18n.EN, "Next", true, true},
		{"when Arabic Back has its arrow, the arrow comes before the word (right)", i18n.AR, "رجوع", false, true},
		{"when Arabic Next has its arrow at the end, it follows the word (left)", i18n.AR, "التالي", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newApp(t)
			b := NewPrimary(tt.lang, tt.text, nil)
			b.Icon, b.IconEnd = NextIcon(tt.lang), tt.end
			b.Resize(fyne.NewSize(240, 80))
			var icon *canvas.Image
			for _, o := range test.WidgetRenderer(b).Objects() {
				if img, ok := o.(*canvas.Image); ok {
					icon = img
				}
			}
			if icon == nil {
				t.Fatal("no icon drawn")
			}
			iconX, labelX := icon.Position().X, b.Label.Position().X
			if right := iconX > labelX; right != tt.iconRight {
				t.Errorf("icon at x=%v, caption at x=%v: icon on the right %v, want %v", iconX, labelX, right, tt.iconRight)
			}
			if tt.iconRight && iconX < labelX+b.Label.Size().Width || !tt.iconRight && iconX+icon.Size().Width > labelX {
				t.Errorf("icon [%v,+%v] overlaps caption [%v,+%v]", iconX, icon.Size().Width, labelX, b.Label.Size().Width)
			}
		})
	}
}

func TestWideTileWrapsBesideItsIcon(t *testing.T) {
	for _, tt := range []struct {
		lang      i18n.Lang
		text      string
		iconRight bool
	}{{i18n.EN, "Change your mobile number", false}, {i18n.AR, "تغيير رقم الجوال المسجل في الحساب", true}} {
		t.Run(string(tt.lang), func(t *testing.T) {
			newApp(t)
			b := NewPrimary(tt.lang, tt.text, nil)
			b.Icon, b.Wide = NextIcon(tt.lang), true
			b.Label.Wrap = true
			b.Resize(fyne.NewSize(300, 200))
			var icon *canvas.Image
			for _, o := range test.WidgetRenderer(b).Objects() {
				if img, ok := o.(*canvas.Image); ok {
					icon = img
				}
			}
			iconX, labelX, lw := icon.Position().X, b.Label.Position().X, b.Label.Size().Width
			if right := iconX > labelX; right != tt.iconRight {
				t.Errorf("icon at x=%v, caption at x=%v: icon on the right %v, want %v (the reading start)", iconX, labelX, right, tt.iconRight)
			}
			if iconX < labelX+lw && labelX < iconX+icon.Size().Width {
				t.Errorf("icon [%v,+%v] overlaps caption [%v,+%v]", iconX, icon.Size().Width, labelX, lw)
			}
			if m := b.MinSize(); m.Height < b.Label.MinSize().Height || m.Width > 300 {
				t.Errorf("min size %v for a caption of %v", m, b.Label.MinSize())
			}
			if lines := b.Label.MinSize().Height / NewLabel(tt.lang, strings.Fields(tt.text)[0]).MinSize().Height; lines < 2 {
				t.Errorf("the caption did not wrap beside its icon: %v lines", lines)
			}
		})
	}
}

func TestMirroredLayouts(t *testing.T) {
	tests := []struct {
		name string
		lang i18n.Lang
		make func(lang i18n.Lang, a, b fyne.CanvasObject) *fyne.Container
		// aLeft: the first argument ends up left of the second.
		aLeft bool
	}{
		{"when English, HBox keeps reading order left to right", i18n.EN, func(l i18n.Lang, a, b fyne.CanvasObject) *fyne.Container { return HBox(l, a, b) }, true},
		{"when Arabic, HBox puts the first object on the right", i18n.AR, func(l i18n.Lang, a, b fyne.CanvasObject) *fyne.Container { return HBox(l, a, b) }, false},
		{"when English, a form label is left of its field", i18n.EN, FormRow, true},
		{"when Arabic, a form label is right of its field", i18n.AR, FormRow, false},
		{"when English, back is left and next right", i18n.EN, NavRow, true},
		{"when Arabic, back is right and next left", i18n.AR, NavRow, false},
		{"when Arabic, Row puts the first cell on the right", i18n.AR, func(l i18n.Lang, a, b fyne.CanvasObject) *fyne.Container { return Row(l, a, b) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newApp(t)
			a, b := NewButton(tt.lang, "a", nil), NewButton(tt.lang, "b", nil)
			c := tt.make(tt.lang, a, b)
			c.Resize(fyne.NewSize(800, 100))
			if got := a.Position().X < b.Position().X; got != tt.aLeft {
				t.Errorf("a at %v, b at %v", a.Position().X, b.Position().X)
			}
		})
	}
}

func TestStepsRunInReadingOrder(t *testing.T) {
	for _, tt := range []struct {
		lang      i18n.Lang
		firstLeft bool
	}{{i18n.EN, true}, {i18n.AR, false}} {
		newApp(t)
		s := NewSteps(tt.lang, []string{"one", "two", "three"}, 1)
		w := test.NewTempWindow(t, s)
		w.Resize(fyne.NewSize(800, 200))
		var xs = map[string]float32{}
		for _, l := range screentest.All[*Label](w.Canvas(), nil) {
			p, ok := screentest.Position(s, l)
			if !ok {
				t.Fatalf("%s: label %q is not inside the steps", tt.lang, l.Text)
			}
			xs[l.Text] = p.X
		}
		if got := xs["1"] < xs["3"]; got != tt.firstLeft {
			t.Errorf("%s: step 1 at %v, step 3 at %v", tt.lang, xs["1"], xs["3"])
		}
		caption := i18n.Tf(tt.lang, "nav.step", 2, 3) + " — two"
		if _, ok := xs[caption]; !ok {
			t.Errorf("%s: caption %q missing (have %v)", tt.lang, caption, xs)
		}
	}
}

// TestLabelWrapOrdersRunsRightToLeft: a wrapped Arabic label (the review screen's
// date of birth) must lay out every line in visual order: the line's first word on
// the right, numbers on their own side of the words, brackets mirrored.
func TestLabelWrapOrdersRunsRightToLeft(t *testing.T) {
	const date = "7 سبتمبر 1971 م (17 رجب 1391 هـ)"
	tests := []struct {
		name  string
		width float32
		want  [][]string // per line, the runs left to right
	}{
		{"when the date fits one line, the day is rightmost and the other calendar leftmost", 600,
			[][]string{{"(", "هـ", " ", "1391", " ", "رجب", " ", "17", ") ", "م", " ", "1971", " ", "سبتمبر", " ", "7"}}},
		{"when the date wraps before the bracket, each line still starts on the right", 180,
			[][]string{{"م", " ", "1971", " ", "سبتمبر", " ", "7"}, {"(", "هـ", " ", "1391", " ", "رجب", " ", "17", ")"}}},
		{"when the date wraps inside the bracket, the opening bracket ends the first line on the left", 200,
			[][]string{{"17", ") ", "م", " ", "1971", " ", "سبتمبر", " ", "7"}, {"(", "هـ", " ", "1391", " ", "رجب"}}},
		{"when every word needs its own line, they still read top to bottom", 60,
			[][]string{{"7"}, {"سبتمبر"}, {"1971"}, {"17", ") ", "م"}, {"رجب"}, {"1391"}, {"(", "هـ"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newApp(t)
			l := NewLabel(i18n.AR, date)
			l.Wrap = true
			w := test.NewTempWindow(t, l)
			w.Resize(fyne.NewSize(tt.width+20, 400))
			l.Resize(fyne.NewSize(tt.width, 300))
			var lines [][]string
			var lastY float32 = -1
			var rights []float32
			for _, x := range texts(l) {
				if x.Position().Y != lastY {
					lines = append(lines, nil)
					rights = append(rights, 0)
					lastY = x.Position().Y
				}
				lines[len(lines)-1] = append(lines[len(lines)-1], x.Text)
				rights[len(rights)-1] = max(rights[len(rights)-1], x.Position().X+x.Size().Width)
			}
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines %q, want %d", len(lines), lines, len(tt.want))
			}
			for i := range lines {
				if !slices.Equal(lines[i], tt.want[i]) {
					t.Errorf("line %d = %q, want %q", i, lines[i], tt.want[i])
				}
				if rights[i] < tt.width-1 {
					t.Errorf("line %d ends at %v, not at the right edge %v", i, rights[i], tt.width)
				}
			}
		})
	}
}
