// Package receipt builds the kiosk's bilingual receipts (logo, title, Arabic and
// English lines, reference, QR code, footer) and turns them into ESC/POS bytes for a
// given printer profile, or into an image for the screen when no printer can print.
//
// ESC/POS printers neither shape Arabic nor apply the bidirectional algorithm, so
// every Arabic or mixed line is shaped here with go-text/typesetting (HarfBuzz port,
// UAX #9 segmentation, the bundled Noto Sans Arabic font), drawn into a 1-bit image
// and sent as GS v 0 raster bands. Lines of plain printable ASCII go in text mode,
// which costs a byte per character instead of a few hundred per line of raster.
//
// # Caveats
//
// Every line keeps an inner margin (16 dots at 576, proportionally less on
// narrower paper), set on the printer with GS L and GS W so text mode, raster
// bands and native QR codes all sit in the same print area.
//
// Render draws text-mode lines with a stand-in for the printer's font A (Go Mono
// fitted into 12×24 cells, as the printer simulator prints them). A real printer
// uses its own built-in glyphs, so the paper differs from the screen in the
// shapes of the English letters but not in their positions; the raster parts
// (Arabic, logo, QR) are identical dot for dot.
//
// The typesetter is shared and serialised by a mutex: Encode and Render are safe
// for concurrent use but do not run in parallel.
package receipt
