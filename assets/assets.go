// Package assets holds the files Bawaba ships inside its binaries: the fonts (an
// Arabic font is required: Fyne's default font has no Arabic glyphs), the app icon and
// the translations. Everything is embedded so a kiosk needs no files beside the binary.
package assets

import "embed"

// Fonts are Noto Sans and Noto Sans Arabic (SIL OFL 1.1, see fonts/OFL.txt), taken
// from Debian's fonts-noto-core.
//
//go:embed fonts/*.ttf fonts/OFL.txt
var Fonts embed.FS

// Icon is the application icon (512×512 PNG), also named by FyneApp.toml.
//
//go:embed icon.png
var Icon []byte

// Font returns the bytes of one bundled font file, e.g. "NotoSansArabic-Regular.ttf".
func Font(name string) ([]byte, error) {
	return Fonts.ReadFile("fonts/" + name)
}
