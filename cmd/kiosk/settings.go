package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/bawaba/bawaba/devices/portscan"
	"github.com/bawaba/bawaba/kiosk/settings"
	"github.com/bawaba/bawaba/kiosk/settings/setting"
)

// loadSettings reads the staff-editable settings of the kiosk configured by
// the file at path, its overlay over it (as they are now, not as the kiosk
// started).
func loadSettings(path string) (settings.Values, error) {
	c, err := LoadConfig(path)
	if err != nil {
		return settings.Values{}, err
	}
	v := settings.Values{Language: c.lang, IdleTimeout: c.idleTimeout, Mode: c.Mode, PaperWidth: c.PaperWidthDots}
	for _, d := range c.Devices {
		v.Devices = append(v.Devices, deviceSetting(d))
	}
	return v, nil
}

// deviceSetting is a configured device as the settings screen shows it.
func deviceSetting(d DeviceConfig) setting.Device {
	return setting.Device{Name: d.Name, Kind: d.Kind, Path: d.Path, Baud: d.Baud}
}

// resolvePort is setting.Limits.Resolve on this machine: a device's port must
// be a serial port here now.
func resolvePort(path string) (string, error) { return portscan.Resolve(path) }

// SaveSettings saves v as the settings of the kiosk configured by the file at
// path: default_language, idle_timeout, mode, paper_width_dots and each
// device's path and baud, checked first by setting.Check (a
// *setting.FieldError naming the field; ports must be present, resolve says
// how to tell) and then whole (ParseConfig: a field this screen does not set
// is refused as setting.ErrFile). They are written to the overlay in the data
// directory (OverlayName), never to the file itself, which on a deployed kiosk
// the kiosk may not write: the overlay holds each value that differs from the
// file's, and is replaced atomically, so that a power cut mid-save leaves the
// old settings or the new, never neither. A refusal leaves everything as it
// was. Refusals wrap ErrConfig.
func SaveSettings(path string, v settings.Values, resolve func(string) (string, error)) error {
	fileErr := func(field string, err error) error {
		return fmt.Errorf("%w: %w", ErrConfig, &setting.FieldError{Field: field, Err: fmt.Errorf("%w: %w", setting.ErrFile, err)})
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("kiosk: read config: %w", err)
	}
	var raw struct {
		IdleWarning string                       `json:"idle_warning"`
		Devices     []map[string]json.RawMessage `json:"devices"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fileErr("", err)
	}
	// The file's own values, to keep in the overlay only what differs; a file
	// that its overlay must complete has none to compare with.
	base, _ := ParseConfig(b)
	// The warning the idle time must leave room for, as the file sets it; a bad
	// one is the whole check's to name.
	warning, _ := duration(raw.IdleWarning, 20*time.Second)
	if err := setting.Check(v, setting.Limits{IdleWarning: warning, Resolve: resolve}); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if len(v.Devices) != len(raw.Devices) {
		return fileErr("devices", fmt.Errorf("%d devices in the file, %d given", len(raw.Devices), len(v.Devices)))
	}
	// The overlay as it is (the central service's address stays); a bad one
	// is replaced whole.
	o, err := readOverlay(overlayPath(path, rawDataDir(b)))
	if err != nil {
		o = overlay{}
	}
	o.DefaultLanguage, o.IdleTimeout, o.Mode, o.PaperWidthDots, o.Devices = nil, nil, nil, nil, nil
	if base == nil || v.Language != base.lang {
		o.DefaultLanguage = ptr(string(v.Language))
	}
	if base == nil || v.IdleTimeout != base.idleTimeout {
		o.IdleTimeout = ptr(v.IdleTimeout.String())
	}
	if base == nil || v.Mode != base.Mode {
		o.Mode = ptr(v.Mode)
	}
	if base == nil || v.PaperWidth != base.PaperWidthDots {
		o.PaperWidthDots = ptr(v.PaperWidth)
	}
	// Each device as the file names it, with the port and baud staff chose.
	for i, d := range v.Devices {
		if base == nil || d.Path != base.Devices[i].Path || d.Baud != base.Devices[i].Baud {
			var name, kind string
			_ = json.Unmarshal(raw.Devices[i]["name"], &name)
			_ = json.Unmarshal(raw.Devices[i]["kind"], &kind)
			if name == "" {
				name = kind
			}
			o.Devices = append(o.Devices, overlayDevice{Name: name, Path: d.Path, Baud: d.Baud})
		}
	}
	if err := writeOverlay(path, b, o); err != nil {
		if errors.Is(err, ErrConfig) {
			return fileErr("", err)
		}
		return err
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// presentPorts returns the settings' port lister: the serial ports on this
// machine, and besides them each port the configuration at path names that is
// there but outside /dev's serial names (a simulator's link to a pty in
// `make run`, a udev rule's own name), so that what works is offered.
func presentPorts(path string) func() ([]portscan.Port, error) {
	return func() ([]portscan.Port, error) { return listPorts(path) }
}

func listPorts(path string) ([]portscan.Port, error) {
	ports, err := portscan.List(portscan.Options{})
	if err != nil {
		return nil, err
	}
	c, err := LoadConfig(path)
	if err != nil {
		return ports, nil // the screen says the file cannot be read
	}
	for _, d := range c.Devices {
		target, err := resolvePort(d.Path)
		if err != nil {
			continue
		}
		known := false
		for _, p := range ports {
			known = known || p.Path == d.Path || p.ByID == d.Path || p.Path == target
		}
		if !known {
			ports = append(ports, portscan.Port{Path: d.Path})
		}
	}
	return ports, nil
}
