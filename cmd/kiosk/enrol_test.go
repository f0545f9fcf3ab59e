package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSaveCentralURL saves the address the kiosk enrolled with in the
// overlay, keeping every other field, and refuses an address the
// configuration would refuse; the configuration file is never rewritten.
func TestSaveCentralURL(t *testing.T) {
	const orig = `{"central_url":"https://old.example:8443","data_dir":"d","mode":"atm"}`
	for _, tc := range []struct {
		name, url string
		want      string // central_url afterwards
		err       error
	}{
		{"a new address is saved", "https://central.example:9443", "https://central.example:9443", nil},
		{"the same address leaves the file alone", "https://old.example:8443", "https://old.example:8443", nil},
		{"plain http is refused", "http://central.example", "https://old.example:8443", ErrConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.json")
			if err := os.WriteFile(path, []byte(orig), 0o640); err != nil {
				t.Fatal(err)
			}
			err := saveCentralURL(path, tc.url)
			if !errors.Is(err, tc.err) {
				t.Fatalf("saveCentralURL = %v, want %v", err, tc.err)
			}
			if b, _ := os.ReadFile(path); string(b) != orig {
				t.Fatalf("the configuration file was rewritten:\n%s", b)
			}
			cfg, err := LoadConfig(path) // as the kiosk reads it at its next start
			if err != nil {
				t.Fatal(err)
			}
			if cfg.OverlayErr != nil {
				t.Fatal(cfg.OverlayErr)
			}
			if cfg.CentralURL != tc.want || cfg.Mode != "atm" || cfg.DataDir != filepath.Join(filepath.Dir(path), "d") {
				t.Fatalf("config after: %+v", cfg)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
				t.Fatalf("mode %v, want 0640 kept", fi.Mode().Perm())
			}
		})
	}
}
