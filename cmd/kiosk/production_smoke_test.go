package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/kiosk/theme"
)

// TestSmokeProductionBinary starts the kiosk exactly as it ships — built without the
// smoke tag, so no widget dump and no predictable visual code — with no central
// service reachable and no enrolment, as on a kiosk unpacked in a town with no
// network. It must still open its window and draw (unenrolled, the enrolment
// screen: kiosk/enrol), then stop cleanly on SIGTERM.
func TestSmokeProductionBinary(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	cfg := `{"central_url":"https://` + freePort(t) + `","data_dir":"` + filepath.Join(dir, "kiosk") + `","idle_timeout":"60s"}`
	cfgPath := filepath.Join(dir, "kiosk.json")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	kiosk := start(t, filepath.Join(bin, "kiosk"), "-config", cfgPath, "-windowed")
	if !waitFor(90*time.Second, func() bool { return windowShown("Bawaba") || kiosk.exited() }) || kiosk.exited() {
		t.Fatalf("no kiosk window:\n%s", kiosk.output())
	}
	// The window exists before its first frame; poll until the theme's green is drawn.
	shot := filepath.Join(dir, "production.png")
	var distinct int
	var green bool
	if !waitFor(30*time.Second, func() bool {
		distinct, green = colours(screenshot(t, shot), theme.Green)
		return distinct >= 50 && green
	}) {
		t.Errorf("screenshot looks blank: %d colours, kiosk green present %v", distinct, green)
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
	if strings.Contains(kiosk.output(), "panic") {
		t.Errorf("kiosk panicked:\n%s", kiosk.output())
	}
}
