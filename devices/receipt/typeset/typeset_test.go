package typeset

import (
	"image"
	"testing"
)

func inkSpan(img *image.Gray) (minX, maxX int) {
	minX, maxX = img.Rect.Dx(), -1
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			if img.GrayAt(x, y).Y == 0 {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	return minX, maxX
}

func TestParagraphPlacement(t *testing.T) {
	ts, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		text   string
		rtl    bool
		align  Align
		rightH bool // ink hugs the right half
	}{
		{"when an Arabic line starts it sits at the right", "مرحبا بكم", true, AlignStart, true},
		{"when an English line starts it sits at the left", "Welcome", false, AlignStart, false},
		{"when an Arabic line is left-aligned it sits at the left", "مرحبا", true, AlignLeft, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := ts.Paragraph(tt.text, 26, false, tt.rtl, tt.align, 400)
			minX, maxX := inkSpan(img)
			if maxX < 0 {
				t.Fatal("no ink")
			}
			if got := minX > 200; got != tt.rightH {
				t.Fatalf("ink spans %d..%d", minX, maxX)
			}
		})
	}
}

func TestParagraphWrapsLongLines(t *testing.T) {
	ts, _ := Load()
	one := ts.Paragraph("رقم", 26, false, true, AlignStart, 200)
	many := ts.Paragraph("رقم الطلب هو BWB-7K3Q-9XF2 وهو صالح لمدة ثلاثين يوما من تاريخ اليوم", 26, false, true, AlignStart, 200)
	if many.Rect.Dy() < 3*one.Rect.Dy() {
		t.Fatalf("long line not wrapped: %d rows vs %d per line", many.Rect.Dy(), one.Rect.Dy())
	}
	if many.Rect.Dx() != 200 {
		t.Fatalf("width %d", many.Rect.Dx())
	}
}

func TestMonoDropsWhatDoesNotFit(t *testing.T) {
	ts, _ := Load()
	img := ts.Mono("WWWWWWWWWW", 12, 24, 1, 1, false, 0, 60, 30)
	if _, maxX := inkSpan(img); maxX >= 60 || maxX < 48 {
		t.Fatalf("ink ends at %d; five 12-dot cells fit in 60", maxX)
	}
	if img.Rect.Dy() != 30 {
		t.Fatalf("height %d, want the pitch", img.Rect.Dy())
	}
}

// Font A cells never touch: every glyph, even a wide W or M, keeps a blank
// column on each side of its cell at every size, so "BWB" never reads "BVVB".
func TestMonoGlyphsStayInTheirCells(t *testing.T) {
	ts, _ := Load()
	for _, size := range []int{1, 2, 3} {
		for _, bold := range []bool{false, true} {
			cw := 12 * size
			for c, ch := range "WMW@" {
				one := ts.Mono(string(ch), 12, 24, size, size, bold, c*cw, 4*cw, 30)
				minX, maxX := inkSpan(one)
				if maxX < 0 || minX <= c*cw || maxX >= (c+1)*cw-1 {
					t.Fatalf("size %d bold %v: %q inks %d..%d, cell %d..%d", size, bold, ch, minX, maxX, c*cw, (c+1)*cw-1)
				}
			}
		}
	}
}
