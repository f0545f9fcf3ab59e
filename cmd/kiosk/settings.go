package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/bawaba/bawaba/internal/atomicfile"
	"github.com/bawaba/bawaba/kiosk/settings"
)

// loadSettings reads the staff-editable settings from the configuration file at
// path (as it is now, not as the kiosk started).
func loadSettings(path string) (settings.Values, error) {
	c, err := LoadConfig(path)
	if err != nil {
		return settings.Values{}, err
	}
	return settings.Values{Language: c.lang, IdleTimeout: c.idleTimeout, Mode: c.Mode, PaperWidth: c.PaperWidthDots}, nil
}

// SaveSettings writes v into the configuration file at path: the file as it is
// with default_language, idle_timeout, mode and paper_width_dots replaced,
// checked whole (ParseConfig: a refusal names the field, and the file is left
// as it was), then replaced atomically so that a power cut mid-save leaves the
// old file or the new, never neither. The other fields are kept as they are;
// the keys come out sorted.
func SaveSettings(path string, v settings.Values) error {
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
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	str := func(s string) json.RawMessage { q, _ := json.Marshal(s); return q }
	raw["default_language"] = str(string(v.Language))
	raw["idle_timeout"] = str(v.IdleTimeout.String())
	raw["mode"] = str(v.Mode)
	raw["paper_width_dots"] = json.RawMessage(strconv.Itoa(v.PaperWidth))
	out, err := json.MarshalIndent(raw, "", "  ")
	if err != nil {
		return fmt.Errorf("kiosk: settings: %w", err)
	}
	if _, err := ParseConfig(out); err != nil {
		return err
	}
	if err := atomicfile.Write(path, append(out, '\n'), fi.Mode().Perm()); err != nil {
		return fmt.Errorf("kiosk: save settings: %w", err)
	}
	return nil
}
