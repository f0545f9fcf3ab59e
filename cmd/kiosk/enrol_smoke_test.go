package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
)

// TestSmokeEnrolOnScreen starts the real kiosk binary with no identity and no
// -enroll-code against a real central process, and enrols it on its screen as a
// technician would, with real X taps: the configured address has the wrong
// port (the screen says central cannot be reached), the right port is typed,
// the fingerprint shown is the one `central ca-fingerprint` prints, the code
// from `central enroll-code` is typed, and the kiosk goes on to its attract
// screen in the same process. The address that worked is saved in the
// configuration. Then staff re-enrol it from the staff screen's Kiosk identity
// with a second code: the kiosk restarts its parts under a new kiosk ID, still
// in the same process, and the re-enrolment is in the staff audit trail.
// SIGTERM then stops the kiosk cleanly.
func TestSmokeEnrolOnScreen(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	centralBin, centralData := filepath.Join(bin, "central"), filepath.Join(dir, "central")
	addr := freePort(t)
	central := start(t, centralBin, "serve", "-data", centralData, "-listen", addr)
	var fp string
	if !waitFor(60*time.Second, func() bool {
		out, err := runOut(centralBin, "ca-fingerprint", "-data", centralData)
		fp = strings.TrimSpace(out)
		return err == nil && len(fp) == 79
	}) {
		t.Fatalf("central did not start (fingerprint %q):\n%s", fp, central.output())
	}
	code := centralCode(t, centralBin, centralData)()

	hash := execCommand(filepath.Join(bin, "kiosk"), "-hash-pin")
	hash.Stdin = strings.NewReader("482613\n")
	pinHash, err := hash.Output()
	if err != nil {
		t.Fatalf("hash-pin: %v", err)
	}
	host, port, _ := strings.Cut(addr, ":")
	cfgPath := filepath.Join(dir, "kiosk.json")
	cfg := `{"central_url":"https://` + host + `:` + freePort(t)[len(host)+1:] + `","data_dir":"` + filepath.Join(dir, "kiosk") + `","idle_timeout":"600s","default_language":"ar",
	  "staff":[{"id":"1001","name":"Field staff","pin_hash":"` + strings.TrimSpace(string(pinHash)) + `"}]}`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(dir, "widgets.json")
	kiosk := startEnv(t, []string{"BAWABA_SMOKE_WIDGETS=" + dump}, filepath.Join(bin, "kiosk-smoke"), "-config", cfgPath, "-windowed")
	if !waitFor(90*time.Second, func() bool { return windowShown("Bawaba") || kiosk.exited() }) || kiosk.exited() {
		t.Fatalf("no kiosk window:\n%s", kiosk.output())
	}
	l := i18n.AR
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: dir, t0: time.Now(), lang: l}
	ui.origin()
	ui.waitScreen("enrol-address")
	ui.tapButton(i18n.T(l, "enrol.address.fetch"))
	ui.check("central unreachable at the wrong port", func(d shown) bool { return d.label(i18n.T(l, "enrol.err.offline")) })
	ui.typeInto("port", byOrder(1), port)
	ui.tapButton(i18n.T(l, "enrol.address.fetch"))
	ui.waitScreen("enrol-fingerprint")
	groups := strings.Fields(fp)
	for i := 0; i < 16; i += 4 {
		line := strings.Join(groups[i:i+4], "  ")
		ui.check("fingerprint line "+line, func(d shown) bool { return d.label(line) })
	}
	ui.shot("enrol-fingerprint")
	ui.tapButton(i18n.T(l, "enrol.fingerprint.yes"))
	ui.waitScreen("enrol-code")
	// Codes ignore letter case: lower case needs no shift key.
	ui.typeInto("code", byOrder(0), strings.ToLower(code))
	ui.tapButton(i18n.T(l, "enrol.code.enrol"))
	ui.waitScreen("enrol-done")
	ui.tapButton(i18n.T(l, "enrol.done.go"))
	ui.waitScreen("attract")
	if _, err := os.Stat(filepath.Join(dir, "kiosk", "identity", "kiosk.crt")); err != nil {
		t.Errorf("no certificate saved: %v", err)
	}
	if c, err := LoadConfig(cfgPath); err != nil || c.CentralURL != "https://"+addr {
		b, _ := os.ReadFile(filepath.Join(dir, "kiosk", OverlayName))
		t.Errorf("the address that worked is not the configuration's at the next start (%v); overlay:\n%s", err, b)
	}
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		t.Errorf("the enrolled kiosk never reached the central service:\n%s", kiosk.output())
	}

	// Re-enrolment from the staff screen.
	ui.home(l)
	corner := fmt.Sprintf("%d,%d", ui.ox+10, ui.oy+10)
	ui.xclick(corner, corner, corner, corner, corner)
	ui.waitScreen("staff-pin")
	for _, k := range "1001" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.tapButton(i18n.T(l, "staff.signin.enter"))
	for _, k := range "482613" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.tapButton(i18n.T(l, "staff.signin.enter"))
	ui.waitScreen("staff")
	ui.tapButton(i18n.T(l, "enrol.identity.title"))
	ui.tapButton(i18n.T(l, "enrol.reenrol.button"))
	ui.tapButton(i18n.T(l, "enrol.reenrol.start"))
	ui.tapButton(i18n.T(l, "enrol.address.fetch"))
	line := strings.Join(groups[:4], "  ")
	ui.check("the fingerprint again", func(d shown) bool { return d.label(line) })
	ui.tapButton(i18n.T(l, "enrol.fingerprint.yes"))
	ui.typeInto("code", byOrder(0), strings.ToLower(centralCode(t, centralBin, centralData)()))
	ui.tapButton(i18n.T(l, "enrol.code.enrol"))
	ui.check("re-enrolled", func(d shown) bool { return d.label(i18n.T(l, "enrol.reenrol.done_next")) })
	ui.tapButton(i18n.T(l, "enrol.reenrol.done_go"))
	ui.waitScreen("attract")
	started := regexp.MustCompile(`msg="kiosk started" kiosk=(kiosk-[0-9a-f]+)`)
	var ids [][]string
	waitFor(30*time.Second, func() bool { ids = started.FindAllStringSubmatch(kiosk.output(), -1); return len(ids) == 2 })
	if len(ids) != 2 || ids[0][1] == ids[1][1] {
		t.Errorf("want the kiosk started twice under two kiosk IDs, got %q:\n%s", ids, kiosk.output())
	}
	audit, _ := os.ReadFile(filepath.Join(dir, "kiosk", "staff-audit.jsonl"))
	if !strings.Contains(string(audit), `"action":"reenrol","result":"ok"`) {
		t.Errorf("no re-enrolment in the audit trail:\n%s", audit)
	}
	kiosk.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-kiosk.done:
		if kiosk.err != nil || !strings.Contains(kiosk.output(), "kiosk stopped") {
			t.Errorf("kiosk exit: %v\n%s", kiosk.err, kiosk.output())
		}
	case <-time.After(30 * time.Second):
		t.Errorf("kiosk did not stop within 30s of SIGTERM:\n%s", kiosk.output())
	}
}
