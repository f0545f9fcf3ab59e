// Package settings is the staff screen's settings tool: the kiosk's default
// language, idle time, mode (kiosk or ATM) and receipt paper width, each chosen
// from the values the kiosk supports (no typing), saved into the kiosk's
// configuration file by Options.Save, and put in force at once where the running
// kiosk can (language, idle time) or at the next start (mode, paper width), as
// the screen says.
//
// # Caveats
//
//   - Save checks the whole configuration with the new values before writing,
//     and writes it atomically; a refusal names the configuration field and
//     leaves the file as it was (see cmd/kiosk SaveSettings).
//   - Each saved change is audited as "settings" with the changed fields and
//     their new values: settings hold no personal data.
package settings
