package setting

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/bawaba/bawaba/i18n"
)

// Values are the settings staff can change. Their names in the configuration
// file are default_language, idle_timeout, mode, paper_width_dots and each
// devices[i]'s path and baud.
type Values struct {
	Language    i18n.Lang
	IdleTimeout time.Duration
	Mode        string // "kiosk" or "atm"
	PaperWidth  int    // printable dots: 384, 512 or 576
	// Devices are the configured serial devices, in the file's order; only
	// Path and Baud are staff's to change.
	Devices []Device
}

// Device is one configured serial device.
type Device struct {
	Name string // the configuration's name ("printer")
	Kind string // printer, docreader, cardreader, scanner, fingerprint
	Path string // the port: /dev/ttyUSB0, a /dev/serial/by-id link
	Baud int
}

// Equal reports whether v and w are the same settings.
func (v Values) Equal(w Values) bool {
	return v.Language == w.Language && v.IdleTimeout == w.IdleTimeout && v.Mode == w.Mode &&
		v.PaperWidth == w.PaperWidth && slices.Equal(v.Devices, w.Devices)
}

// Clone returns a copy of v that shares no memory with it.
func (v Values) Clone() Values {
	v.Devices = slices.Clone(v.Devices)
	return v
}

// The choices offered. The idle times are totals from the last touch to the
// end of the session, the "are you still there?" warning included. The baud
// rates are those the kiosk's devices ship with (docs: devices.md §1.7 and the
// sensors' manuals), slowest first.
var (
	IdleTimes   = []time.Duration{60 * time.Second, 90 * time.Second, 2 * time.Minute, 3 * time.Minute}
	Modes       = []string{"kiosk", "atm"}
	PaperWidths = []int{384, 512, 576}
	Bauds       = []int{2400, 4800, 9600, 19200, 38400, 57600, 115200}
)

// The refusals, each in a *FieldError that names the field.
var (
	// ErrLanguage: the default language is not one the kiosk speaks.
	ErrLanguage = errors.New("setting: unknown language")
	// ErrIdleShort: the idle time leaves under 10 s before the "are you still
	// there?" warning (Limits.IdleWarning).
	ErrIdleShort = errors.New("setting: idle time too short for the warning")
	// ErrMode: the mode is neither kiosk nor atm.
	ErrMode = errors.New("setting: unknown mode")
	// ErrPaperWidth: the paper width is not one of PaperWidths.
	ErrPaperWidth = errors.New("setting: paper width not supported")
	// ErrNoPort: a device's port is not on this machine (or is not a port).
	ErrNoPort = errors.New("setting: port not present")
	// ErrBaud: a device's baud rate is not one of Bauds.
	ErrBaud = errors.New("setting: baud rate not supported")
	// ErrPortTaken: two devices are set to the same port.
	ErrPortTaken = errors.New("setting: port used by another device")
	// ErrFile: the configuration file, with these values, is refused for a
	// field this screen does not set (the file was edited by hand).
	ErrFile = errors.New("setting: configuration file refused")
)

// FieldError is a refusal: Field is the configuration field
// ("idle_timeout", "devices[1].path"), Device the device's name for a device
// field ("" otherwise), Err one of the sentinels above (with ErrFile, also the
// file's own error).
type FieldError struct {
	Field  string
	Device string
	Err    error
}

func (e *FieldError) Error() string { return "setting: " + e.Field + ": " + e.Err.Error() }

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Limits are what Check needs from the kiosk.
type Limits struct {
	// IdleWarning is the configured warning; the idle time must exceed it by
	// 10 s or more. Zero means 20 s (the configuration's default).
	IdleWarning time.Duration
	// Resolve returns the serial port a path names on this machine, following
	// links, or an error when there is none (portscan.Resolve); nil skips the
	// check and compares paths as written.
	Resolve func(path string) (string, error)
}

// MinIdle is the shortest idle time Check takes with warning w.
func MinIdle(w time.Duration) time.Duration {
	if w == 0 {
		w = 20 * time.Second
	}
	return w + 10*time.Second
}

// Check returns nil, or the first refusal as a *FieldError.
func Check(v Values, l Limits) error {
	if !slices.Contains(i18n.Langs, v.Language) {
		return &FieldError{Field: "default_language", Err: fmt.Errorf("%w: %q", ErrLanguage, v.Language)}
	}
	if v.IdleTimeout < MinIdle(l.IdleWarning) {
		return &FieldError{Field: "idle_timeout", Err: fmt.Errorf("%w: %s, at least %s", ErrIdleShort, v.IdleTimeout, MinIdle(l.IdleWarning))}
	}
	if !slices.Contains(Modes, v.Mode) {
		return &FieldError{Field: "mode", Err: fmt.Errorf("%w: %q", ErrMode, v.Mode)}
	}
	if !slices.Contains(PaperWidths, v.PaperWidth) {
		return &FieldError{Field: "paper_width_dots", Err: fmt.Errorf("%w: %d", ErrPaperWidth, v.PaperWidth)}
	}
	used := map[string]string{}
	for i, d := range v.Devices {
		field := fmt.Sprintf("devices[%d]", i)
		if !slices.Contains(Bauds, d.Baud) {
			return &FieldError{Field: field + ".baud", Device: d.Name, Err: fmt.Errorf("%w: %d", ErrBaud, d.Baud)}
		}
		port := d.Path
		if l.Resolve != nil {
			var err error
			if port, err = l.Resolve(d.Path); err != nil {
				return &FieldError{Field: field + ".path", Device: d.Name, Err: fmt.Errorf("%w: %w", ErrNoPort, err)}
			}
		}
		if other, ok := used[port]; ok {
			return &FieldError{Field: field + ".path", Device: d.Name, Err: fmt.Errorf("%w: %s", ErrPortTaken, other)}
		}
		used[port] = d.Name
	}
	return nil
}
