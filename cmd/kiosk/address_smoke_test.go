package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestSmokeNationalAddress runs the real binaries, wired as `make run` wires
// them: on the National address tile, in Arabic, the person proves who they
// are by the finger on devsim's sensor, the address on record is shown, and
// the address card comes out of devsim's printer with a QR code that zbarimg
// reads back as the short address.
func TestSmokeNationalAddress(t *testing.T) {
	needDisplay(t)
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed (zbar-tools)")
	}
	bin := binaries(t)
	dir := t.TempDir()
	shots := os.Getenv("BAWABA_SMOKE_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	c := centraltest.Start(t, centraltest.Options{People: 20})
	p := c.Account(t, 8, true)
	a := wire.Address{BuildingNumber: "8228", Street: "طريق العليا", District: "العليا", City: "الرياض", PostalCode: "12211",
		AdditionalNumber: "3344", ShortAddress: "RAOA8228", CityCode: "riyadh", DistrictCode: "riyadh.olaya"}
	if err := c.Store.Update(context.Background(), func(tx store.Tx) error {
		_, err := backoffice.Apply(tx, backoffice.Input{Record: wire.Record{ID: "addr-8", Ref: "ADDR8", Kind: wire.KindAddressUpdate},
			Payload: &wire.AddressUpdate{IDNumber: p.IDNumber, Address: a, FingerprintTemplate: biometric.SyntheticTemplate(p.IDNumber)}}, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
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
	finger := func(action string) {
		t.Helper()
		resp, err := http.Post("http://"+ctl+"/fingerprint/"+action, "text/plain", nil)
		if err != nil {
			ui.fatalf("devsim %s: %v", action, err)
		}
		resp.Body.Close()
	}
	tr := func(key string) string { return i18n.T(i18n.AR, key) }
	ui.home(i18n.AR)
	ui.shot("address-ar-home")

	ui.tapButton(tr("service.address"))
	ui.tapButton(tr("prove.choose.finger"))
	ui.wait("the ID form", func(d shown) bool { return strings.HasPrefix(d.Screen, "flow:") && len(d.fields()) == 1 })
	ui.typeInto("id number", byOrder(0), p.IDNumber)
	finger("place?finger=" + p.IDNumber)
	ui.tapButton(tr("nav.next"))
	ui.wait("the address on record", func(d shown) bool { return d.label(tr("address.current.title")) && d.labelContains("RAOA8228") })
	finger("lift")
	ui.shot("address-ar-current")

	ui.tapButton(tr("address.card.print"))
	ui.wait("the card printed", func(d shown) bool { return d.label(tr("address.card.printed")) })
	var pngs []string
	if !waitFor(60*time.Second, func() bool { pngs, _ = filepath.Glob(filepath.Join(receipts, "*.png")); return len(pngs) == 1 }) {
		ui.fatalf("no card printed in %s; devsim:\n%s", receipts, devsim.output())
	}
	out, err := exec.Command(zbar, "--quiet", "--raw", pngs[0]).Output()
	if got := strings.TrimSpace(string(out)); err != nil || got != "RAOA8228" {
		ui.fatalf("zbarimg read %q (%v) from the printed card, want the short address", got, err)
	}
	ui.tapButton(tr("nav.home"))
	ui.waitScreen("home")
	if strings.Contains(kiosk.output(), "panic") {
		t.Errorf("kiosk panicked:\n%s", kiosk.output())
	}
}
