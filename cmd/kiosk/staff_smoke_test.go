package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
)

// TestSmokeStaffTools runs the real binaries with devsim's printer and scanner
// on ptys, as `make run` wires them: a staff member signs in, prints a test
// slip from diagnostics (devsim renders it), sees the devices' ports in the
// settings, and leaves kiosk mode; in a window the kiosk then simply quits
// (status 0), and the audit trail has each step.
func TestSmokeStaffTools(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	cen := startSmokeCentral(t, bin, dir)
	centralBin, centralData, addr, ca := cen.bin, cen.data, cen.addr, cen.ca
	receipts := filepath.Join(dir, "receipts")
	devDir, devsim := startSmokeDevsim(t, bin, dir, freePort(t), receipts, "printer")
	hash := execCommand(filepath.Join(bin, "kiosk"), "-hash-pin")
	hash.Stdin = strings.NewReader("482613\n")
	pinHash, err := hash.Output()
	if err != nil {
		t.Fatalf("hash-pin: %v", err)
	}
	cfg := `{"central_url":"https://` + addr + `","data_dir":"kiosk","idle_timeout":"600s","default_language":"ar",
	  "staff":[{"id":"1001","name":"Field staff","pin_hash":"` + strings.TrimSpace(string(pinHash)) + `"}],
	  "devices":[{"kind":"printer","path":"` + filepath.Join(devDir, "printer") + `","baud":19200},
	             {"kind":"scanner","path":"` + filepath.Join(devDir, "scanner") + `","baud":115200}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, centralCode(t, centralBin, centralData), ca)
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: t.TempDir(), t0: time.Now(), lang: i18n.AR}
	ui.origin()
	ui.home(i18n.AR)

	corner := fmt.Sprintf("%d,%d", ui.ox+10, ui.oy+10)
	ui.xclick(corner, corner, corner, corner, corner)
	ui.waitScreen("staff-pin")
	for _, k := range "1001" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.tapButton(i18n.T(i18n.AR, "staff.signin.enter"))
	for _, k := range "482613" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.tapButton(i18n.T(i18n.AR, "staff.signin.enter"))
	ui.waitScreen("staff")
	// The staff screen is drawn again as the devices' states arrive (a status
	// poll every 3 s): its buttons move, so let it settle for longer than a poll
	// before tapping one.
	ui.waitSettled("the staff screen settled", func(d shown) bool { return d.Screen == "staff" }, 4*time.Second)

	// Diagnostics: the printer's test slip, printed by devsim.
	ui.tapButton(i18n.T(i18n.AR, "diag.title"))
	ui.waitScreen("flow:diag")
	ui.fitsScreen("diagnostics")
	ui.tapButton(i18n.T(i18n.AR, "diag.test.printer"))
	ui.wait("the test slip printed", func(d shown) bool { return d.label(i18n.T(i18n.AR, "diag.test.printed")) })
	if !waitFor(30*time.Second, func() bool { m, _ := filepath.Glob(filepath.Join(receipts, "*.png")); return len(m) > 0 }) {
		t.Errorf("devsim printed no slip:\n%s", devsim.output())
	}
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
		screenshot(t, strings.TrimSuffix(keep, ".png")+"-diag.png")
	}
	ui.tapButton(i18n.T(i18n.AR, "nav.back"))
	ui.waitScreen("staff")

	// Settings: a port picker for each device (their lines are below the fold).
	ui.tapButton(i18n.T(i18n.AR, "settings.title"))
	ui.waitScreen("flow:settings")
	ui.fitsScreen("the settings")
	ui.check("a port picker per device", func(d shown) bool { return len(d.buttons(i18n.T(i18n.AR, "settings.device.change"))) == 2 })
	ui.tapButton(i18n.T(i18n.AR, "nav.back"))
	ui.waitScreen("staff")

	// Leaving kiosk mode, confirmed: in a window the app quits, status 0.
	ui.tapButton(i18n.T(i18n.AR, "staff.exitkiosk"))
	ui.waitScreen("staff-exit")
	ui.tapButton(i18n.T(i18n.AR, "staff.exitkiosk.confirm"))
	if !waitFor(30*time.Second, kiosk.exited) {
		t.Fatalf("the kiosk still runs after leaving kiosk mode:\n%s", kiosk.output())
	}
	if kiosk.err != nil {
		t.Errorf("the windowed kiosk exited with %v, want status 0", kiosk.err)
	}
	audit, err := os.ReadFile(filepath.Join(dir, "kiosk", "staff-audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"device_test"`, `"tool"`, `"exit_kiosk"`} {
		if !strings.Contains(string(audit), want) {
			t.Errorf("the audit trail lacks %s:\n%s", want, audit)
		}
	}
}
