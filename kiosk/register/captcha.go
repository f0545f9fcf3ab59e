package register

import (
	"crypto/subtle"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"

	"github.com/bawaba/bawaba/assets"
)

// CaptchaAlphabet holds the characters a code is made of: upper-case letters and
// digits that cannot be mistaken for one another once distorted (no 0/O/Q/D, 1/I/L,
// 2/Z, 5/S, 8/B, 6/G).
const CaptchaAlphabet = "ACEFHJKMNPRTUVWXY3479"

// Captcha image geometry and code length.
const (
	CaptchaLen    = 5
	CaptchaWidth  = 320
	CaptchaHeight = 110
)

// Captcha is one visual verification code: the picture shown and the answer kept to
// check against. A wrong answer or a request for a new picture replaces it.
type Captcha struct {
	answer string
	img    *image.RGBA
}

// Image is the picture to show.
func (c *Captcha) Image() image.Image { return c.img }

// Answer is the code drawn in the picture. Screens never show it; it exists so that
// end-to-end tests can type it on the on-screen keyboard the way a person would.
func (c *Captcha) Answer() string { return c.answer }

// Check reports whether input is the code: case, surrounding spaces and
// Arabic-Indic digits are forgiven, the comparison takes constant time.
func (c *Captcha) Check(input string) bool {
	in := strings.ToUpper(strings.TrimSpace(foldDigits(input)))
	return subtle.ConstantTimeCompare([]byte(in), []byte(c.answer)) == 1
}

var captchaFace = sync.OnceValues(func() (font.Face, error) {
	b, err := assets.Font("NotoSans-Bold.ttf")
	if err != nil {
		return nil, err
	}
	f, err := opentype.Parse(b)
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: 58, DPI: 72, Hinting: font.HintingNone})
})

// NewCaptcha draws a new code with randomness from rnd (seed it from crypto/rand in
// production; tests pass a fixed seed to get the same picture every run).
func NewCaptcha(rnd *rand.Rand) (*Captcha, error) {
	face, err := captchaFace()
	if err != nil {
		return nil, fmt.Errorf("register: captcha font: %w", err)
	}
	var sb strings.Builder
	for range CaptchaLen {
		sb.WriteByte(CaptchaAlphabet[rnd.IntN(len(CaptchaAlphabet))])
	}
	answer := sb.String()

	canvas := image.NewRGBA(image.Rect(0, 0, CaptchaWidth, CaptchaHeight))
	paintBackground(canvas, rnd)
	slot := float64(CaptchaWidth-40) / CaptchaLen
	for i, r := range answer {
		glyph := glyphImage(face, r, darkColor(rnd))
		cx := 20 + slot*(float64(i)+0.5) + (rnd.Float64()-0.5)*10
		cy := CaptchaHeight/2 + (rnd.Float64()-0.5)*16
		angle := (rnd.Float64() - 0.5) * 0.6 // about ±17°
		scale := 0.9 + rnd.Float64()*0.2
		placeGlyph(canvas, glyph, cx, cy, angle, scale)
	}
	// Strokes and the wave are what keep simple OCR away; they cross the glyphs in
	// the glyphs' own colours so a colour filter cannot strip them.
	for range 2 {
		strokeCurve(canvas, rnd, darkColor(rnd))
	}
	out := wave(canvas, rnd)
	for range 200 {
		x, y := rnd.IntN(CaptchaWidth), rnd.IntN(CaptchaHeight)
		out.SetRGBA(x, y, darkColor(rnd))
	}
	return &Captcha{answer: answer, img: out}, nil
}

func darkColor(rnd *rand.Rand) color.RGBA {
	return color.RGBA{uint8(20 + rnd.IntN(90)), uint8(20 + rnd.IntN(90)), uint8(40 + rnd.IntN(100)), 255}
}

func paintBackground(img *image.RGBA, rnd *rand.Rand) {
	a, b := 225+rnd.IntN(25), 225+rnd.IntN(25)
	for y := range CaptchaHeight {
		for x := range CaptchaWidth {
			t := float64(x) / CaptchaWidth
			v := uint8(float64(a)*(1-t) + float64(b)*t)
			img.SetRGBA(x, y, color.RGBA{v, v, uint8(min(255, int(v)+8)), 255})
		}
	}
}

// glyphImage draws one character centred in a square of its own, so it can be
// rotated about its centre.
func glyphImage(face font.Face, r rune, c color.RGBA) *image.RGBA {
	const side = 90
	img := image.NewRGBA(image.Rect(0, 0, side, side))
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face}
	adv := d.MeasureString(string(r))
	m := face.Metrics()
	x := (fixed.I(side) - adv) / 2
	y := (fixed.I(side) + m.CapHeight) / 2
	d.Dot = fixed.Point26_6{X: x, Y: y}
	d.DrawString(string(r))
	return img
}

func placeGlyph(dst *image.RGBA, g *image.RGBA, cx, cy, angle, scale float64) {
	half := float64(g.Bounds().Dx()) / 2
	sin, cos := math.Sincos(angle)
	// dst = T(cx,cy) · R(angle) · S(scale) · T(-half,-half) · src
	m := f64.Aff3{
		cos * scale, -sin * scale, cx - (cos*half-sin*half)*scale,
		sin * scale, cos * scale, cy - (sin*half+cos*half)*scale,
	}
	xdraw.BiLinear.Transform(dst, m, g, g.Bounds(), xdraw.Over, nil)
}

func strokeCurve(img *image.RGBA, rnd *rand.Rand, c color.RGBA) {
	amp := 6 + rnd.Float64()*14
	period := 140 + rnd.Float64()*200
	phase := rnd.Float64() * 2 * math.Pi
	base := 25 + rnd.Float64()*(CaptchaHeight-50)
	for x := 0; x < CaptchaWidth; x++ {
		y := base + amp*math.Sin(2*math.Pi*float64(x)/period+phase)
		for t := 0; t <= 1; t++ {
			yy := int(y) + t
			if yy >= 0 && yy < CaptchaHeight {
				img.SetRGBA(x, yy, c)
			}
		}
	}
}

// wave displaces rows and columns along sine curves. A pixel whose source falls
// outside the picture takes the nearest edge pixel: filling it with one colour
// drew a ragged strip along the edges (the background is a gradient), which
// made the picture look cut off.
func wave(src *image.RGBA, rnd *rand.Rand) *image.RGBA {
	dst := image.NewRGBA(src.Bounds())
	ax, px, fx := 2+rnd.Float64()*2, 50+rnd.Float64()*40, rnd.Float64()*2*math.Pi
	ay, py, fy := 1.5+rnd.Float64()*2, 80+rnd.Float64()*80, rnd.Float64()*2*math.Pi
	for y := range CaptchaHeight {
		for x := range CaptchaWidth {
			sx := x + int(ax*math.Sin(2*math.Pi*float64(y)/px+fx))
			sy := y + int(ay*math.Sin(2*math.Pi*float64(x)/py+fy))
			dst.SetRGBA(x, y, src.RGBAAt(min(max(sx, 0), CaptchaWidth-1), min(max(sy, 0), CaptchaHeight-1)))
		}
	}
	return dst
}

// foldDigits turns Arabic-Indic and Persian digits into ASCII ones: a person may
// type either on a keypad that shows both.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '٠' && r <= '٩':
			return '0' + (r - '٠')
		case r >= '۰' && r <= '۹':
			return '0' + (r - '۰')
		}
		return r
	}, s)
}
