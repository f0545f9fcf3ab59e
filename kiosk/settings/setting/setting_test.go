package setting

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
)

// machine is a fake set of ports: by-id names resolve to their node.
func machine(path string) (string, error) {
	switch path {
	case "/dev/ttyUSB0", "/dev/ttyS0":
		return path, nil
	case "/dev/serial/by-id/usb-FTDI-if00-port0":
		return "/dev/ttyUSB0", nil
	}
	return "", fmt.Errorf("portscan: %s: %w", path, fs.ErrNotExist)
}

func TestCheck(t *testing.T) {
	good := Values{Language: i18n.AR, IdleTimeout: 90 * time.Second, Mode: "kiosk", PaperWidth: 576,
		Devices: []Device{{Name: "printer", Kind: "printer", Path: "/dev/ttyUSB0", Baud: 19200},
			{Name: "scanner", Kind: "scanner", Path: "/dev/ttyS0", Baud: 115200}}}
	with := func(f func(v *Values)) Values { v := good.Clone(); f(&v); return v }
	tests := []struct {
		name   string
		v      Values
		warn   time.Duration
		field  string // "" when taken
		device string
		err    error
	}{
		{"when every value is one offered and the ports are there, it is taken", good, 0, "", "", nil},
		{"when the language is unknown, default_language is named", with(func(v *Values) { v.Language = "fr" }), 0, "default_language", "", ErrLanguage},
		{"when the idle time leaves under 10 s before the default warning, idle_timeout is named",
			with(func(v *Values) { v.IdleTimeout = 29 * time.Second }), 0, "idle_timeout", "", ErrIdleShort},
		{"when the idle time leaves under 10 s before a long warning, idle_timeout is named",
			with(func(v *Values) { v.IdleTimeout = 60 * time.Second }), 55 * time.Second, "idle_timeout", "", ErrIdleShort},
		{"when the idle time is exactly the warning and 10 s, it is taken",
			with(func(v *Values) { v.IdleTimeout = 65 * time.Second }), 55 * time.Second, "", "", nil},
		{"when the mode is unknown, mode is named", with(func(v *Values) { v.Mode = "tablet" }), 0, "mode", "", ErrMode},
		{"when the paper width is not a printer's, paper_width_dots is named", with(func(v *Values) { v.PaperWidth = 500 }), 0, "paper_width_dots", "", ErrPaperWidth},
		{"when a port is not on this machine, the device's path is named",
			with(func(v *Values) { v.Devices[1].Path = "/dev/ttyUSB7" }), 0, "devices[1].path", "scanner", ErrNoPort},
		{"when a baud rate is not one offered, the device's baud is named",
			with(func(v *Values) { v.Devices[0].Baud = 12345 }), 0, "devices[0].baud", "printer", ErrBaud},
		{"when a device is set to a by-id name of the port another uses, its path is named",
			with(func(v *Values) { v.Devices[1].Path = "/dev/serial/by-id/usb-FTDI-if00-port0" }), 0, "devices[1].path", "scanner", ErrPortTaken},
		{"when a device is moved to its by-id name, it is taken",
			with(func(v *Values) { v.Devices[0].Path = "/dev/serial/by-id/usb-FTDI-if00-port0" }), 0, "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.v, Limits{IdleWarning: tt.warn, Resolve: machine})
			if tt.err == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, tt.err) || fe.Field != tt.field || fe.Device != tt.device {
				t.Fatalf("err = %#v (%v), want %v naming %s of %q", err, err, tt.err, tt.field, tt.device)
			}
		})
	}
}

func TestCheckWithoutResolve(t *testing.T) {
	v := Values{Language: i18n.EN, IdleTimeout: time.Minute, Mode: "atm", PaperWidth: 384,
		Devices: []Device{{Name: "a", Path: "/x", Baud: 9600}, {Name: "b", Path: "/x", Baud: 9600}}}
	if err := Check(v, Limits{}); !errors.Is(err, ErrPortTaken) {
		t.Fatalf("two devices on one path written alike: %v, want ErrPortTaken", err)
	}
}

func TestValuesEqualAndClone(t *testing.T) {
	v := Values{Language: i18n.AR, Devices: []Device{{Name: "p", Path: "/a", Baud: 9600}}}
	w := v.Clone()
	if !v.Equal(w) {
		t.Fatal("a clone differs")
	}
	w.Devices[0].Path = "/b"
	if v.Devices[0].Path != "/a" || v.Equal(w) {
		t.Fatal("a clone shares its devices with the original")
	}
}
