package shell

import "github.com/bawaba/bawaba/i18n"

// DeviceDetailText says a device's Detail code (devices/manager.Details, and
// DetailPaperOut) in l. The code itself is for the log: a code without a text
// (from a newer manager) is said as a fault, never shown as it is.
func DeviceDetailText(l i18n.Lang, code string) string {
	if key := "device.detail." + code; i18n.Default().Has(l, key) {
		return i18n.T(l, key)
	}
	return i18n.T(l, "device.detail.error")
}

// SyncErrorText says the sync engine's failure code (sync/engine.Codes, in
// SyncState.LastError) in l; an unknown code is said as a failure to send.
func SyncErrorText(l i18n.Lang, code string) string {
	if key := "sync.error." + code; i18n.Default().Has(l, key) {
		return i18n.T(l, key)
	}
	return i18n.T(l, "sync.error.other")
}

// deviceName names a device as staff know it: its kind's name in l, with the
// configuration's own name beside it when it differs.
func deviceName(l i18n.Lang, name, kind string) string {
	key := "settings.kind." + kind
	if !i18n.Default().Has(l, key) {
		return name
	}
	if name == kind || name == "" {
		return i18n.T(l, key)
	}
	return i18n.T(l, key) + " (" + name + ")"
}

// keyed says a code by its catalogue text prefix+code in l, or as it is when
// the catalogue has none (a record kind of a newer kiosk, the staff audit).
func keyed(l i18n.Lang, prefix, code string) string {
	if key := prefix + code; i18n.Default().Has(l, key) {
		return i18n.T(l, key)
	}
	return code
}
