// Package settings is the staff screen's settings tool: the kiosk's default
// language, idle time, mode (kiosk or ATM), receipt paper width, and each
// serial device's port and baud rate, each chosen from the values the kiosk
// supports (no typing) — the ports from those present on the machine
// (devices/portscan), shown with their /dev/serial/by-id names — saved into the
// kiosk's configuration file by Options.Save, and put in force at once where
// the running kiosk can (language, idle time, and the ports through
// Options.SetPort) or at the next start (mode, paper width), as the screen
// says.
//
// The values and their check are kiosk/settings/setting's; this package is the
// screen. A refusal is shown in the staff member's language: the screen maps
// setting's sentinel errors to catalogue texts ("settings.err.…").
//
// # Caveats
//
//   - Save checks the whole configuration with the new values before writing,
//     and writes it atomically; a refusal names the setting (and the device)
//     and leaves the file as it was (see cmd/kiosk SaveSettings).
//   - Each saved change is audited as "settings" with the changed fields and
//     their new values: settings hold no personal data.
//   - A device in use when its port is saved (devices/manager's ErrBusy)
//     keeps its old port until the next start, and the screen names it.
//   - The port list is read when the picker opens; a device plugged in while it
//     is open appears when it is opened again.
package settings
