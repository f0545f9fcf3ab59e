package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("kiosk: bad config")

// Config is the kiosk's configuration file (JSON). Relative paths are relative to
// the file. The kiosk never writes the file: what the staff's settings screen
// (default_language, idle_timeout, mode, paper_width_dots, devices' path and
// baud) and the enrolment screen (central_url) change is saved in the data
// directory's overlay (OverlayName), which LoadConfig puts over the file.
// Example:
//
//	{
//	  "central_url": "https://127.0.0.1:8443",
//	  "data_dir": "kiosk-data",
//	  "mode": "kiosk",
//	  "idle_timeout": "60s",
//	  "idle_warning": "20s",
//	  "outbox_max_records": 10000,
//	  "outbox_max_age": "336h",
//	  "default_language": "ar",
//	  "paper_width_dots": 576,
//	  "staff": [
//	    {"id": "1001", "name": "Huda Al-Harbi", "pin_hash": "$argon2id$v=19$m=19456,t=2,p=1$…$…"}
//	  ],
//	  "devices": [
//	    {"name": "printer", "kind": "printer", "path": "/dev/ttyUSB0", "baud": 19200},
//	    {"name": "docreader", "kind": "docreader", "path": "/dev/ttyUSB1", "baud": 9600}
//	  ]
//	}
type Config struct {
	// CentralURL is the central service, https only.
	CentralURL string `json:"central_url"`
	// DataDir holds the kiosk identity, the outbox and cached configuration.
	DataDir string `json:"data_dir"`
	// Mode is "kiosk" (touchscreen stand-alone) or "atm" (inside a bank ATM).
	Mode string `json:"mode"`
	// IdleTimeout is the time from the last touch to the end of the session
	// (its data wiped), the warning included: a Go duration ("60s"); empty means
	// 60s. At least idle_warning + 10s. The central configuration's
	// idle_timeout_seconds, when set, overrides it.
	IdleTimeout string `json:"idle_timeout"`
	// IdleWarning is the "are you still there?" countdown at the end of
	// IdleTimeout, with its "more time" button: a Go duration between 20s (the
	// least WCAG 2.2.1 allows) and 5m; empty means 20s.
	IdleWarning string `json:"idle_warning"`
	// OutboxMaxRecords bounds the requests held undelivered; at the bound the
	// kiosk stops taking new requests until some are delivered. Zero means
	// 10000; otherwise between 1 and 1000000.
	OutboxMaxRecords int `json:"outbox_max_records"`
	// OutboxMaxAge stops the kiosk taking new requests while the oldest
	// undelivered one is older: a Go duration of at least 1h, or "never"; empty
	// means 336h (14 days).
	OutboxMaxAge string `json:"outbox_max_age"`
	// DefaultLanguage is "ar" or "en"; empty means "ar".
	DefaultLanguage string `json:"default_language"`
	// PaperWidthDots is the receipt printer's printable width: 384, 512 or 576
	// (zero means 576).
	PaperWidthDots int `json:"paper_width_dots"`
	// Staff are the field staff who may open the staff screen, each with a
	// staff ID (1 to 12 digits) typed on the keypad, a name, and the hash of
	// their PIN of 6 or more digits made by `kiosk -hash-pin`. No staff: no
	// staff screen.
	Staff []StaffConfig `json:"staff,omitempty"`
	// StaffPINHash is deprecated: the one shared PIN of kiosks set up before
	// staff accounts. Still read, as the account with staff ID 0 (staff.LegacyID)
	// named "staff"; replace it with staff entries of their own.
	StaffPINHash string `json:"staff_pin_hash,omitempty"`
	// Devices are the serial devices.
	Devices []DeviceConfig `json:"devices"`
	// USBPath, when set, is offered as a USB stick on the staff screen's USB
	// transfer besides the file systems mounted under /media, /mnt and /run/media
	// (a fixed mount point); relative to the configuration file's directory.
	USBPath string `json:"usb_path,omitempty"`

	// OverlayErr, set by LoadConfig, says why the overlay in the data directory
	// was set aside (wrapping ErrBadOverlay); nil when it was used or there is
	// none.
	OverlayErr error `json:"-"`

	// Parsed forms, filled by LoadConfig.
	idleTimeout, idleWarning time.Duration
	outboxMaxAge             time.Duration // negative: never
	lang                     i18n.Lang
	staff                    staff.Directory
	overlayUsed              string // the overlay put over the file, if any
}

// StaffConfig is one staff account.
type StaffConfig struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	PINHash string `json:"pin_hash"`
}

// DeviceConfig is one serial device.
type DeviceConfig struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // printer, docreader, cardreader, scanner, fingerprint
	Path string `json:"path"`
	Baud int    `json:"baud"`
}

var deviceKinds = []manager.Kind{manager.Printer, manager.DocReader, manager.CardReader, manager.Scanner, manager.Fingerprint}

// LoadConfig reads and checks the file at path, with the overlay in its data
// directory (OverlayName: what was changed on the kiosk's screens) over it,
// field by field. A bad overlay does not stop the kiosk: the file's own values
// are used and OverlayErr says why, naming the field.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("kiosk: read config: %w", err)
	}
	base, berr := ParseConfig(b)
	ovPath := overlayPath(path, rawDataDir(b))
	c, oerr := withOverlay(b, ovPath)
	switch {
	case c != nil:
		// The file with the overlay over it (which may be what makes a file
		// that a save fixed whole again).
	case berr != nil:
		return nil, fmt.Errorf("%s: %w", path, berr)
	default:
		c = base
		c.OverlayErr = oerr
	}
	c.resolve(path)
	return c, nil
}

// rawDataDir is the data_dir the configuration's bytes name, checked or not:
// where the overlay lives.
func rawDataDir(b []byte) string {
	var d struct {
		DataDir string `json:"data_dir"`
	}
	_ = json.Unmarshal(b, &d)
	return d.DataDir
}

// resolve makes the paths relative to the configuration file at path absolute.
func (c *Config) resolve(path string) {
	if c.USBPath != "" && !filepath.IsAbs(c.USBPath) {
		c.USBPath = filepath.Join(filepath.Dir(path), c.USBPath)
	}
	if !filepath.IsAbs(c.DataDir) {
		c.DataDir = filepath.Join(filepath.Dir(path), c.DataDir)
	}
}

// ParseConfig parses and checks a configuration file's bytes.
func ParseConfig(b []byte) (*Config, error) {
	var c Config
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
	}
	u, err := url.Parse(c.CentralURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, bad("central_url must be an https URL")
	}
	if c.DataDir == "" {
		return nil, bad("data_dir is required")
	}
	switch c.Mode {
	case "":
		c.Mode = "kiosk"
	case "kiosk", "atm":
	default:
		return nil, bad("mode must be kiosk or atm, not %q", c.Mode)
	}
	if c.idleWarning, err = duration(c.IdleWarning, 20*time.Second); err != nil || c.idleWarning < 20*time.Second || c.idleWarning > 5*time.Minute {
		return nil, bad("idle_warning must be a duration between 20s and 5m, not %q", c.IdleWarning)
	}
	if c.idleTimeout, err = duration(c.IdleTimeout, 60*time.Second); err != nil || c.idleTimeout < c.idleWarning+10*time.Second {
		return nil, bad("idle_timeout must be a duration of at least idle_warning + 10s (%s), not %q", c.idleWarning+10*time.Second, c.IdleTimeout)
	}
	if c.OutboxMaxRecords != 0 && (c.OutboxMaxRecords < 1 || c.OutboxMaxRecords > 1_000_000) {
		return nil, bad("outbox_max_records must be between 1 and 1000000, not %d", c.OutboxMaxRecords)
	}
	switch c.OutboxMaxAge {
	case "":
	case "never":
		c.outboxMaxAge = -1
	default:
		if c.outboxMaxAge, err = time.ParseDuration(c.OutboxMaxAge); err != nil || c.outboxMaxAge < time.Hour {
			return nil, bad("outbox_max_age must be a duration of at least 1h, or never, not %q", c.OutboxMaxAge)
		}
	}
	c.lang = i18n.AR
	if c.DefaultLanguage != "" {
		if c.lang, err = i18n.Parse(c.DefaultLanguage); err != nil {
			return nil, bad("default_language: %v", err)
		}
	}
	switch c.PaperWidthDots {
	case 0:
		c.PaperWidthDots = 576
	case 384, 512, 576:
	default:
		return nil, bad("paper_width_dots must be 384, 512 or 576")
	}
	var accounts []staff.Account
	for i, sc := range c.Staff {
		h, err := staff.ParseHash(sc.PINHash)
		if err != nil {
			return nil, bad("staff[%d].pin_hash: %v", i, err)
		}
		accounts = append(accounts, staff.Account{ID: sc.ID, Name: sc.Name, PIN: h})
	}
	if c.StaffPINHash != "" {
		h, err := staff.ParseHash(c.StaffPINHash)
		if err != nil {
			return nil, bad("staff_pin_hash: %v", err)
		}
		accounts = append(accounts, staff.Account{ID: staff.LegacyID, Name: "staff", PIN: h})
	}
	if c.staff, err = staff.NewDirectory(accounts); err != nil {
		return nil, bad("staff%v", strings.TrimPrefix(err.Error(), staff.ErrBadAccount.Error()+": "))
	}
	names := map[string]bool{}
	for i, d := range c.Devices {
		ok := false
		for _, k := range deviceKinds {
			ok = ok || string(k) == d.Kind
		}
		if !ok {
			return nil, bad("devices[%d]: unknown kind %q", i, d.Kind)
		}
		if d.Path == "" || d.Baud <= 0 || d.Baud > 921600 {
			return nil, bad("devices[%d]: path and a baud rate are required", i)
		}
		if d.Name == "" {
			c.Devices[i].Name = d.Kind
		}
		if names[c.Devices[i].Name] {
			return nil, bad("devices[%d]: name %q used twice", i, c.Devices[i].Name)
		}
		names[c.Devices[i].Name] = true
	}
	return &c, nil
}

func duration(s string, def time.Duration) (time.Duration, error) {
	if s == "" {
		return def, nil
	}
	return time.ParseDuration(s)
}

// printerName returns the first configured printer's name, or "".
func (c *Config) printerName() string {
	for _, d := range c.Devices {
		if d.Kind == string(manager.Printer) {
			return d.Name
		}
	}
	return ""
}
