// Package manager keeps the kiosk's serial devices connected and reports on them.
// It opens every configured port, runs the matching driver, and when a device
// fails or is unplugged it closes the port and reopens it with backoff until the
// device is back. Health is reported per device in the XFS4IoT Common.Status
// vocabulary (online, offline, noDevice, hardwareError, userError, deviceBusy) with
// the printer's paper supply (full, low, out, jammed), and everything that happens
// (StatusChanged, DocumentRead, CardInserted, BarcodeRead, FingerDetected) is
// published to subscribers without ever blocking on them.
//
// SetPort moves one device to another port or baud rate while the manager runs
// (the staff's settings): its port is closed and the new one opened at once,
// the other devices untouched. A device a flow is using is not moved (ErrBusy).
//
// No device failure stops the manager or blocks a caller for longer than the
// caller's context: an unavailable device answers ErrUnavailable at once, so a kiosk
// with no printer still takes requests and tells the person the receipt cannot be
// printed.
//
// # Caveats
//
//   - Scanners, card readers and document readers only speak when used, so a dead
//     one that keeps its port open looks online until the port fails.
//   - Status.Detail is a code (one of Details), not a sentence: screens show a
//     text of their own for it, logs the code.
//   - SetPort cuts a reader's exchange in progress (a card half swiped): staff
//     move ports from the staff screen, while nobody uses the kiosk.
//   - Events carrying a Document or a Card hold personal data; both format
//     themselves without it, but subscribers must not persist them.
package manager
