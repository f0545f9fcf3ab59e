// Package printersim is an ESC/POS receipt printer that lives on the other end of a
// pseudo-terminal: it parses the byte stream the way a printer does, draws text
// lines, raster bands and QR codes onto a paper image, cuts pages into PNG files,
// and answers DLE EOT status requests from flags a test or an operator sets
// (paper near end, paper out, cover open, cutter error, offline).
//
// Like a real printer it answers a status request as soon as it arrives, even while
// printing is stopped: while the paper is out (or the cover open, the cutter jammed,
// the printer offline) it keeps receiving into its buffer but prints nothing until
// the flag is cleared, then carries on where it stopped.
//
// # Caveats
//
// Real-time commands (DLE EOT) are recognised only between commands, never inside
// another command's data: this models a printer with real-time commands in data
// disabled, and it is why the driver polls only at command boundaries.
//
// Text mode uses a stand-in for the printer's font A (Noto Sans at a fixed 12×24
// pitch); bytes above 0x7F print as '?' because no code page is modelled. A GS !
// size with different width and height prints at the height's magnification.
package printersim
