package receipt

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/sample-receipt*.png files from Render")

// The committed samples are what a person looked at: Arabic joined and right to
// left, digits and the Latin reference in place inside Arabic lines, the primary
// language's half of each pair first, margins on both sides, font A glyphs that do
// not touch. Render must keep producing exactly them (the fonts are bundled and
// the rasteriser is pure Go).
func TestRenderMatchesLookedAtSample(t *testing.T) {
	for _, tt := range []struct{ lang, path string }{
		{"ar", "testdata/sample-receipt.png"},
		{"en", "testdata/sample-receipt-en.png"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			r := sampleReceipt()
			r.Lang = tt.lang
			matchSample(t, r, tt.path)
		})
	}
}

func matchSample(t *testing.T, r Receipt, path string) {
	img, err := Render(r, 576)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("rendered %v, sample %v", img.Bounds(), want.Bounds())
	}
	diff := 0
	for y := range img.Rect.Dy() {
		for x := range img.Rect.Dx() {
			r, _, _, _ := want.At(x, y).RGBA()
			if (r >= 0x8000) != (img.GrayAt(x, y).Y >= 128) {
				diff++
			}
		}
	}
	if diff != 0 {
		t.Fatalf("%d dots differ from the sample; look at the new rendering and run with -update if it is right", diff)
	}
}

func TestRenderIsBlackAndWhite(t *testing.T) {
	img, err := Render(sampleReceipt(), 384)
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect != image.Rect(0, 0, 384, img.Rect.Dy()) {
		t.Fatalf("bounds %v", img.Rect)
	}
	for i, v := range img.Pix {
		if v != 0 && v != 0xFF {
			t.Fatalf("pixel %d is grey (%d): the paper has only dots and no dots", i, v)
		}
	}
}
