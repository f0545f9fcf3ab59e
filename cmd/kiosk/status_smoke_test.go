package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	kstatus "github.com/bawaba/bawaba/kiosk/status"
	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// TestSmokeRequestStatus runs the real binaries with devsim's barcode scanner on a
// pty, wired as `make run` wires it: on the Request status tile, in Arabic and then
// in English, a web address's QR code is refused next to the field, and a receipt's
// QR code is looked up at the central service, which answers that it has no such
// request (online: not "not known at this kiosk").
func TestSmokeRequestStatus(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	cen := startSmokeCentral(t, bin, dir)
	centralBin, centralData, addr, ca := cen.bin, cen.data, cen.addr, cen.ca
	ctl := freePort(t)
	devDir, _ := startSmokeDevsim(t, bin, dir, ctl, filepath.Join(dir, "receipts"), "scanner")
	cfg := `{"central_url":"https://` + addr + `","data_dir":"kiosk","idle_timeout":"600s","default_language":"ar",
	  "devices":[{"kind":"scanner","path":"` + filepath.Join(devDir, "scanner") + `","baud":115200}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, centralCode(t, centralBin, centralData), ca)
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: t.TempDir(), t0: time.Now()}
	ui.origin()
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		t.Fatalf("the kiosk never reached the central service:\n%s", kiosk.output())
	}
	// The scanner as devsim drives it: the QR text after an AIM identifier.
	scan := func(data string) {
		t.Helper()
		resp, err := http.Post("http://"+ctl+"/scanner/scan?aim=]Q1&data="+url.QueryEscape(data), "text/plain", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
			t.Fatalf("devsim scan: %s", resp.Status)
		}
	}
	ui.home(i18n.AR)
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		if lang == i18n.EN {
			ui.tapButton("English")
		} else {
			ui.tapButton(i18n.T(lang, "service.status"))
		}
		ui.wait("the reference field", func(d shown) bool { return d.Screen == "flow:status" && len(d.fields()) == 1 })
		scan("https://example.com/" + ref.New())
		ui.check("the not-ours message", func(d shown) bool { return d.labelContains(i18n.T(lang, "reqstatus.err.not_ours")) })
		r := ref.New()
		scan(kstatus.QRPrefix + r)
		ui.check("central's answer", func(d shown) bool {
			return d.labelContains(r) && d.labelContains(i18n.T(lang, "reqstatus.state.unknown"))
		})
		ui.tapButton(i18n.T(lang, "reqstatus.again"))
	}
}
