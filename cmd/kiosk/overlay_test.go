package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/settings"
)

// deployed lays out a kiosk as docs/deploy.md does: the configuration file in
// a directory the kiosk may not write (mode 0555, the file 0444), the data
// directory elsewhere and writable. It returns the file's path and the data
// directory.
func deployed(t *testing.T, file string) (path, dataDir string) {
	t.Helper()
	root := t.TempDir()
	etc, dataDir := filepath.Join(root, "etc"), filepath.Join(root, "var")
	if err := os.Mkdir(etc, 0o755); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(etc, "kiosk.json")
	file = strings.ReplaceAll(file, "DATA", dataDir)
	if err := os.WriteFile(path, []byte(file), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(etc, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(etc, 0o755) })
	return path, dataDir
}

// unchanged fails unless the configuration directory holds the file alone,
// as it was: root (as this test may run) could write it, the kiosk must not.
func unchanged(t *testing.T, path, file, dataDir string) {
	t.Helper()
	if b, _ := os.ReadFile(path); string(b) != strings.ReplaceAll(file, "DATA", dataDir) {
		t.Fatalf("the configuration file was rewritten:\n%s", b)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Fatalf("files written beside the configuration: %v", ents)
	}
}

const deployedFile = `{"central_url":"https://central.example:8443","data_dir":"DATA","idle_timeout":"60s","mode":"kiosk",
  "devices":[{"name":"printer","kind":"printer","path":"/dev/null","baud":19200},{"kind":"scanner","path":"/dev/zero","baud":9600}]}`

// TestSettingsOnReadOnlyConfig: on a kiosk deployed as docs/deploy.md says,
// a technician's settings and the enrolment screen's address are saved (in
// the data directory) and are what the kiosk starts with next time; the
// configuration file is untouched.
func TestSettingsOnReadOnlyConfig(t *testing.T) {
	path, data := deployed(t, deployedFile)
	c, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	v := settings.Values{Language: i18n.EN, IdleTimeout: 2 * time.Minute, Mode: "atm", PaperWidth: 384}
	for _, d := range c.Devices {
		v.Devices = append(v.Devices, deviceSetting(d))
	}
	v.Devices[1].Path, v.Devices[1].Baud = "/dev/full", 115200
	if err := SaveSettings(path, v, resolvePort); err != nil {
		t.Fatalf("save: %v", err)
	}
	if err := saveCentralURL(path, "https://other.example:9443"); err != nil {
		t.Fatalf("save central_url: %v", err)
	}
	unchanged(t, path, deployedFile, data)
	if fi, err := os.Stat(filepath.Join(data, OverlayName)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("overlay: %v, %v", fi, err)
	}
	// The next start.
	got, err := loadSettings(path)
	if err != nil || !got.Equal(v) {
		t.Fatalf("after a restart: %+v, %v; want %+v", got, err, v)
	}
	c, err = LoadConfig(path)
	if err != nil || c.OverlayErr != nil || c.CentralURL != "https://other.example:9443" || c.Devices[1].Name != "scanner" {
		t.Fatalf("after a restart: %+v, %v", c, err)
	}
	// Back to the file's values: the overlay keeps nothing of them, so a
	// later change to the file is the one that counts.
	v = settings.Values{Language: i18n.AR, IdleTimeout: time.Minute, Mode: "kiosk", PaperWidth: 576}
	for _, d := range c.Devices {
		v.Devices = append(v.Devices, deviceSetting(d))
	}
	v.Devices[1].Path, v.Devices[1].Baud = "/dev/zero", 9600
	if err := SaveSettings(path, v, resolvePort); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(data, OverlayName))
	if want := "{\n  \"central_url\": \"https://other.example:9443\"\n}\n"; string(b) != want {
		t.Fatalf("overlay holds more than what differs:\n%s", b)
	}
}

// TestBadOverlay: an overlay the kiosk cannot use is set aside whole, the
// configuration file's values used, and the error names the field.
func TestBadOverlay(t *testing.T) {
	tests := []struct {
		name, overlay, field string
	}{
		{"when it is not JSON", `{"mode":`, "unexpected EOF"},
		{"when it has a field the screens do not set", `{"mode":"atm","staff":[]}`, `"staff"`},
		{"when the idle time is too short", `{"mode":"atm","idle_timeout":"5s"}`, "idle_timeout"},
		{"when the mode is unknown", `{"mode":"tablet"}`, "mode"},
		{"when it names a device the file does not have", `{"devices":[{"name":"fingerprint","path":"/dev/null","baud":9600}]}`, `"fingerprint"`},
		{"when a device's baud is bad", `{"devices":[{"name":"printer","path":"/dev/null","baud":-1}]}`, "devices[0]"},
		{"when the address is not https", `{"central_url":"http://central.example"}`, "central_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, data := deployed(t, deployedFile)
			if err := os.MkdirAll(data, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(data, OverlayName), []byte(tt.overlay), 0o600); err != nil {
				t.Fatal(err)
			}
			c, err := LoadConfig(path)
			if err != nil {
				t.Fatalf("a bad overlay stopped the kiosk: %v", err)
			}
			if !errors.Is(c.OverlayErr, ErrBadOverlay) || !strings.Contains(c.OverlayErr.Error(), tt.field) ||
				!strings.Contains(c.OverlayErr.Error(), OverlayName) {
				t.Fatalf("OverlayErr = %v, want ErrBadOverlay naming %s and the file", c.OverlayErr, tt.field)
			}
			if c.Mode != "kiosk" || c.idleTimeout != time.Minute || c.CentralURL != "https://central.example:8443" || c.Devices[0].Baud != 19200 {
				t.Fatalf("not the file's values: %+v", c)
			}
		})
	}
}

// TestOverlayFieldByField: the overlay wins only for the fields it holds; the
// file's other values, including ones changed after the save, stand.
func TestOverlayFieldByField(t *testing.T) {
	path, data := deployed(t, deployedFile)
	if err := saveCentralURL(path, "https://other.example:9443"); err != nil {
		t.Fatal(err)
	}
	// The operator edits the file afterwards (as root).
	edited := strings.Replace(deployedFile, `"mode":"kiosk"`, `"mode":"atm"`, 1)
	os.Chmod(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(edited, "DATA", data)), 0o444); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(path)
	if err != nil || c.OverlayErr != nil {
		t.Fatal(err, c)
	}
	if c.Mode != "atm" || c.CentralURL != "https://other.example:9443" {
		t.Fatalf("mode %q (want the file's atm), central_url %q (want the overlay's)", c.Mode, c.CentralURL)
	}
	// An address saved back to the file's own takes the overlay's away.
	if err := saveCentralURL(path, "https://central.example:8443"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(data, OverlayName)); string(b) != "{}\n" {
		t.Fatalf("overlay: %s", b)
	}
}

// TestSettingsSurviveKill kills a process that saves settings over and over
// at moments of its own choosing: each time, the kiosk's next start reads
// either the settings saved before or the ones being saved, never an error,
// never a mix.
func TestSettingsSurviveKill(t *testing.T) {
	if os.Getenv("BAWABA_SAVE_LOOP") != "" {
		saveLoop(os.Getenv("BAWABA_SAVE_LOOP"))
		return
	}
	path, data := deployed(t, deployedFile)
	a := settings.Values{Language: i18n.EN, IdleTimeout: 2 * time.Minute, Mode: "atm", PaperWidth: 384}
	b := settings.Values{Language: i18n.AR, IdleTimeout: 3 * time.Minute, Mode: "kiosk", PaperWidth: 512}
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSettingsSurviveKill$")
		cmd.Env = append(os.Environ(), "BAWABA_SAVE_LOOP="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for a number of saves that grows each round, then kill.
		buf := make([]byte, 1)
		for range 3 + 7*round {
			if _, err := out.Read(buf); err != nil {
				t.Fatalf("round %d: the saving process ended: %v", round, err)
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		got, err := loadSettings(path)
		c, _ := LoadConfig(path)
		if err != nil || c.OverlayErr != nil {
			t.Fatalf("round %d: after the kill: %v, %v", round, err, c.OverlayErr)
		}
		got.Devices = nil
		if !got.Equal(a) && !got.Equal(b) {
			t.Fatalf("round %d: after the kill: %+v, neither save", round, got)
		}
	}
	unchanged(t, path, deployedFile, data)
}

// saveLoop saves two sets of settings in turn forever, writing a byte to
// standard output after each.
func saveLoop(path string) {
	vs := []settings.Values{
		{Language: i18n.EN, IdleTimeout: 2 * time.Minute, Mode: "atm", PaperWidth: 384},
		{Language: i18n.AR, IdleTimeout: 3 * time.Minute, Mode: "kiosk", PaperWidth: 512},
	}
	c, err := LoadConfig(path)
	if err != nil {
		os.Exit(3)
	}
	for i := 0; ; i++ {
		v := vs[i%2].Clone()
		for _, d := range c.Devices {
			v.Devices = append(v.Devices, deviceSetting(d))
		}
		if err := SaveSettings(path, v, resolvePort); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		os.Stdout.Write([]byte{'.'})
	}
}

// FuzzOverlay: whatever bytes the overlay holds, the kiosk starts, on the
// file's values with the reason or on values the configuration accepts.
func FuzzOverlay(f *testing.F) {
	f.Add([]byte(`{"mode":"atm","idle_timeout":"90s","devices":[{"name":"scanner","path":"/dev/full","baud":9600}]}`))
	f.Add([]byte(`{"central_url":"https://x:1","paper_width_dots":384,"default_language":"en"}`))
	f.Add([]byte(`{"devices":[{"name":"printer"}]}`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	path := filepath.Join(dir, "kiosk.json")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(deployedFile, "DATA", dir)), 0o600); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, OverlayName), b, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(path)
		if err != nil {
			t.Fatalf("the overlay stopped the kiosk: %v", err)
		}
		if c.OverlayErr != nil && (c.Mode != "kiosk" || c.idleTimeout != time.Minute) {
			t.Fatalf("a refused overlay left its values: %+v", c)
		}
	})
}
