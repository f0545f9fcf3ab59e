package register

import (
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seeded(n uint64) *rand.Rand { return rand.New(rand.NewPCG(n, n^0x9e3779b97f4a7c15)) }

func TestCaptchaCheck(t *testing.T) {
	c, err := NewCaptcha(seeded(1))
	if err != nil {
		t.Fatal(err)
	}
	a := c.Answer()
	tests := []struct {
		name  string
		input string
		want  bool
	}{
		{"exact answer passes", a, true},
		{"lower case passes", strings.ToLower(a), true},
		{"surrounding spaces are forgiven", "  " + a + " ", true},
		{"one character short fails", a[:len(a)-1], false},
		{"one extra character fails", a + "A", false},
		{"empty fails", "", false},
		{"another code fails", swapFirst(a), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Check(tt.input); got != tt.want {
				t.Errorf("Check(%q) = %v, want %v", tt.input, got, tt.want)
			}
		})
	}
}

func swapFirst(s string) string {
	for _, r := range CaptchaAlphabet {
		if byte(r) != s[0] {
			return string(r) + s[1:]
		}
	}
	return s
}

func TestCaptchaArabicIndicDigits(t *testing.T) {
	c := &Captcha{answer: "A37KX"}
	if !c.Check("a٣٧kx") || !c.Check("A۳۷KX") {
		t.Error("Arabic-Indic / Persian digits not accepted for ASCII digits")
	}
}

func TestCaptchaAlphabetAndDrawing(t *testing.T) {
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 30; seed++ {
		c, err := NewCaptcha(seeded(seed))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Answer()) != CaptchaLen {
			t.Fatalf("answer %q has length %d", c.Answer(), len(c.Answer()))
		}
		for _, r := range c.Answer() {
			if !strings.ContainsRune(CaptchaAlphabet, r) {
				t.Fatalf("answer %q has %q outside the alphabet", c.Answer(), r)
			}
		}
		seen[c.Answer()] = true
		if b := c.Image().Bounds(); b.Dx() != CaptchaWidth || b.Dy() != CaptchaHeight {
			t.Fatalf("image is %v", b)
		}
		assertInkInEverySlot(t, c.Image())
	}
	if len(seen) < 29 {
		t.Errorf("only %d distinct codes in 30 draws", len(seen))
	}
}

// assertInkInEverySlot checks each character's slot holds a good amount of dark ink,
// more than the noise alone puts there: a code whose glyphs were not drawn fails.
func assertInkInEverySlot(t *testing.T, img image.Image) {
	t.Helper()
	slot := (CaptchaWidth - 40) / CaptchaLen
	for i := range CaptchaLen {
		dark := 0
		for x := 20 + i*slot; x < 20+(i+1)*slot; x++ {
			for y := range CaptchaHeight {
				r, g, b, _ := img.At(x, y).RGBA()
				if (r+g+b)/3 < 0x9000 {
					dark++
				}
			}
		}
		if dark < 500 {
			t.Errorf("slot %d has only %d dark pixels", i, dark)
		}
	}
}

func TestCaptchaDeterministicPerSeed(t *testing.T) {
	a, _ := NewCaptcha(seeded(7))
	b, _ := NewCaptcha(seeded(7))
	if a.Answer() != b.Answer() || string(a.img.Pix) != string(b.img.Pix) {
		t.Error("same seed drew different codes")
	}
	if dir := os.Getenv("BAWABA_CAPTCHA_DUMP"); dir != "" {
		f, err := os.Create(filepath.Join(dir, "captcha-"+a.Answer()+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		png.Encode(f, a.Image())
	}
}

func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(foldDigits(s))) }

func BenchmarkNewCaptcha(b *testing.B) {
	rnd := seeded(1)
	for b.Loop() {
		if _, err := NewCaptcha(rnd); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCaptchaWaveKeepsEdges checks that the wave distortion does not draw a
// strip of foreign colour along an edge (the picture then looks cut off): every
// pixel comes from a few pixels away, so on a gradient its value stays close.
func TestCaptchaWaveKeepsEdges(t *testing.T) {
	tests := []struct {
		name  string
		value func(x, y int) uint8 // the source's red channel
		tol   int                  // 5 pixels' worth of the gradient
	}{
		{"when the background runs left to right, the left and right edges keep their shade",
			func(x, _ int) uint8 { return uint8(x * 255 / (CaptchaWidth - 1)) }, 5 * 255 / (CaptchaWidth - 1)},
		{"when the background runs top to bottom, the top and bottom edges keep their shade",
			func(_, y int) uint8 { return uint8(y * 255 / (CaptchaHeight - 1)) }, 5 * 255 / (CaptchaHeight - 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := image.NewRGBA(image.Rect(0, 0, CaptchaWidth, CaptchaHeight))
			for y := range CaptchaHeight {
				for x := range CaptchaWidth {
					src.Pix[src.PixOffset(x, y)] = tt.value(x, y)
					src.Pix[src.PixOffset(x, y)+3] = 255
				}
			}
			for seed := range uint64(20) {
				out := wave(src, seeded(seed))
				for y := range CaptchaHeight {
					for x := range CaptchaWidth {
						got, want := int(out.RGBAAt(x, y).R), int(tt.value(x, y))
						// The wave moves a pixel by at most 4 along each axis.
						if d := got - want; d > tt.tol+1 || d < -tt.tol-1 {
							t.Fatalf("seed %d: pixel (%d,%d) is %d, want about %d: a strip of another shade", seed, x, y, got, want)
						}
					}
				}
			}
		})
	}
}
