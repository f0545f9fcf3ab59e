// Package printer drives an ESC/POS receipt printer over a serial line.
//
// tarm/serial offers no hardware flow control, so a job is written in chunks cut at
// command boundaries, and between chunks the driver asks the printer for its status
// (DLE EOT). A printer that stops (paper out, cover open, cutter jammed, offline)
// ends the job with a typed *Error whose Code the kiosk maps to a message; Status
// reports the printer's state in the XFS4IoT vocabulary (online, offline,
// userError, hardwareError, noDevice; paper full, low, out).
//
// # Caveats
//
// A job stopped by paper out stays partly in the printer's buffer and finishes
// printing when paper is loaded; the kiosk should print the receipt again (the
// partial one lacks the cut or the QR code) rather than assume either copy is whole.
//
// The port's Read must return within a bounded time (serialport ports do, with
// ErrTimeout); the driver reads in a goroutine that ends when the port is closed.
package printer
