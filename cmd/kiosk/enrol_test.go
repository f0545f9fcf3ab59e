package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestSaveCentralURL writes the address the kiosk enrolled with into its
// configuration, keeping every other field, and refuses an address the
// configuration would refuse, leaving the file as it was.
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
			b, _ := os.ReadFile(path)
			if tc.url == "https://old.example:8443" && string(b) != orig {
				t.Fatalf("file rewritten for the same address:\n%s", b)
			}
			cfg, err := ParseConfig(b)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.CentralURL != tc.want || cfg.Mode != "atm" || cfg.DataDir != "d" {
				t.Fatalf("config after: %+v", cfg)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
				t.Fatalf("mode %v, want 0640 kept", fi.Mode().Perm())
			}
			var raw map[string]any
			if json.Unmarshal(b, &raw) != nil {
				t.Fatal("not JSON")
			}
		})
	}
}
