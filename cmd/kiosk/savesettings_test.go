package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/serialport"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/settings"
	"github.com/bawaba/bawaba/kiosk/settings/setting"
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
			err := SaveSettings(path, tt.v, resolvePort)
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
			if err != nil || !got.Equal(tt.v) {
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

// TestSaveSettingsPorts changes devices' ports and baud rates: a port that is
// not on the machine is refused with the device's field named (in the
// setting's terms the screen translates), the file unchanged; a present one
// (a link to a pty here, as devsim makes them) is saved with the device's
// other fields kept.
func TestSaveSettingsPorts(t *testing.T) {
	dir := t.TempDir()
	master, pty, err := serialport.NewPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close() })
	master2, pty2, err := serialport.NewPTY()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master2.Close() })
	link := filepath.Join(dir, "printer-link")
	if err := os.Symlink(pty, link); err != nil {
		t.Fatal(err)
	}
	file := `{"central_url":"https://c:1","data_dir":"d","devices":[
  {"name":"printer","kind":"printer","path":"/dev/ttyUSB0","baud":19200},
  {"name":"front","kind":"scanner","path":"/dev/ttyACM0","baud":115200}]}`
	base := settings.Values{Language: i18n.AR, IdleTimeout: time.Minute, Mode: "kiosk", PaperWidth: 576}
	tests := []struct {
		name    string
		devices []setting.Device
		field   string
		err     error
	}{
		{"when a port is not on this machine, it is refused naming the device's path",
			[]setting.Device{{Name: "printer", Kind: "printer", Path: filepath.Join(dir, "ttyUSB9"), Baud: 19200},
				{Name: "front", Kind: "scanner", Path: link, Baud: 115200}}, "devices[0].path", setting.ErrNoPort},
		{"when a baud rate is not offered, it is refused naming the device's baud",
			[]setting.Device{{Name: "printer", Kind: "printer", Path: link, Baud: 1234},
				{Name: "front", Kind: "scanner", Path: "/dev/null", Baud: 115200}}, "devices[0].baud", setting.ErrBaud},
		{"when the ports are there, they are saved",
			[]setting.Device{{Name: "printer", Kind: "printer", Path: link, Baud: 38400},
				{Name: "front", Kind: "scanner", Path: pty2, Baud: 9600}}, "", nil},
		{"when two devices are set to one port, by a link and by its node, it is refused naming the second",
			[]setting.Device{{Name: "printer", Kind: "printer", Path: link, Baud: 38400},
				{Name: "front", Kind: "scanner", Path: pty, Baud: 9600}}, "devices[1].path", setting.ErrPortTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.json")
			if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
				t.Fatal(err)
			}
			v := base.Clone()
			v.Devices = tt.devices
			err := SaveSettings(path, v, resolvePort)
			if tt.err != nil {
				var fe *setting.FieldError
				if !errors.Is(err, tt.err) || !errors.As(err, &fe) || fe.Field != tt.field || !errors.Is(err, ErrConfig) {
					t.Fatalf("err = %v, want %v naming %s", err, tt.err, tt.field)
				}
				if b, _ := os.ReadFile(path); string(b) != file {
					t.Fatalf("a refused save changed the file:\n%s", b)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := loadSettings(path)
			if err != nil || !got.Equal(v) {
				t.Fatalf("after a restart: %+v, %v; want %+v", got, err, v)
			}
		})
	}
}
