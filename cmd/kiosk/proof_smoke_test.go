package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/sync/central/centraltest"
)

// TestSmokeFingerprintServices taps through the two services that prove the
// person by fingerprint, in Arabic, on the real kiosk binary with devsim's
// sensor and printer on ptys: an activation (the ID typed on the keypad, the
// finger placed through devsim's control API, matched live at central, a
// printed receipt) and a lost-SIM change of mobile (the same proof, a new
// Saudi number, the code read from central's development SMS file). Both must
// reach central: the account active, the mobile moved.
//
// Central runs in this process (centraltest: the server `central serve` runs)
// so that the two accounts can be put in its store beforehand, as if they had
// registered earlier; the registration itself is TestSmokeOfflineRegistration's.
func TestSmokeFingerprintServices(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	shots := os.Getenv("BAWABA_SMOKE_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	c := centraltest.Start(t, centraltest.Options{People: 20})
	toActivate := c.Account(t, 4, false)
	toMove := c.Account(t, 6, true)
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, c.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	devDir, receipts, ctl := filepath.Join(dir, "dev"), filepath.Join(dir, "receipts"), freePort(t)
	devsim := start(t, filepath.Join(bin, "devsim"), "-dir", devDir, "-addr", ctl, "-png", receipts)
	if !waitFor(60*time.Second, func() bool { _, err := os.Stat(filepath.Join(devDir, "fingerprint")); return err == nil }) {
		t.Fatalf("devsim did not start:\n%s", devsim.output())
	}
	cfg := `{"central_url":"` + c.URL + `","data_dir":"kiosk","idle_timeout":"600s","default_language":"ar",
	  "devices":[{"kind":"printer","path":"` + filepath.Join(devDir, "printer") + `","baud":19200},
	             {"kind":"fingerprint","path":"` + filepath.Join(devDir, "fingerprint") + `","baud":57600}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, func() string { return c.EnrollCode(t) }, ca)
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: shots, t0: time.Now(), lang: i18n.AR}
	ui.origin()
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		ui.fatalf("the kiosk never reached the central service")
	}
	// The person's finger, as devsim's sensor reads it.
	finger := func(action string) {
		t.Helper()
		resp, err := http.Post("http://"+ctl+"/fingerprint/"+action, "text/plain", nil)
		if err != nil {
			ui.fatalf("devsim %s: %v", action, err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			ui.fatalf("devsim %s: %s", action, resp.Status)
		}
	}
	tr := func(key string) string { return i18n.T(i18n.AR, key) }
	ui.home(i18n.AR)

	// Activation: the ID on the keypad, "yes, that is me", the finger.
	ui.tapButton(tr("activate.title"))
	ui.wait("the ID form", func(d shown) bool { return strings.HasPrefix(d.Screen, "flow:") && len(d.fields()) == 1 })
	ui.shot("activate-ar-id")
	ui.typeInto("id number", byOrder(0), toActivate.IDNumber)
	ui.tapButton(tr("nav.next"))
	ui.tapButton(tr("activate.confirm.yes"))
	ui.wait("the finger screen", func(d shown) bool { return d.label(tr("activate.finger.title")) })
	ui.shot("activate-ar-finger")
	finger("place?finger=" + toActivate.IDNumber)
	ui.wait("the receipt", func(d shown) bool {
		return d.button(tr("activate.finish")) != nil && d.label(tr("activate.done.printed"))
	})
	finger("lift")
	ui.shot("activate-ar-done")
	if !waitFor(60*time.Second, func() bool { m, _ := filepath.Glob(filepath.Join(receipts, "*.png")); return len(m) == 1 }) {
		ui.fatalf("no receipt printed in %s; devsim:\n%s", receipts, devsim.output())
	}
	ui.tapButton(tr("activate.finish"))
	ui.waitScreen("home")
	if !waitFor(60*time.Second, func() bool { return c.AccountOf(t, toActivate.IDNumber).Active }) {
		ui.fatalf("the activation never reached central")
	}
	ui.t.Logf("%5.1fs activated", time.Since(ui.t0).Seconds())

	// The lost SIM: "I lost it", the prover's ID and finger, a new number, its code.
	ui.tapButton(tr("mobile.title"))
	ui.wait("the choice", func(d shown) bool { return d.label(tr("mobile.choose.title")) })
	ui.shot("mobile-ar-choose")
	ui.tapButton(tr("mobile.choose.lost"))
	ui.wait("the ID form", func(d shown) bool { return strings.HasPrefix(d.Screen, "flow:") && len(d.fields()) == 1 })
	ui.typeInto("id number", byOrder(0), toMove.IDNumber)
	ui.shot("mobile-ar-id")
	finger("place?finger=" + toMove.IDNumber)
	ui.tapButton(tr("nav.next"))
	ui.wait("the new number", func(d shown) bool { return d.label(tr("mobile.new.title")) && len(d.fields()) == 2 })
	finger("lift")
	const local, newMobile = "0509990006", "+966509990006"
	widest := func(d shown) *widget { // the number; the narrow one is the country code
		fs := d.fields()
		if len(fs) != 2 {
			return nil
		}
		if fs[0].W > fs[1].W {
			return fs[0]
		}
		return fs[1]
	}
	ui.typeInto("new number", widest, local)
	ui.shot("mobile-ar-number")
	ui.tapButton(tr("mobile.number.send"))
	ui.wait("the code field", func(d shown) bool { return d.button(tr("mobile.code.verify")) != nil && len(d.fields()) == 1 })
	ui.typeInto("code", byOrder(0), c.LastCode(t, newMobile))
	ui.tapButton(tr("mobile.code.verify"))
	ui.wait("done", func(d shown) bool { return d.label(tr("mobile.done.title")) && d.button(tr("mobile.finish")) != nil })
	ui.shot("mobile-ar-done")
	ui.tapButton(tr("mobile.finish"))
	ui.waitScreen("home")
	if !waitFor(60*time.Second, func() bool { return c.AccountOf(t, toMove.IDNumber).Mobile == newMobile }) {
		ui.fatalf("the mobile change never reached central")
	}
	ui.t.Logf("%5.1fs mobile moved", time.Since(ui.t0).Seconds())
	if strings.Contains(kiosk.output(), "panic") {
		t.Errorf("kiosk panicked:\n%s", kiosk.output())
	}
}
