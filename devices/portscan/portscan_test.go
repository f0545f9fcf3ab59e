package portscan

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// tree makes a fake / with the given files (content after "=") and links
// ("->" target, relative as udev makes them).
func tree(t *testing.T, entries ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, e := range entries {
		var name, content, target string
		if i := indexOf(e, " -> "); i >= 0 {
			name, target = e[:i], e[i+4:]
		} else if i := indexOf(e, "="); i >= 0 {
			name, content = e[:i], e[i+1:]
		} else {
			name = e
		}
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		var err error
		if target != "" {
			err = os.Symlink(target, p)
		} else {
			err = os.WriteFile(p, []byte(content), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestList(t *testing.T) {
	tests := []struct {
		name    string
		entries []string
		want    []string // path|by-id name
	}{
		{"when nothing is plugged in and no UART answers, nothing is listed",
			[]string{"dev/ttyS0", "dev/ttyS1", "sys/class/tty/ttyS0/type=0", "sys/class/tty/ttyS1/type=0"}, nil},
		{"when a UART is behind ttyS0, it is listed and the empty ttyS1 is not",
			[]string{"dev/ttyS0", "dev/ttyS1", "sys/class/tty/ttyS0/type=4\n", "sys/class/tty/ttyS1/type=0\n"},
			[]string{"/dev/ttyS0|"}},
		{"when sysfs says nothing about a ttyS port, it is listed",
			[]string{"dev/ttyS3"}, []string{"/dev/ttyS3|"}},
		{"when USB adapters are plugged in, they come first, in numeric order, with their by-id names",
			[]string{"dev/ttyUSB10", "dev/ttyUSB2", "dev/ttyACM0", "dev/ttyS0", "sys/class/tty/ttyS0/type=4",
				"dev/serial/by-id/usb-FTDI_FT232R_A10K3X-if00-port0 -> ../../ttyUSB2",
				"dev/serial/by-id/usb-Hamster_Pro_20-if00 -> ../../ttyACM0"},
			[]string{"/dev/ttyUSB2|usb-FTDI_FT232R_A10K3X-if00-port0", "/dev/ttyUSB10|", "/dev/ttyACM0|usb-Hamster_Pro_20-if00", "/dev/ttyS0|"}},
		{"when a by-id link is left behind by an unplugged device, it is ignored",
			[]string{"dev/ttyUSB0", "dev/serial/by-id/usb-gone-if00 -> ../../ttyUSB1"}, []string{"/dev/ttyUSB0|"}},
		{"when there is no /dev/serial directory, ports are listed without names",
			[]string{"dev/ttyACM1"}, []string{"/dev/ttyACM1|"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.entries...)
			ports, err := List(Options{Root: root})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ports {
				rel, _ := filepath.Rel(root, p.Path)
				got = append(got, "/"+rel+"|"+p.Name())
				if p.ByID != "" {
					if target, err := filepath.EvalSymlinks(p.ByID); err != nil || target != p.Path {
						t.Errorf("%s: by-id %s leads to %s (%v)", p.Path, p.ByID, target, err)
					}
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("listed %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "printer")
	if err := os.Symlink("/dev/null", link); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "gone")
	if err := os.Symlink(filepath.Join(dir, "nothing"), gone); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
		err              error
	}{
		{"when the path is a link to a device node, it resolves to the node", link, "/dev/null", nil},
		{"when the path is a device node, it is itself", "/dev/null", "/dev/null", nil},
		{"when nothing is at the path, it is refused as not there", filepath.Join(dir, "ttyUSB9"), "", fs.ErrNotExist},
		{"when a link leads nowhere (unplugged), it is refused as not there", gone, "", fs.ErrNotExist},
		{"when the path is a plain file, it is refused as no port", file, "", ErrNotPort},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.path)
			if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Fatalf("Resolve(%s) = %q, %v; want %q, %v", tt.path, got, err, tt.want, tt.err)
			}
		})
	}
}

// FuzzByNumber: device names come from the machine's /dev; whatever they are,
// their order is a consistent one (sorting does not depend on the input order).
func FuzzByNumber(f *testing.F) {
	f.Add("ttyUSB2", "ttyUSB10")
	f.Add("ttyS0", "ttyACM0")
	f.Add("", "0")
	f.Add("tty٣", "tty3")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := byNumber("/dev/"+a, "/dev/"+b), byNumber("/dev/"+b, "/dev/"+a)
		if sign(ab) != -sign(ba) {
			t.Fatalf("byNumber(%q, %q) = %d but byNumber(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if byNumber("/dev/"+a, "/dev/"+a) != 0 {
			t.Fatalf("%q is not equal to itself", a)
		}
	})
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
