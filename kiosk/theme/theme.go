// Package theme is the kiosk's look: large type, touch targets of at least 48 dp,
// calm colours taken from the icon (green #0B6E4F and gold #C9A227 on cream
// #F4F1E8), a high-contrast variant and a text-size option.
//
// Fonts: Fyne's default font has no Arabic, so Font returns the bundled Noto Sans
// Arabic for regular and bold text. Fyne 2.7 falls back glyph by glyph — theme font
// first, then its own built-in Noto Sans (Latin), then the emoji font, then system
// fonts — so Latin text in an Arabic font still renders from fonts inside the
// binary, in every widget. The kiosk/rtl label goes further and draws each bidi run
// with the bundled font made for its script (see Face).
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/assets"
)

// TextScale is a text-size option offered to residents.
type TextScale float32

// The text sizes a resident can choose.
const (
	Normal TextScale = 1
	Large  TextScale = 1.25
	XLarge TextScale = 1.5
)

// Scales lists the text sizes in the order the size button cycles through them.
var Scales = []TextScale{Normal, Large, XLarge}

// MinTouch is the smallest height and width, in dp, of anything a finger must hit.
const MinTouch = 48

// Options chooses the variant of the theme. The zero value is the normal theme at
// normal size.
type Options struct {
	// HighContrast switches to white and yellow on black.
	HighContrast bool
	// Scale multiplies every text size; zero means Normal.
	Scale TextScale
}

// Theme is the kiosk theme. It embeds Fyne's default theme and overrides colours,
// sizes and fonts.
type Theme struct {
	fyne.Theme
	opts Options
}

// New returns the kiosk theme with opts.
func New(opts Options) *Theme {
	if opts.Scale == 0 {
		opts.Scale = Normal
	}
	return &Theme{Theme: fynetheme.DefaultTheme(), opts: opts}
}

// Options returns the options the theme was made with.
func (t *Theme) Options() Options { return t.opts }

// The palette.
var (
	Green = color.NRGBA{0x0B, 0x6E, 0x4F, 0xFF}
	Gold  = color.NRGBA{0xC9, 0xA2, 0x27, 0xFF}
	Cream = color.NRGBA{0xF4, 0xF1, 0xE8, 0xFF}
	Ink   = color.NRGBA{0x1C, 0x2B, 0x24, 0xFF}
	Red   = color.NRGBA{0xA8, 0x23, 0x23, 0xFF}
)

// Colour names of the kiosk's own surfaces.
const (
	// ColorNameBar is the top bar's fill; ColorNameOnBar is text on it.
	ColorNameBar   fyne.ThemeColorName = "bawaba-bar"
	ColorNameOnBar fyne.ThemeColorName = "bawaba-on-bar"
)

// Color ignores the variant asked for by the OS: a kiosk has one look, chosen by
// Options.
func (t *Theme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	if t.opts.HighContrast {
		return highContrast(n)
	}
	switch n {
	case ColorNameBar:
		return Green
	case ColorNameOnBar:
		return color.White
	case fynetheme.ColorNameBackground:
		return Cream
	case fynetheme.ColorNameForeground, fynetheme.ColorNameForegroundOnWarning:
		return Ink
	case fynetheme.ColorNamePrimary, fynetheme.ColorNameFocus, fynetheme.ColorNameHyperlink:
		return Green
	case fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNameForegroundOnError, fynetheme.ColorNameForegroundOnSuccess:
		return color.White
	case fynetheme.ColorNameButton:
		return color.NRGBA{0xE4, 0xDE, 0xCC, 0xFF}
	case fynetheme.ColorNameInputBackground, fynetheme.ColorNameMenuBackground, fynetheme.ColorNameOverlayBackground:
		return color.White
	case fynetheme.ColorNameInputBorder:
		return color.NRGBA{0x8A, 0x86, 0x78, 0xFF}
	case fynetheme.ColorNameWarning:
		return Gold
	case fynetheme.ColorNameError:
		return Red
	case fynetheme.ColorNameSuccess:
		return Green
	case fynetheme.ColorNamePlaceHolder, fynetheme.ColorNameDisabled:
		return color.NRGBA{0x6B, 0x6B, 0x63, 0xFF}
	case fynetheme.ColorNameSeparator:
		return color.NRGBA{0xD6, 0xD0, 0xBE, 0xFF}
	case fynetheme.ColorNameHover:
		return color.NRGBA{0x0B, 0x6E, 0x4F, 0x22}
	case fynetheme.ColorNamePressed:
		return color.NRGBA{0x0B, 0x6E, 0x4F, 0x44}
	case fynetheme.ColorNameSelection:
		return color.NRGBA{0xC9, 0xA2, 0x27, 0x66}
	case fynetheme.ColorNameShadow:
		return color.NRGBA{0, 0, 0, 0x33}
	}
	return t.Theme.Color(n, fynetheme.VariantLight)
}

func highContrast(n fyne.ThemeColorName) color.Color {
	yellow := color.NRGBA{0xFF, 0xD8, 0x00, 0xFF}
	switch n {
	case ColorNameBar:
		return color.NRGBA{0x1A, 0x1A, 0x1A, 0xFF}
	case ColorNameOnBar:
		return yellow
	case fynetheme.ColorNameBackground, fynetheme.ColorNameInputBackground, fynetheme.ColorNameMenuBackground,
		fynetheme.ColorNameOverlayBackground:
		return color.Black
	case fynetheme.ColorNameForeground, fynetheme.ColorNameInputBorder, fynetheme.ColorNameSeparator:
		return color.White
	case fynetheme.ColorNamePrimary, fynetheme.ColorNameFocus, fynetheme.ColorNameHyperlink, fynetheme.ColorNameWarning,
		fynetheme.ColorNameSuccess:
		return yellow
	case fynetheme.ColorNameForegroundOnPrimary, fynetheme.ColorNameForegroundOnWarning, fynetheme.ColorNameForegroundOnSuccess:
		return color.Black
	case fynetheme.ColorNameButton:
		return color.NRGBA{0x26, 0x26, 0x26, 0xFF}
	case fynetheme.ColorNameError:
		return color.NRGBA{0xFF, 0x6B, 0x6B, 0xFF}
	case fynetheme.ColorNameForegroundOnError:
		return color.Black
	case fynetheme.ColorNamePlaceHolder, fynetheme.ColorNameDisabled:
		return color.NRGBA{0xC8, 0xC8, 0xC8, 0xFF}
	case fynetheme.ColorNameHover:
		return color.NRGBA{0xFF, 0xD8, 0x00, 0x33}
	case fynetheme.ColorNamePressed:
		return color.NRGBA{0xFF, 0xD8, 0x00, 0x66}
	case fynetheme.ColorNameSelection:
		return color.NRGBA{0xFF, 0xD8, 0x00, 0x88}
	}
	return fynetheme.DefaultTheme().Color(n, fynetheme.VariantDark)
}

// Size makes text large and padding generous, so that a button's height (text line
// plus two inner paddings) is well above MinTouch at every text scale.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	s := float32(t.opts.Scale)
	switch n {
	case fynetheme.SizeNameText:
		return 22 * s
	case fynetheme.SizeNameHeadingText:
		return 34 * s
	case fynetheme.SizeNameSubHeadingText:
		return 27 * s
	case fynetheme.SizeNameCaptionText:
		return 17 * s
	case fynetheme.SizeNamePadding:
		return 8
	case fynetheme.SizeNameInnerPadding:
		return 14
	case fynetheme.SizeNameLineSpacing:
		return 6
	case fynetheme.SizeNameInlineIcon:
		return 28 * s
	case fynetheme.SizeNameInputBorder:
		return 2
	case fynetheme.SizeNameInputRadius, fynetheme.SizeNameSelectionRadius:
		return 8
	case fynetheme.SizeNameScrollBar:
		return 20
	case fynetheme.SizeNameScrollBarSmall:
		return 8
	}
	return t.Theme.Size(n)
}

var (
	arabicRegular = mustFont("NotoSansArabic-Regular.ttf")
	arabicBold    = mustFont("NotoSansArabic-Bold.ttf")
	latinRegular  = mustFont("NotoSans-Regular.ttf")
	latinBold     = mustFont("NotoSans-Bold.ttf")
)

func mustFont(name string) fyne.Resource {
	b, err := assets.Font(name)
	if err != nil {
		panic("theme: bundled font missing: " + name) // a build defect, caught by tests
	}
	return fyne.NewStaticResource(name, b)
}

// Font returns the bundled Arabic font for text; Latin glyphs fall back to Fyne's
// built-in Noto Sans (see the package doc). Monospace and symbols keep Fyne's fonts.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return arabicBold
	}
	return arabicRegular
}

// Face returns the bundled font for text of one script: Noto Sans Arabic when
// arabic is true, Noto Sans otherwise. Use it as canvas.Text.FontSource for a run
// whose script is known; such text gets no per-glyph fallback.
func Face(arabic, bold bool) fyne.Resource {
	switch {
	case arabic && bold:
		return arabicBold
	case arabic:
		return arabicRegular
	case bold:
		return latinBold
	}
	return latinRegular
}
