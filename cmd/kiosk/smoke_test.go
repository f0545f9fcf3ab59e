package main

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// TestSmoke starts the real system — central service, device simulators and the
// kiosk binary, enrolled with a one-time code — on the X display, waits for the
// kiosk's window, checks a screenshot of it, taps its way to the staff screen, and
// stops the kiosk with SIGTERM. The kiosk is the "smoke" build (the production
// code plus a description of its widgets, so that taps find them by name).
func TestSmoke(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()

	addr := freePort(t)
	central := start(t, filepath.Join(bin, "central"), "serve", "-data", filepath.Join(dir, "central"), "-listen", addr)
	ca := filepath.Join(dir, "ca.pem")
	if !waitFor(60*time.Second, func() bool {
		out, err := runOut(filepath.Join(bin, "central"), "ca", "-data", filepath.Join(dir, "central"))
		return err == nil && strings.Contains(out, "CERTIFICATE") && os.WriteFile(ca, []byte(out), 0o600) == nil
	}) {
		t.Fatalf("central did not start:\n%s", central.output())
	}
	devDir := filepath.Join(dir, "dev")
	devsim := start(t, filepath.Join(bin, "devsim"), "-dir", devDir, "-addr", freePort(t), "-png", filepath.Join(dir, "receipts"))
	if !waitFor(60*time.Second, func() bool { _, err := os.Stat(filepath.Join(devDir, "printer")); return err == nil }) {
		t.Fatalf("devsim did not start:\n%s", devsim.output())
	}

	hash := execCommand(filepath.Join(bin, "kiosk"), "-hash-pin")
	hash.Stdin = strings.NewReader("482613\n")
	pinHash, err := hash.Output()
	if err != nil {
		t.Fatalf("hash-pin: %v", err)
	}
	cfg := `{"central_url":"https://` + addr + `","data_dir":"kiosk","idle_timeout":"60s",
	  "staff":[{"id":"1001","name":"Field staff","pin_hash":"` + strings.TrimSpace(string(pinHash)) + `"}],
	  "devices":[{"kind":"printer","path":"` + filepath.Join(devDir, "printer") + `","baud":19200},
	             {"kind":"docreader","path":"` + filepath.Join(devDir, "docreader") + `","baud":9600}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, centralCode(t, filepath.Join(bin, "central"), filepath.Join(dir, "central")), ca)
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		t.Errorf("the kiosk never reached the central service:\n%s", kiosk.output())
	}
	time.Sleep(time.Second) // let the first frames settle

	shot := filepath.Join(dir, "kiosk.png")
	img := screenshot(t, shot)
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" { // to look at it
		data, _ := os.ReadFile(shot)
		os.WriteFile(keep, data, 0o644)
	}
	distinct, green := colours(img, theme.Green)
	if distinct < 50 || !green {
		os.MkdirAll("testdata/failed", 0o755)
		data, _ := os.ReadFile(shot)
		os.WriteFile("testdata/failed/smoke.png", data, 0o644)
		t.Errorf("screenshot looks blank: %d colours, kiosk green present %v (saved testdata/failed/smoke.png)", distinct, green)
	}
	// Tap through as a resident would: attract → Arabic → home → registration,
	// by the widgets' names (see widgets_smoke.go). Then the hidden staff entry:
	// five quick taps in the window's top-left corner — a place fixed by design —
	// and staff ID 1001 and PIN 482613 on the keypad ("Sign in" after the ID goes
	// on to the PIN).
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: dir, t0: time.Now(), lang: i18n.AR}
	ui.origin()
	ui.home(i18n.AR)
	ui.fitsScreen("the home screen")
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
		screenshot(t, strings.TrimSuffix(keep, ".png")+"-home.png")
	}
	// The larger text sizes, then back to the normal one: the size button names
	// the size it goes to next.
	sizeButton := func(next string) string {
		return i18n.T(i18n.AR, "a11y.text") + " " + i18n.T(i18n.AR, next)
	}
	for _, step := range []struct{ tap, next, name string }{
		{"a11y.text.large", "a11y.text.xlarge", "large"},
		{"a11y.text.xlarge", "a11y.text.normal", "extra large"},
		{"a11y.text.normal", "a11y.text.large", ""},
	} {
		ui.tapButton(sizeButton(step.tap))
		ui.wait("the text size button to offer "+step.next, func(d shown) bool { return d.button(sizeButton(step.next)) != nil })
		if step.name != "" {
			ui.fitsScreen("the home screen in " + step.name + " text")
			if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
				screenshot(t, strings.TrimSuffix(keep, ".png")+"-home-"+strings.ReplaceAll(step.name, " ", "")+".png")
			}
		}
	}
	ui.tapButton(i18n.T(i18n.AR, "register.title"))
	ui.waitScreen("flow:register")
	corner := fmt.Sprintf("%d,%d", ui.ox+10, ui.oy+10)
	ui.xclick(corner, corner, corner, corner, corner)
	ui.waitScreen("staff-pin")
	for _, k := range "1001" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.check("the staff ID typed", func(d shown) bool { fs := d.fields(); return len(fs) == 2 && fs[0].Text == "1001" })
	ui.tapButton(i18n.T(i18n.AR, "staff.signin.enter"))
	for _, k := range "482613" {
		ui.tap(ui.reach("key "+string(k), func(d shown) *widget { return d.key(string(k)) }))
	}
	ui.check("the PIN typed", func(d shown) bool { fs := d.fields(); return len(fs) == 2 && len(fs[1].Text) == 6 })
	ui.tapButton(i18n.T(i18n.AR, "staff.signin.enter"))
	ui.waitScreen("staff")
	ui.fitsScreen("the staff screen")
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
		screenshot(t, strings.TrimSuffix(keep, ".png")+"-staff.png")
	}
	// English words are longer than Arabic ones: the staff screen must fit in both.
	ui.tapButton("English")
	ui.wait("the staff screen in English", func(d shown) bool { return d.Screen == "staff" && d.label(i18n.T(i18n.EN, "staff.title")) })
	ui.fitsScreen("the staff screen in English")
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
		screenshot(t, strings.TrimSuffix(keep, ".png")+"-staff-en.png")
	}
	if _, err := os.Stat(filepath.Join(dir, "kiosk", "outbox.db")); err != nil {
		t.Errorf("no outbox: %v", err)
	}

	// Leaving staff mode ends the session; the next person may choose English.
	ui.tapButton(i18n.T(i18n.EN, "staff.exit"))
	ui.home(i18n.EN)
	ui.fitsScreen("the home screen in English")
	if keep := os.Getenv("BAWABA_SMOKE_SHOT"); keep != "" {
		screenshot(t, strings.TrimSuffix(keep, ".png")+"-home-en.png")
	}

	// A clean shutdown on SIGTERM.
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

// screenW and screenH are the kiosk's screen in pixels: the Xvfb display of make
// test, and the smallest panel the kiosk is built for.
const screenW, screenH = 1280, 800

// fitsScreen fails the test when the kiosk's window has grown past the screen (a
// Fyne window grows to its content's minimum size, so one too-wide label on any
// screen pushes the whole window, and every later screen's right edge, off the
// glass) or when any widget of the current screen, as laid out, reaches past it.
// It waits for the screen to settle first, so it judges the final layout.
func (u *kioskUI) fitsScreen(what string) {
	u.t.Helper()
	d := u.wait(what+" settled", func(shown) bool { return true })
	ww, wh := u.windowSize()
	if ww > screenW || wh > screenH {
		u.fatalf("%s: the window is %d×%d px, larger than the %d×%d screen; widest: %s", what, ww, wh, screenW, screenH, d.widest())
	}
	scale := max(d.Scale, 1)
	for _, w := range d.Widgets {
		if right := (w.X + w.W) * scale; right > screenW+0.5 || w.X < -0.5 {
			u.fatalf("%s: %s %q spans x %.0f–%.0f px, past the %d px screen", what, w.Kind, w.Text+w.Key, w.X*scale, right, screenW)
		}
	}
	u.t.Logf("%s fits: window %d×%d px, widest: %s", what, ww, wh, d.widest())
}

// windowSize is the kiosk window's size in pixels, as the X server has it.
func (u *kioskUI) windowSize() (int, int) {
	u.t.Helper()
	out, err := exec.Command("xwininfo", "-name", "Bawaba").Output()
	if err != nil {
		u.fatalf("xwininfo: %v", err)
	}
	var size [2]int
	for i, re := range []*regexp.Regexp{regexp.MustCompile(`Width:\s+(\d+)`), regexp.MustCompile(`Height:\s+(\d+)`)} {
		m := re.FindSubmatch(out)
		if m == nil {
			u.fatalf("xwininfo: no size in\n%s", out)
		}
		size[i], _ = strconv.Atoi(string(m[1]))
	}
	return size[0], size[1]
}

// widest names the three widest buttons and labels and where they are, for the
// log and a failure message: a hint where to look when a screen does not fit. A
// label is laid out as wide as its column, so the first are often titles; the
// screenshot fatalf saves shows the rest.
func (d shown) widest() string {
	var ws []widget
	for _, w := range d.Widgets {
		if w.Kind == "button" || w.Kind == "label" {
			ws = append(ws, w)
		}
	}
	slices.SortStableFunc(ws, func(a, b widget) int { return cmp.Compare(b.W, a.W) })
	var out []string
	for _, w := range ws[:min(3, len(ws))] {
		out = append(out, fmt.Sprintf("%s %q at x %.0f, %.0f wide", w.Kind, w.Text, w.X, w.W))
	}
	if len(out) == 0 {
		return "no buttons or labels"
	}
	return strings.Join(out, "; ")
}

func runOut(bin string, args ...string) (string, error) {
	out, err := execCommand(bin, args...).CombinedOutput()
	return string(out), err
}
