package portscan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Port is one serial port present.
type Port struct {
	// Path is the device node (/dev/ttyUSB0).
	Path string
	// ByID is the /dev/serial/by-id link that points at Path, or "" when udev
	// made none (on-board UARTs, ptys).
	ByID string
}

// Name is the by-id link's own name (usb-FTDI_FT232R_A10K3X-if00-port0), or "".
func (p Port) Name() string {
	if p.ByID == "" {
		return ""
	}
	return filepath.Base(p.ByID)
}

// Options say where to look; the zero value looks at this machine.
type Options struct {
	// Root is prefixed to /dev and /sys (a test's fake tree); "" means "/".
	Root string
}

// The device-node patterns listed, in the order shown.
var patterns = []string{"ttyUSB*", "ttyACM*", "ttyS*"}

// List returns the serial ports present: USB adapters first, then CDC-ACM
// devices, then on-board UARTs with a UART behind them, each in numeric order
// (ttyUSB2 before ttyUSB10). A by-id link whose target is missing is left out.
func List(o Options) ([]Port, error) {
	root := o.Root
	if root == "" {
		root = "/"
	}
	dev := filepath.Join(root, "dev")
	var out []Port
	for _, pat := range patterns {
		paths, err := filepath.Glob(filepath.Join(dev, pat))
		if err != nil {
			return nil, fmt.Errorf("portscan: %w", err)
		}
		slices.SortFunc(paths, byNumber)
		for _, p := range paths {
			if strings.HasPrefix(filepath.Base(p), "ttyS") && !uart(root, filepath.Base(p)) {
				continue
			}
			out = append(out, Port{Path: p})
		}
	}
	links, err := os.ReadDir(filepath.Join(dev, "serial", "by-id"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("portscan: by-id: %w", err)
	}
	for _, l := range links {
		link := filepath.Join(dev, "serial", "by-id", l.Name())
		target, err := filepath.EvalSymlinks(link)
		if err != nil {
			continue // a link left behind by a device just unplugged
		}
		for i := range out {
			if out[i].Path == target && out[i].ByID == "" {
				out[i].ByID = link
			}
		}
	}
	return out, nil
}

// uart reports whether sysfs says a UART is behind ttyS port name; when sysfs
// has no answer (no type file, an unreadable one) it says yes.
func uart(root, name string) bool {
	b, err := os.ReadFile(filepath.Join(root, "sys", "class", "tty", name, "type"))
	if err != nil {
		return true
	}
	return strings.TrimSpace(string(b)) != "0"
}

// byNumber orders device nodes by their name's prefix, then their number.
func byNumber(a, b string) int {
	pa, na := split(filepath.Base(a))
	pb, nb := split(filepath.Base(b))
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	if len(na) != len(nb) {
		return len(na) - len(nb)
	}
	return strings.Compare(na, nb)
}

func split(s string) (prefix, number string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}

// Resolve returns the port path is, following links (a by-id name, a
// simulator's link to a pty), or an error wrapping fs.ErrNotExist when there is
// none: the check that refuses a port that is not on this machine.
func Resolve(path string) (string, error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("portscan: %s: %w", path, err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return "", fmt.Errorf("portscan: %s: %w", path, err)
	}
	if fi.Mode()&fs.ModeCharDevice == 0 {
		return "", fmt.Errorf("portscan: %s: not a character device: %w", path, ErrNotPort)
	}
	return target, nil
}

// ErrNotPort is returned by Resolve for a path that exists but is no device
// node (a regular file, a directory).
var ErrNotPort = errors.New("portscan: not a serial port")
