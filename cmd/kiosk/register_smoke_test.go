package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/register"
)

// TestSmokeOfflineRegistration registers two synthetic residents through the real
// binaries with the central service stopped — first in Arabic, then in English —
// tapping the kiosk window with real X pointer events on every key of the
// on-screen keyboards. Each request must be queued, its receipt printed by the
// simulated printer (a PNG from cmd/devsim), and once the central service is back
// both records must reach it.
//
// The kiosk is built with the "smoke" tag: its visual codes are predictable
// (captcha.go) and it describes its widgets, with their places, in a file
// (widgets_smoke.go). The test taps widgets by caption, key label or field, never
// by fixed coordinates, so it survives layout changes.
func TestSmokeOfflineRegistration(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	shots := os.Getenv("BAWABA_SMOKE_SHOTS") // a directory to keep the screenshots in
	if shots == "" {
		shots = t.TempDir()
	}
	centralBin, centralData := filepath.Join(bin, "central"), filepath.Join(dir, "central")

	// Two residents of the synthetic registry `make run` loads.
	regFile := filepath.Join(dir, "registry.jsonl")
	if out, err := runOut(centralBin, "gen-registry", "-n", "20", "-o", regFile); err != nil {
		t.Fatalf("gen-registry: %v %s", err, out)
	}
	people := residents(t, regFile, 2)

	cen := startSmokeCentral(t, bin, dir)
	addr, ca, central := cen.addr, cen.ca, cen.proc
	// Registration checks the person against the population registry once the
	// record arrives: load the synthetic one, as `make run` does.
	if !waitFor(60*time.Second, func() bool {
		_, err := runOut(centralBin, "load-registry", "-data", centralData, regFile)
		return err == nil
	}) {
		out, err := runOut(centralBin, "load-registry", "-data", centralData, regFile)
		t.Fatalf("load-registry: %v %s", err, out)
	}
	receipts := filepath.Join(dir, "receipts")
	devDir, devsim := startSmokeDevsim(t, bin, dir, freePort(t), receipts, "printer")
	cfg := `{"central_url":"https://` + addr + `","data_dir":"kiosk","idle_timeout":"600s","default_language":"ar",
	  "devices":[{"kind":"printer","path":"` + filepath.Join(devDir, "printer") + `","baud":19200}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, centralCode(t, centralBin, centralData), ca)
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: shots, t0: time.Now()}
	ui.origin()
	// The terms and the enabled services come from the central service: wait for
	// the first contact, then take it away.
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		ui.fatalf("the kiosk never reached the central service")
	}
	central.stop()
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=false") }) {
		ui.fatalf("the kiosk did not notice that the central service stopped")
	}

	ui.home(i18n.AR)
	for i, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		if i > 0 { // the top bar's language switch
			ui.tapButton(i18n.T(ui.lang, "nav.language"))
			ui.wait("home in "+string(lang), func(d shown) bool {
				return d.Screen == "home" && d.button(i18n.T(lang, "register.title")) != nil
			})
		}
		ui.lang = lang
		ui.register(people[i], i+1)
		if !waitFor(90*time.Second, func() bool { m, _ := filepath.Glob(filepath.Join(receipts, "*.png")); return len(m) > i }) {
			ui.fatalf("registration %d: no receipt printed in %s; devsim:\n%s", i+1, receipts, devsim.output())
		}
		ui.tapButton(i18n.T(lang, "register.finish"))
		ui.waitScreen("home")
	}
	receiptsPNG, _ := filepath.Glob(filepath.Join(receipts, "*.png"))
	t.Logf("receipts: %v", receiptsPNG)
	if keep := os.Getenv("BAWABA_SMOKE_SHOTS"); keep != "" {
		for _, r := range receiptsPNG {
			if b, err := os.ReadFile(r); err == nil {
				os.WriteFile(filepath.Join(keep, filepath.Base(r)), b, 0o644)
			}
		}
	}

	// The central service comes back; both queued records must reach it, and the
	// back office accept them (the people are in its registry).
	central = start(t, centralBin, "serve", "-data", centralData, "-listen", addr)
	var records string
	if !waitFor(90*time.Second, func() bool {
		records, _ = runOut(centralBin, "records", "-data", centralData)
		return strings.Count(records, "registration") >= 2 && strings.Count(records, "completed") >= 2
	}) {
		ui.fatalf("the queued registrations never reached the central service, or were not completed:\n%s\ncentral:\n%s", records, central.output())
	}
	if n := strings.Count(records, "registration"); n != 2 {
		t.Errorf("central holds %d registrations, want exactly 2:\n%s", n, records)
	}
	if strings.Contains(kiosk.output(), "panic") {
		t.Errorf("kiosk panicked:\n%s", kiosk.output())
	}
	t.Logf("central records:\n%s", records)
}

// person is one synthetic resident of the registry, as the kiosk asks for it.
type person struct {
	ID, Mobile          string
	Year, Month, Day    int
	Email, User, Passwd string
}

// residents reads the first n residents of a registry file written by
// `central gen-registry`.
func residents(t *testing.T, path string, n int) []person {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []person
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		var r struct {
			ID     string `json:"id_number"`
			Type   string `json:"id_type"`
			Mobile string `json:"mobile"`
			Birth  struct {
				Year, Month, Day int
			} `json:"birth_gregorian"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("registry line: %v", err)
		}
		if r.Type != "resident" {
			continue
		}
		k := len(out) + 1
		out = append(out, person{
			ID: r.ID, Mobile: "0" + strings.TrimPrefix(r.Mobile, "+966"),
			Year: r.Birth.Year, Month: r.Birth.Month, Day: r.Birth.Day,
			Email: fmt.Sprintf("test.resident%d@example.com", k), User: fmt.Sprintf("TestRes%02d", k), Passwd: "Kiosk#2026a",
		})
	}
	if len(out) < n {
		t.Fatalf("only %d residents in %s", len(out), path)
	}
	return out
}

// register taps through one whole registration in ui.lang; the n-th
// registration of this kiosk gets the n-th visual code of the smoke seed.
func (u *kioskUI) register(p person, n int) {
	t, lang := u.t, u.lang
	tr := func(key string) string { return i18n.T(lang, key) }
	u.tapButton(tr("register.title"))
	u.waitScreen("flow:register")

	resident := identity.Resident.Name(string(lang))
	u.tapButton(resident)
	u.wait("resident chosen", func(d shown) bool { b := d.button(resident); return b != nil && b.Primary })
	u.next("id number", func(d shown) bool { return len(d.fields()) == 1 && d.label(tr("register.iqama_number")) })
	u.typeInto("id number", byOrder(0), p.ID)

	u.next("birth date", func(d shown) bool { return d.fieldWith(tr("register.day")) != nil })
	u.typeInto("day", byPlaceholder(tr("register.day")), strconv.Itoa(p.Day))
	u.typeInto("year", byPlaceholder(tr("register.year")), strconv.Itoa(p.Year))
	// The month has no field: step to it with the arrows, all taps at once (the
	// screen is rebuilt after each, in the same place), then check.
	want := identity.MonthName(identity.Gregorian, p.Month, string(lang))
	for range 3 {
		d := u.wait("month", func(d shown) bool { return d.monthArrow(lang, "up") != nil })
		if d.label(want) {
			break
		}
		cur := d.month(lang)
		ups, downs := (p.Month-cur+12)%12, (cur-p.Month+12)%12
		if cur == 0 { // from no month, up gives January and down December
			ups, downs = p.Month, 13-p.Month
		}
		arrow, n := d.monthArrow(lang, "up"), ups
		if downs < ups {
			arrow, n = d.monthArrow(lang, "down"), downs
		}
		if arrow == nil {
			u.fatalf("no month arrow")
		}
		u.tap(slices.Repeat([]widget{*arrow}, n)...)
	}
	u.wait("month "+want, func(d shown) bool { return d.label(want) })
	u.shot(fmt.Sprintf("%d-%s-birth", n, lang))

	u.next("mobile", func(d shown) bool {
		fs := d.fields()
		return len(fs) == 1 && fs[0].Input == "numeric" && fs[0].Placeholder == ""
	})
	u.typeInto("mobile", byOrder(0), p.Mobile)
	u.next("email", func(d shown) bool { fs := d.fields(); return len(fs) == 1 && fs[0].Input == "latin" })
	u.typeInto("email", byOrder(0), p.Email)

	u.next("credentials", func(d shown) bool { return len(d.fields()) == 3 })
	u.typeInto("username", func(d shown) *widget {
		for _, f := range d.fields() {
			if !f.Password {
				return f
			}
		}
		return nil
	}, p.User)
	u.typeInto("password", byPassword(0), p.Passwd)
	u.typeInto("confirm", byPassword(1), p.Passwd)
	u.shot(fmt.Sprintf("%d-%s-credentials", n, lang))

	// The account's language: the choice in the body, not the top bar's switch.
	u.next("language choice", func(d shown) bool {
		return len(d.fields()) == 0 && d.button("العربية") != nil && d.button("English") != nil
	})
	choice := "English"
	if lang == i18n.AR {
		choice = "العربية"
	}
	lowest := func(d shown) *widget {
		var best *widget
		for _, w := range d.buttons(choice) {
			if best == nil || w.Y > best.Y {
				best = w
			}
		}
		return best
	}
	u.tap(*lowest(u.wait("language choice", func(d shown) bool { return lowest(d) != nil })))
	u.wait("language chosen", func(d shown) bool { b := lowest(d); return b != nil && b.Primary })

	u.next("captcha", func(d shown) bool { return d.button(tr("register.captcha_new")) != nil && len(d.fields()) == 1 })
	rng := rand.New(rand.NewChaCha8(smokeCaptchaSeed))
	var answer string
	for range n {
		c, err := register.NewCaptcha(rng)
		if err != nil {
			t.Fatal(err)
		}
		answer = c.Answer()
	}
	u.typeInto("visual code", byOrder(0), strings.ToLower(answer)) // the check forgives case

	checkbox := func(d shown) *widget {
		for _, w := range d.Widgets {
			if w.Kind == "button" && w.Text == "" && strings.Contains(strings.ToLower(w.Icon), "check") {
				return &w
			}
		}
		return nil
	}
	u.next("terms", func(d shown) bool { return checkbox(d) != nil })
	u.tap(u.reach("the accept box", checkbox))
	u.wait("terms accepted", func(d shown) bool { c := checkbox(d); return c != nil && c.Primary })

	u.next("review", func(d shown) bool { return d.button(tr("register.submit")) != nil })
	for _, v := range []string{p.ID, p.Email, p.User} {
		if !u.read().labelContains(v) {
			u.fatalf("the review does not show %q", v)
		}
	}
	u.shot(fmt.Sprintf("%d-%s-review", n, lang))
	u.tapButton(tr("register.submit"))
	d := u.wait("done", func(d shown) bool { return d.button(tr("register.finish")) != nil })
	if !d.label(tr("register.done_printed")) {
		u.shot(fmt.Sprintf("%d-%s-done", n, lang))
		u.fatalf("the done screen does not say the receipt was printed")
	}
	u.shot(fmt.Sprintf("%d-%s-done", n, lang))
}

// home taps from the attract screen through the language choice to the home
// screen in lang, and waits for the registration tile.
func (u *kioskUI) home(lang i18n.Lang) {
	u.t.Helper()
	touch := i18n.T(i18n.EN, "attract.touch")
	u.tap(u.reach("the attract button", func(d shown) *widget {
		for i, w := range d.Widgets {
			if w.Kind == "button" && strings.Contains(w.Text, touch) {
				return &d.Widgets[i]
			}
		}
		return nil
	}))
	u.waitScreen("language")
	name := map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[lang]
	u.tapButton(name)
	u.wait("home with the registration tile", func(d shown) bool {
		return d.Screen == "home" && d.button(i18n.T(lang, "register.title")) != nil
	})
}

// shown is the kiosk's widget dump (widgets_smoke.go's widgetDump).
type shown struct {
	Seq      int      `json:"seq"`
	Screen   string   `json:"screen"`
	Keyboard string   `json:"keyboard"`
	Scale    float32  `json:"scale"`
	Widgets  []widget `json:"widgets"`
}

type widget struct {
	Kind, Text, Key, Icon, Input, Placeholder string
	Password, Focused, Disabled, Primary      bool
	X, Y, W, H                                float32
	V                                         [4]float32
}

// visible reports whether enough of w is in view to tap it.
func (w widget) visible() bool { return w.V[2] >= 16 && w.V[3] >= 16 }

func (d shown) buttons(text string) []*widget {
	var out []*widget
	for i, w := range d.Widgets {
		if w.Kind == "button" && w.Text == text {
			out = append(out, &d.Widgets[i])
		}
	}
	return out
}

func (d shown) button(text string) *widget {
	if bs := d.buttons(text); len(bs) > 0 {
		return bs[0]
	}
	return nil
}

func (d shown) key(label string) *widget {
	for i, w := range d.Widgets {
		if w.Kind == "key" && w.Key == label && w.visible() {
			return &d.Widgets[i]
		}
	}
	return nil
}

func (d shown) label(text string) bool {
	return slices.ContainsFunc(d.Widgets, func(w widget) bool { return w.Kind == "label" && w.Text == text })
}

func (d shown) labelContains(s string) bool {
	return slices.ContainsFunc(d.Widgets, func(w widget) bool { return w.Kind == "label" && strings.Contains(w.Text, s) })
}

// fields returns the screen's fields from top to bottom.
func (d shown) fields() []*widget {
	var out []*widget
	for i, w := range d.Widgets {
		if w.Kind == "field" {
			out = append(out, &d.Widgets[i])
		}
	}
	slices.SortStableFunc(out, func(a, b *widget) int { return int(a.Y - b.Y) })
	return out
}

func (d shown) fieldWith(placeholder string) *widget {
	for _, f := range d.fields() {
		if f.Placeholder == placeholder {
			return f
		}
	}
	return nil
}

// shifted reports whether the letter keys type capitals.
func (d shown) shifted() bool {
	a := d.key("a")
	return a != nil && a.Text == "A"
}

// month is the month shown on the birth date step, 0 for none.
func (d shown) month(lang i18n.Lang) int {
	for _, w := range d.Widgets {
		for m := 1; w.Kind == "label" && m <= 12; m++ {
			if w.Text == identity.MonthName(identity.Gregorian, m, string(lang)) {
				return m
			}
		}
	}
	return 0
}

// monthArrow is the month's "up" (next) or "down" (previous) button: of the arrows
// on the month label's line, the one whose centre is nearest the label's (the day's
// and the year's arrows are further off, in their own columns).
func (d shown) monthArrow(lang i18n.Lang, dir string) *widget {
	var month *widget
	for i, w := range d.Widgets {
		if w.Kind == "label" && (w.Text == i18n.T(lang, "register.month") || isMonth(w.Text, lang)) {
			month = &d.Widgets[i]
		}
	}
	if month == nil {
		return nil
	}
	var best *widget
	dist := float32(1e9)
	for i, w := range d.Widgets {
		cy, my := w.Y+w.H/2, month.Y+month.H/2
		if w.Kind != "button" || w.Text != "" || !strings.Contains(strings.ToLower(w.Icon), dir) || cy < my-w.H || cy > my+w.H || !w.visible() {
			continue
		}
		if dx := max(w.X+w.W/2-month.X-month.W/2, month.X+month.W/2-w.X-w.W/2); dx < dist {
			best, dist = &d.Widgets[i], dx
		}
	}
	return best
}

func isMonth(s string, lang i18n.Lang) bool {
	for m := 1; m <= 12; m++ {
		if s == identity.MonthName(identity.Gregorian, m, string(lang)) {
			return true
		}
	}
	return false
}

func byOrder(i int) func(shown) *widget {
	return func(d shown) *widget {
		if fs := d.fields(); i < len(fs) {
			return fs[i]
		}
		return nil
	}
}

func byPlaceholder(p string) func(shown) *widget {
	return func(d shown) *widget { return d.fieldWith(p) }
}

func byPassword(i int) func(shown) *widget {
	return func(d shown) *widget {
		var pw []*widget
		for _, f := range d.fields() {
			if f.Password {
				pw = append(pw, f)
			}
		}
		if i < len(pw) {
			return pw[i]
		}
		return nil
	}
}

// kioskUI drives the kiosk window with real X events (testdata/xclick.py).
type kioskUI struct {
	t      *testing.T
	kiosk  *proc
	dump   string
	shots  string
	lang   i18n.Lang
	ox, oy int       // the window's top-left corner on the screen
	t0     time.Time // for the step times in the log
	xin    io.WriteCloser
	xout   *bufio.Reader
}

// origin finds where the window is on the X screen.
func (u *kioskUI) origin() {
	out, err := exec.Command("xwininfo", "-name", "Bawaba").Output()
	if err != nil {
		u.fatalf("xwininfo: %v", err)
	}
	for _, f := range []struct {
		re *regexp.Regexp
		v  *int
	}{{regexp.MustCompile(`Absolute upper-left X:\s+(-?\d+)`), &u.ox}, {regexp.MustCompile(`Absolute upper-left Y:\s+(-?\d+)`), &u.oy}} {
		m := f.re.FindSubmatch(out)
		if m == nil {
			u.fatalf("xwininfo: no position in\n%s", out)
		}
		*f.v, _ = strconv.Atoi(string(m[1]))
	}
}

func (u *kioskUI) read() shown {
	var d shown
	b, err := os.ReadFile(u.dump)
	if err == nil {
		err = json.Unmarshal(b, &d)
	}
	if err != nil {
		d.Seq = -1
	}
	return d
}

// wait polls the widget dump until cond holds and the screen has stopped changing
// (the same dump for a while: layouts settle, scrolls finish), before a tap.
func (u *kioskUI) wait(what string, cond func(shown) bool) shown {
	u.t.Helper()
	return u.waitSettled(what, cond, 350*time.Millisecond)
}

// check polls the widget dump until cond holds, to check what a tap did.
func (u *kioskUI) check(what string, cond func(shown) bool) shown {
	u.t.Helper()
	return u.waitSettled(what, cond, 0)
}

func (u *kioskUI) waitSettled(what string, cond func(shown) bool, settle time.Duration) shown {
	u.t.Helper()
	end := time.Now().Add(60 * time.Second)
	var last shown
	var since time.Time
	for time.Now().Before(end) {
		d := u.read()
		if d.Seq >= 0 && cond(d) {
			if d.Seq != last.Seq || since.IsZero() {
				last, since = d, time.Now()
			}
			if time.Since(since) >= settle {
				return d
			}
		} else {
			since = time.Time{}
		}
		time.Sleep(50 * time.Millisecond)
	}
	u.fatalf("timed out waiting for %s", what)
	return shown{}
}

func (u *kioskUI) waitScreen(name string) shown {
	u.t.Helper()
	return u.wait("screen "+name, func(d shown) bool { return d.Screen == name })
}

// tap taps the centre of the visible part of each widget, in turn.
func (u *kioskUI) tap(ws ...widget) {
	u.t.Helper()
	var args []string
	for _, w := range ws {
		scale := float32(1)
		if d := u.read(); d.Scale > 0 {
			scale = d.Scale
		}
		x := u.ox + int((w.V[0]+w.V[2]/2)*scale)
		y := u.oy + int((w.V[1]+w.V[3]/2)*scale)
		args = append(args, fmt.Sprintf("%d,%d", x, y))
	}
	u.xclick(args...)
}

func (u *kioskUI) xclick(args ...string) {
	u.t.Helper()
	if u.xin == nil { // one xclick for the whole test: starting Python costs
		c := exec.Command("python3", "testdata/xclick.py")
		c.Env = append(os.Environ(), "XCLICK_GAP=0.08")
		c.Stderr = u.kiosk // its errors in the log a failure shows
		in, err := c.StdinPipe()
		if err != nil {
			u.t.Fatal(err)
		}
		out, err := c.StdoutPipe()
		if err != nil {
			u.t.Fatal(err)
		}
		if err := c.Start(); err != nil {
			u.fatalf("xclick: %v", err)
		}
		u.t.Cleanup(func() { in.Close(); c.Wait() })
		u.xin, u.xout = in, bufio.NewReader(out)
	}
	if _, err := fmt.Fprintln(u.xin, strings.Join(args, " ")); err != nil {
		u.fatalf("xclick: %v", err)
	}
	if line, err := u.xout.ReadString('\n'); err != nil || line != "ok\n" {
		u.fatalf("xclick: %q %v", line, err)
	}
}

// tapButton waits for a button with this caption and taps it.
func (u *kioskUI) tapButton(text string) {
	u.t.Helper()
	u.tap(u.reach("button "+text, func(d shown) *widget { return d.button(text) }))
}

// reach waits for the widget find returns and, when it is scrolled out of view,
// turns the mouse wheel over its scroll until it is in view.
func (u *kioskUI) reach(what string, find func(shown) *widget) widget {
	u.t.Helper()
	for range 40 {
		d := u.wait(what, func(d shown) bool { return find(d) != nil })
		w := find(d)
		if w.visible() && !w.Disabled {
			return *w
		}
		var sc *widget
		for i, s := range d.Widgets {
			if s.Kind == "scroll" && s.V[2] > 0 && s.V[0] <= w.X+w.W/2 && w.X+w.W/2 <= s.V[0]+s.V[2] {
				if sc == nil || s.V[3] > sc.V[3] {
					sc = &d.Widgets[i]
				}
			}
		}
		if sc == nil {
			u.fatalf("%s is out of view and in no scroll", what)
		}
		dir := "down"
		if w.Y < sc.V[1] {
			dir = "up"
		}
		x, y := u.ox+int((sc.V[0]+sc.V[2]/2)*d.Scale), u.oy+int((sc.V[1]+sc.V[3]/2)*d.Scale)
		before := d.Seq
		u.xclick(fmt.Sprintf("%d,%d,%s", x, y, dir), fmt.Sprintf("%d,%d,%s", x, y, dir))
		u.wait(what+" scrolled", func(d shown) bool { return d.Seq != before })
	}
	u.fatalf("could not scroll %s into view", what)
	return widget{}
}

// next taps Next and waits for the step that arrived to satisfy arrived.
func (u *kioskUI) next(step string, arrived func(shown) bool) {
	u.t.Helper()
	u.tapButton(i18n.T(u.lang, "nav.next"))
	u.wait(step, arrived)
	u.t.Logf("%5.1fs %s: %s", time.Since(u.t0).Seconds(), u.lang, step)
}

// typeInto taps the field find returns and types text on the on-screen keyboard,
// checking what the field holds after every run of keys.
func (u *kioskUI) typeInto(name string, find func(shown) *widget, text string) {
	u.t.Helper()
	f := u.reach(name+" field", find)
	if !f.Focused {
		u.tap(f)
	}
	d := u.wait(name+" keyboard", func(d shown) bool {
		f := find(d)
		return f != nil && f.Focused && d.Keyboard == f.Input
	})
	if f := find(d); f.Text != "" {
		u.tap(u.reach("clear key", func(d shown) *widget { return d.key("clear") }))
		u.wait(name+" cleared", func(d shown) bool { f := find(d); return f != nil && f.Text == "" })
	}
	typed := ""
	rs := []rune(text)
	for i := 0; i < len(rs); {
		d := u.read()
		upper := strings.ToUpper(string(rs[i])) == string(rs[i]) && strings.ToLower(string(rs[i])) != string(rs[i])
		if d.shifted() != upper && d.key("shift") != nil {
			// Shift steps through once, caps lock and off: tap, look again.
			k := *d.key("shift")
			u.tap(k)
			u.check(name+" shift", func(d shown) bool {
				s := d.key("shift")
				return s != nil && d.key("a") != nil && (s.Text != k.Text || s.Primary != k.Primary)
			})
			continue
		}
		// A run of keys of the same case, or one capital (shift may release itself).
		var keys []widget
		j := i
		for ; j < len(rs); j++ {
			up := strings.ToUpper(string(rs[j])) == string(rs[j]) && strings.ToLower(string(rs[j])) != string(rs[j])
			if j > i && (up || upper) {
				break
			}
			k := d.key(strings.ToLower(string(rs[j])))
			if k == nil {
				u.fatalf("%s: no key %q on the %s keyboard", name, rs[j], d.Keyboard)
			}
			keys = append(keys, *k)
		}
		u.tap(keys...)
		typed += string(rs[i:j])
		i = j
		want := typed
		u.check(fmt.Sprintf("%s to hold %d characters", name, len([]rune(want))), func(d shown) bool {
			f := find(d)
			return f != nil && strings.ReplaceAll(f.Text, " ", "") == want
		})
	}
}

// shot saves a screenshot and names it in the test log.
func (u *kioskUI) shot(name string) string {
	path := filepath.Join(u.shots, name+".png")
	screenshot(u.t, path)
	u.t.Logf("screenshot %s", path)
	return path
}

// fatalf ends the test with a screenshot, the widgets on screen and the end of the
// kiosk's log. The screenshot and the widget dump are kept in testdata/failed
// (t.TempDir is removed when the test ends).
func (u *kioskUI) fatalf(format string, args ...any) {
	u.t.Helper()
	stem, _ := filepath.Abs(filepath.Join("testdata", "failed", fmt.Sprintf("%s-%d", u.t.Name(), time.Now().Unix())))
	os.MkdirAll(filepath.Dir(stem), 0o755)
	path := stem + ".png"
	exec.Command("import", "-window", "root", path).Run()
	if b, err := os.ReadFile(u.dump); err == nil {
		os.WriteFile(stem+".json", b, 0o644)
	}
	d := u.read()
	var ws []string
	for _, w := range d.Widgets {
		if w.Kind != "label" && w.Kind != "scroll" {
			ws = append(ws, fmt.Sprintf("%s %q%s@%.0f,%.0f", w.Kind, w.Text+w.Key, w.Placeholder, w.V[0], w.V[1]))
		}
	}
	log := u.kiosk.output()
	u.t.Fatalf("%s\nscreenshot: %s\nscreen %q keyboard %s widgets: %s\nkiosk log (end):\n%s",
		fmt.Sprintf(format, args...), path, d.Screen, d.Keyboard, strings.Join(ws, ", "), log[max(0, len(log)-3000):])
}

// startKiosk writes cfg as the kiosk's configuration in dir and starts the smoke
// build of the kiosk on it, enrolled with a code from enrollCode and the CA
// certificate in the file ca, writing its widget dump to dir/widgets.json; it
// waits for the window and returns the kiosk and the dump.
//
// Xvfb now and then refuses a connection under load ("Failed to open display"):
// such a start is retried, enrolled by then or with a new code (a code is good
// for one enrolment).
func startKiosk(t *testing.T, bin, dir, cfg string, enrollCode func() string, ca string) (*proc, string) {
	t.Helper()
	cfgPath := filepath.Join(dir, "kiosk.json")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(dir, "widgets.json")
	for try := 0; ; try++ {
		args := []string{"-config", cfgPath, "-windowed"}
		if _, err := os.Stat(filepath.Join(dir, "kiosk", "identity", "kiosk.crt")); err != nil {
			args = append(args, "-enroll-code", enrollCode(), "-ca", ca)
		}
		kiosk := startEnv(t, []string{"BAWABA_SMOKE_WIDGETS=" + dump}, filepath.Join(bin, "kiosk-smoke"), args...)
		waitFor(90*time.Second, func() bool { return windowShown("Bawaba") || kiosk.exited() })
		if !kiosk.exited() && windowShown("Bawaba") {
			return kiosk, dump
		}
		kiosk.stop()
		if try == 2 || !strings.Contains(kiosk.output(), "Failed to open display") {
			t.Fatalf("no kiosk window:\n%s", kiosk.output())
		}
		time.Sleep(time.Second)
	}
}

// centralCode returns a function that makes a one-time enrolment code with the
// central binary, for startKiosk.
func centralCode(t *testing.T, centralBin, centralData string) func() string {
	return func() string {
		t.Helper()
		code, err := runOut(centralBin, "enroll-code", "-data", centralData)
		if err != nil {
			t.Fatalf("enroll-code: %v %s", err, code)
		}
		return strings.TrimSpace(code)
	}
}
