// Package escpos encodes the subset of Epson ESC/POS that Bawaba's receipt printers
// need (initialise, alignment, emphasis, character size, feed, cut, native QR codes,
// raster images, real-time status) and decodes what a printer sends back.
//
// Every encoder is an Append function in the style of strconv.AppendInt: it appends
// one complete command to dst and returns the extended slice, so a job is built in
// one buffer without intermediate allocations.
//
// CommandLen tells where one command ends in a byte stream. Drivers use it to cut
// a job into chunks only at command boundaries (a real-time status request sent in
// the middle of another command's data would be taken as that command's data), and
// the printer simulator uses it to parse the stream it receives.
//
// # Caveats
//
// Printers differ. Code pages, cut modes and QR support vary by model, so the
// choices that vary live in the caller's per-printer profile, not here. Byte values
// follow Epson's numbering; the sources are collected in the project's device notes (devices.md §1).
package escpos
