// Package setting holds the kiosk settings staff may change on the staff
// screen — default language, idle time, mode, receipt paper width and each
// serial device's port and baud rate — the values each may take, and the check
// of a set of them. It has no UI: the settings screen (kiosk/settings) offers
// the choices and maps a refusal's sentinel error to a catalogue text in the
// staff member's language; the kiosk (cmd/kiosk SaveSettings) checks before it
// writes.
//
// # Caveats
//
//   - Check tests that a device's port is there now (Limits.Exists). A port
//     that vanishes after the save (a USB adapter unplugged) is the device
//     manager's to report; the kiosk still starts with it configured.
//   - A refusal is a *FieldError naming the configuration field
//     (idle_timeout, devices[1].path): the field name is for the audit trail
//     and logs, the sentinel for the screen.
package setting
