// The systemd units a technician installs (docs/deploy.md) must load: checked
// with systemd's own verifier, as systemd would read them on a kiosk.
package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// executables the units start, mapped to stand-ins: the verifier checks that
// ExecStart names an executable, and this machine need not have them installed.
var executables = []string{"/usr/bin/xinit", "/usr/local/bin/bawaba-kiosk", "/usr/local/bin/bawaba-central"}

func TestUnitsVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	units, _ := filepath.Glob("systemd/*.service")
	if len(units) < 2 {
		t.Fatalf("units: %v", units)
	}
	dir := t.TempDir()
	var rewrite []string
	for _, exe := range executables {
		stand := filepath.Join(dir, filepath.Base(exe))
		if err := os.WriteFile(stand, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		rewrite = append(rewrite, exe, stand)
	}
	r := strings.NewReplacer(rewrite...)
	var paths []string
	for _, u := range units {
		b, err := os.ReadFile(u)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		runs := false
		for _, exe := range executables {
			runs = runs || strings.Contains(text, "ExecStart="+exe)
		}
		if !runs {
			t.Errorf("%s: ExecStart runs none of %v: add its stand-in here", u, executables)
		}
		p := filepath.Join(dir, filepath.Base(u))
		if err := os.WriteFile(p, []byte(r.Replace(text)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	out, err := exec.Command(analyze, append([]string{"verify"}, paths...)...).CombinedOutput()
	// Unknown keys and bad values are only warnings ("…, ignoring."): any output fails.
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// The kiosk's unit must keep what makes it a kiosk: restart on crash, the
// watchdog, a dedicated user, and start on boot.
func TestKioskUnitEssentials(t *testing.T) {
	b, err := os.ReadFile("systemd/bawaba-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Restart=always", "WatchdogSec=", "Type=notify", "NotifyAccess=all", "User=bawaba", "WantedBy=graphical.target"} {
		if !strings.Contains(string(b), "\n"+want) {
			t.Errorf("bawaba-kiosk.service lacks %q", want)
		}
	}
}
