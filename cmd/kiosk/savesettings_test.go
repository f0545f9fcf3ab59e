package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/settings"
)

func TestSaveSettings(t *testing.T) {
	const file = `{"central_url":"https://c:1","data_dir":"d","idle_warning":"55s","usb_path":"/media/usb",
  "staff":[{"id":"1001","name":"Huda","pin_hash":"` + testArgonHash + `"}]}`
	tests := []struct {
		name  string
		v     settings.Values
		field string // named in the refusal; "" when saved
	}{
		{"when the values are good, they are saved and the other fields kept",
			settings.Values{Language: i18n.EN, IdleTimeout: 90 * time.Second, Mode: "atm", PaperWidth: 384}, ""},
		{"when the idle time leaves under 10 s before the warning, it is refused with the field named and the file unchanged",
			settings.Values{Language: i18n.EN, IdleTimeout: 60 * time.Second, Mode: "kiosk", PaperWidth: 576}, "idle_timeout"},
		{"when the paper width is not one the printers take, it is refused",
			settings.Values{Language: i18n.AR, IdleTimeout: 2 * time.Minute, Mode: "kiosk", PaperWidth: 500}, "paper_width_dots"},
		{"when the mode is unknown, it is refused",
			settings.Values{Language: i18n.AR, IdleTimeout: 2 * time.Minute, Mode: "tablet", PaperWidth: 576}, "mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.json")
			if err := os.WriteFile(path, []byte(file), 0o640); err != nil {
				t.Fatal(err)
			}
			err := SaveSettings(path, tt.v)
			if tt.field != "" {
				if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.field) {
					t.Fatalf("err = %v, want ErrConfig naming %s", err, tt.field)
				}
				if b, _ := os.ReadFile(path); string(b) != file {
					t.Fatalf("a refused save changed the file:\n%s", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := loadSettings(path) // as the kiosk reads it at its next start
			if err != nil || got != tt.v {
				t.Fatalf("after a restart: %+v, %v; want %+v", got, err, tt.v)
			}
			c, _ := LoadConfig(path)
			if c.USBPath != "/media/usb" || c.idleWarning != 55*time.Second || c.staff.Len() != 1 {
				t.Fatalf("other fields lost: %+v", c)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want the file's own 0640", fi.Mode().Perm())
			}
		})
	}
}
