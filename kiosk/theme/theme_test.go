package theme

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"
)

func TestOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		bg   color.Color
		text float32
	}{
		{"when nothing is chosen, cream background and 22 dp text", Options{}, Cream, 22},
		{"when high contrast is chosen, black background", Options{HighContrast: true}, color.Black, 22},
		{"when extra large text is chosen, text grows by half", Options{Scale: XLarge}, Cream, 33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := New(tt.opts)
			if got := th.Color(fynetheme.ColorNameBackground, fynetheme.VariantDark); got != tt.bg {
				t.Errorf("background = %v", got)
			}
			if got := th.Size(fynetheme.SizeNameText); got != tt.text {
				t.Errorf("text size = %v", got)
			}
			// A button is a text line plus two inner paddings: it must reach MinTouch.
			if h := th.Size(fynetheme.SizeNameText) + 2*th.Size(fynetheme.SizeNameInnerPadding); h < MinTouch {
				t.Errorf("button height %v < %d", h, MinTouch)
			}
		})
	}
}

func TestFontsAreBundled(t *testing.T) {
	th := New(Options{})
	for _, r := range []fyne.Resource{
		th.Font(fyne.TextStyle{}), th.Font(fyne.TextStyle{Bold: true}),
		Face(true, false), Face(true, true), Face(false, false), Face(false, true),
	} {
		if len(r.Content()) < 10000 {
			t.Errorf("font %s is empty", r.Name())
		}
	}
	if th.Font(fyne.TextStyle{}).Name() != "NotoSansArabic-Regular.ttf" {
		t.Errorf("regular font = %s", th.Font(fyne.TextStyle{}).Name())
	}
}
