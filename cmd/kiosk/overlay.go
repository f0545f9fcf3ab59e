package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/bawaba/bawaba/internal/atomicfile"
)

// OverlayName is the file in the data directory that holds what was changed on
// the kiosk's own screens (the staff's settings, the central service's address
// on the enrolment screen). A deployed kiosk's configuration file is
// root's (/etc/bawaba/kiosk.json, read-only to the kiosk user, docs/deploy.md);
// the data directory is the one place that user may write, so the changes live
// there, over the file, field by field.
const OverlayName = "settings.json"

// ErrBadOverlay is wrapped by LoadConfig's Config.OverlayErr when the overlay
// cannot be used (not JSON, an unknown field, a value the configuration
// refuses, a device the configuration file does not have): the kiosk runs on
// the configuration file's values alone and says which field.
var ErrBadOverlay = errors.New("kiosk: settings overlay refused")

// overlay is the overlay file's content: only the fields the kiosk's screens
// change; a field left out (nil) is the configuration file's.
type overlay struct {
	CentralURL      *string         `json:"central_url,omitempty"`
	DefaultLanguage *string         `json:"default_language,omitempty"`
	IdleTimeout     *string         `json:"idle_timeout,omitempty"`
	Mode            *string         `json:"mode,omitempty"`
	PaperWidthDots  *int            `json:"paper_width_dots,omitempty"`
	Devices         []overlayDevice `json:"devices,omitempty"`
}

// overlayDevice is a device's port and baud rate, the device named as the
// configuration file names it (its name, or its kind when it has none).
type overlayDevice struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Baud int    `json:"baud"`
}

func (o overlay) empty() bool {
	return o.CentralURL == nil && o.DefaultLanguage == nil && o.IdleTimeout == nil && o.Mode == nil && o.PaperWidthDots == nil && len(o.Devices) == 0
}

// overlayPath is where the overlay of the configuration file at path lives:
// in its data directory (resolved as LoadConfig does).
func overlayPath(path, dataDir string) string {
	if !filepath.IsAbs(dataDir) {
		dataDir = filepath.Join(filepath.Dir(path), dataDir)
	}
	return filepath.Join(dataDir, OverlayName)
}

// readOverlay reads the overlay at path; a missing file is an empty overlay.
// An unknown field is refused, naming it.
func readOverlay(path string) (overlay, error) {
	var o overlay
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return o, nil
	}
	if err != nil {
		return o, fmt.Errorf("kiosk: read %s: %w", path, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return overlay{}, fmt.Errorf("%w: %s: %v", ErrBadOverlay, path, err)
	}
	return o, nil
}

// merge returns the configuration file's bytes with the overlay's fields put
// over them. A device the file does not have is refused, naming it.
func merge(base []byte, o overlay) ([]byte, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(base, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	str := func(s string) json.RawMessage { q, _ := json.Marshal(s); return q }
	if o.CentralURL != nil {
		raw["central_url"] = str(*o.CentralURL)
	}
	if o.DefaultLanguage != nil {
		raw["default_language"] = str(*o.DefaultLanguage)
	}
	if o.IdleTimeout != nil {
		raw["idle_timeout"] = str(*o.IdleTimeout)
	}
	if o.Mode != nil {
		raw["mode"] = str(*o.Mode)
	}
	if o.PaperWidthDots != nil {
		raw["paper_width_dots"] = json.RawMessage(strconv.Itoa(*o.PaperWidthDots))
	}
	if len(o.Devices) > 0 {
		var devs []map[string]json.RawMessage
		if err := json.Unmarshal(raw["devices"], &devs); err != nil {
			return nil, fmt.Errorf("%w: devices: %v", ErrConfig, err)
		}
		for i, od := range o.Devices {
			j := deviceIndex(devs, od.Name)
			if j < 0 {
				return nil, fmt.Errorf("devices[%d]: no device %q in the configuration file", i, od.Name)
			}
			devs[j]["path"] = str(od.Path)
			devs[j]["baud"] = json.RawMessage(strconv.Itoa(od.Baud))
		}
		b, err := json.Marshal(devs)
		if err != nil {
			return nil, fmt.Errorf("kiosk: overlay: %w", err)
		}
		raw["devices"] = b
	}
	return json.MarshalIndent(raw, "", "  ")
}

// deviceIndex finds the device named name among the file's devices (a device
// with no name is named by its kind, as ParseConfig names it), or -1.
func deviceIndex(devs []map[string]json.RawMessage, name string) int {
	for j, d := range devs {
		var n, k string
		_ = json.Unmarshal(d["name"], &n)
		_ = json.Unmarshal(d["kind"], &k)
		if n == name || (n == "" && k == name) {
			return j
		}
	}
	return -1
}

// withOverlay parses the configuration file's bytes with the overlay at
// ovPath over them. It returns nil and no error when there is no overlay, and
// nil and the reason (wrapping ErrBadOverlay, naming the field) when the
// overlay cannot be used.
func withOverlay(base []byte, ovPath string) (*Config, error) {
	if rawDataDir(base) == "" {
		return nil, nil // no data directory, no overlay: the file's own check says so
	}
	o, err := readOverlay(ovPath)
	if err != nil {
		return nil, err
	}
	if o.empty() {
		return nil, nil
	}
	merged, err := merge(base, o)
	var c *Config
	if err == nil {
		c, err = ParseConfig(merged)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadOverlay, ovPath, err)
	}
	c.overlayUsed = ovPath
	return c, nil
}

// writeOverlay replaces the overlay of the configuration file at path with o,
// after checking the configuration with it whole; the data directory is made
// if it is not there yet (a kiosk enrolling on screen for the first time).
func writeOverlay(path string, base []byte, o overlay) error {
	merged, err := merge(base, o)
	if err != nil {
		return err
	}
	if _, err := ParseConfig(merged); err != nil {
		return err
	}
	out, err := json.MarshalIndent(o, "", "  ")
	if err != nil {
		return fmt.Errorf("kiosk: overlay: %w", err)
	}
	p := overlayPath(path, rawDataDir(base))
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("kiosk: data dir: %w", err)
	}
	if err := atomicfile.Write(p, append(out, '\n'), 0o600); err != nil {
		return fmt.Errorf("kiosk: save settings: %w", err)
	}
	return nil
}
