package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/bawaba/bawaba/devices/portscan"
	"github.com/bawaba/bawaba/internal/atomicfile"
	"github.com/bawaba/bawaba/kiosk/settings"
	"github.com/bawaba/bawaba/kiosk/settings/setting"
)

// loadSettings reads the staff-editable settings from the configuration file at
// path (as it is now, not as the kiosk started).
func loadSettings(path string) (settings.Values, error) {
	c, err := LoadConfig(path)
	if err != nil {
		return settings.Values{}, err
	}
	v := settings.Values{Language: c.lang, IdleTimeout: c.idleTimeout, Mode: c.Mode, PaperWidth: c.PaperWidthDots}
	for _, d := range c.Devices {
		v.Devices = append(v.Devices, setting.Device{Name: d.Name, Kind: d.Kind, Path: d.Path, Baud: d.Baud})
	}
	return v, nil
}

// resolvePort is setting.Limits.Resolve on this machine: a device's port must
// be a serial port here now.
func resolvePort(path string) (string, error) { return portscan.Resolve(path) }

// SaveSettings writes v into the configuration file at path: the file as it is
// with default_language, idle_timeout, mode, paper_width_dots and each device's
// path and baud replaced, checked first by setting.Check (a *setting.FieldError
// naming the field; ports must be present, resolve says how to tell) and then
// whole (ParseConfig: a field this screen does not set is refused as
// setting.ErrFile), and the file is left as it was; then replaced atomically so
// that a power cut mid-save leaves the old file or the new, never neither. The
// other fields are kept as they are; the keys come out sorted. Refusals wrap
// ErrConfig.
func SaveSettings(path string, v settings.Values, resolve func(string) (string, error)) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("kiosk: read config: %w", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("kiosk: read config: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, &setting.FieldError{Err: fmt.Errorf("%w: %w", setting.ErrFile, err)})
	}
	// The warning the idle time must leave room for, as the file sets it; a bad
	// one is the whole file's check's to name.
	var warnText string
	_ = json.Unmarshal(raw["idle_warning"], &warnText)
	warning, _ := duration(warnText, 20*time.Second)
	if err := setting.Check(v, setting.Limits{IdleWarning: warning, Resolve: resolve}); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	var devs []map[string]json.RawMessage
	if d, ok := raw["devices"]; ok {
		if err := json.Unmarshal(d, &devs); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, &setting.FieldError{Field: "devices", Err: fmt.Errorf("%w: %w", setting.ErrFile, err)})
		}
	}
	if len(v.Devices) != len(devs) {
		return fmt.Errorf("%w: %w", ErrConfig, &setting.FieldError{Field: "devices",
			Err: fmt.Errorf("%w: %d devices in the file, %d given", setting.ErrFile, len(devs), len(v.Devices))})
	}
	str := func(s string) json.RawMessage { q, _ := json.Marshal(s); return q }
	raw["default_language"] = str(string(v.Language))
	raw["idle_timeout"] = str(v.IdleTimeout.String())
	raw["mode"] = str(v.Mode)
	raw["paper_width_dots"] = json.RawMessage(strconv.Itoa(v.PaperWidth))
	if len(v.Devices) > 0 {
		// Each device as the file has it (its name and kind), with the port and
		// baud staff chose.
		for i, d := range v.Devices {
			devs[i]["path"] = str(d.Path)
			devs[i]["baud"] = json.RawMessage(strconv.Itoa(d.Baud))
		}
		if raw["devices"], err = json.Marshal(devs); err != nil {
			return fmt.Errorf("kiosk: settings: %w", err)
		}
	}
	out, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return fmt.Errorf("kiosk: settings: %w", err)
	}
	if _, err := ParseConfig(out); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, &setting.FieldError{Err: fmt.Errorf("%w: %w", setting.ErrFile, err)})
	}
	if err := atomicfile.Write(path, append(out, '\n'), fi.Mode().Perm()); err != nil {
		return fmt.Errorf("kiosk: save settings: %w", err)
	}
	return nil
}

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
