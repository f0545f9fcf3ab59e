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
var executables = []string{"/usr/bin/xinit", "/usr/local/bin/bawaba-kiosk", "/usr/local/bin/bawaba-central", "/bin/sh"}

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
	for _, want := range []string{"Restart=always", "WatchdogSec=", "Type=notify", "NotifyAccess=all", "User=bawaba", "WantedBy=graphical.target",
		"RestartPreventExitStatus=79", "RuntimeDirectory=bawaba"} {
		if !strings.Contains(string(b), "\n"+want) {
			t.Errorf("bawaba-kiosk.service lacks %q", want)
		}
	}
}

// TestKioskExitStatusPassesXinit runs the kiosk unit's ExecStart shell with
// stand-ins for xinit (which, like the real one, exits 0 whatever its client
// did) and the kiosk: leaving kiosk mode (the kiosk writes 79 to -exit-status)
// ends the unit with 79, which RestartPreventExitStatus keeps stopped; a crash,
// even after an earlier maintenance exit left its file, ends it with 1, which
// Restart=always restarts.
func TestKioskExitStatusPassesXinit(t *testing.T) {
	b, err := os.ReadFile("systemd/bawaba-kiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	var script string
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "ExecStart=/bin/sh -c '"); ok {
			script = strings.TrimSuffix(rest, "'")
		}
	}
	if script == "" {
		t.Fatal("no ExecStart=/bin/sh -c '…' in bawaba-kiosk.service")
	}
	dir := t.TempDir()
	xinit := filepath.Join(dir, "xinit")
	kiosk := filepath.Join(dir, "bawaba-kiosk")
	// xinit runs its client (the arguments before --) and exits 0.
	if err := os.WriteFile(xinit, []byte("#!/bin/sh\nclient=\"\"\nfor a; do [ \"$a\" = -- ] && break; client=\"$client '$a'\"; done\neval \"$client\"\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	// The kiosk: FAKE=maintenance writes 79 to the -exit-status file, as the
	// kiosk does; FAKE=crash exits 2 with nothing written.
	if err := os.WriteFile(kiosk, []byte("#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = -exit-status ] && f=\"$2\"; shift; done\n"+
		"[ \"$FAKE\" = maintenance ] && { echo 79 > \"$f\"; exit 79; }\nexit 2\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	sh := strings.NewReplacer("$$", "$", "/usr/bin/xinit", xinit, "/usr/local/bin/bawaba-kiosk", kiosk).Replace(script)
	runtime := filepath.Join(dir, "run")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		fake string
		want int
	}{{"maintenance", 79}, {"crash", 1}, {"maintenance", 79}, {"crash", 1}} {
		cmd := exec.Command("/bin/sh", "-c", sh)
		cmd.Env = append(os.Environ(), "RUNTIME_DIRECTORY="+runtime, "FAKE="+tt.fake)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tt.want {
			t.Fatalf("%s: the unit's process exits %d, want %d\n%s", tt.fake, code, tt.want, out)
		}
	}
}
