// Package serialport is the kiosk's one door to serial hardware: it opens RS-232 /
// USB-serial ports through github.com/tarm/serial behind a small Port interface,
// classifies failures into typed codes the UI can explain, and creates the
// pseudo-terminals the device simulators listen on.
//
// # Caveats
//
//   - tarm/serial leaves the descriptor in blocking mode, so Close cannot interrupt a
//     Read that is already waiting. Every Port therefore reads with a timeout
//     (Config.ReadTimeout, 100 ms when zero, rounded to 100 ms steps by termios VTIME);
//     a Read that sees no byte in that time returns ErrTimeout and callers loop. A
//     Close takes effect for a concurrent reader within one timeout.
//   - A pseudo-terminal slave whose master went away and a real adapter that was
//     unplugged both surface as a *PortError with Code Disconnected. The caller must
//     Close the Port and Open the path again (the device manager does this).
//   - There is no hardware flow control (tarm/serial has none): writers that can
//     overrun a device must send in chunks and poll its status.
package serialport
