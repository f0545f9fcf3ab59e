package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/devices/serialport"
)

func post(t *testing.T, srv *httptest.Server, path string, want int) {
	t.Helper()
	resp, err := http.Post(srv.URL+path, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d", path, resp.StatusCode, want)
	}
}

func TestControlAPIDrivesTheDevices(t *testing.T) {
	dir := t.TempDir()
	lab, err := NewLab(filepath.Join(dir, "dev"), LabOptions{PNGDir: filepath.Join(dir, "png")})
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	srv := httptest.NewServer(lab.Handler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// Scanner: a scan posted to the API arrives on the device link.
	sp, err := serialport.Open(serialport.Config{Path: lab.Link("scanner")})
	if err != nil {
		t.Fatal(err)
	}
	scans := make(chan scanner.Result, 4)
	go (&scanner.Reader{Options: scanner.Options{StripAIM: true}}).Run(ctx, sp, func(r scanner.Result) { scans <- r })
	post(t, srv, "/scanner/scan?data=BWB-REF-0001&aim=]Q1", 200)
	select {
	case r := <-scans:
		if string(r.Scan.Data) != "BWB-REF-0001" || r.Scan.Symbology != "qrcode" {
			t.Fatalf("scan %+v", r)
		}
	case <-ctx.Done():
		t.Fatal("no scan")
	}

	// Unplug: the open port hangs up and the link disappears; replug brings it back.
	post(t, srv, "/scanner/unplug", 200)
	if _, err := os.Lstat(lab.Link("scanner")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("link after unplug: %v", err)
	}
	sp.Close()
	post(t, srv, "/scanner/replug", 200)
	if _, err := serialport.Open(serialport.Config{Path: lab.Link("scanner")}); err != nil {
		t.Fatalf("open after replug: %v", err)
	}

	// Fingerprint: a placed finger is captured through the link.
	fp, err := serialport.Open(serialport.Config{Path: lab.Link("fingerprint"), Baud: 57600})
	if err != nil {
		t.Fatal(err)
	}
	defer fp.Close()
	sensor := fingerprint.New(fp, fingerprint.Options{})
	post(t, srv, "/fingerprint/place?finger=1000000008", 200)
	if _, err := sensor.Verify(ctx, fingerprint.SimTemplate("1000000008"), nil); err != nil {
		t.Fatal(err)
	}

	// Printer: paper out is reported by the driver, clear restores it, and a
	// receipt lands as a PNG.
	pp, err := serialport.Open(serialport.Config{Path: lab.Link("printer"), Baud: 115200})
	if err != nil {
		t.Fatal(err)
	}
	defer pp.Close()
	prn := printer.New(pp, receipt.Profile{NativeQR: true}, printer.Options{})
	post(t, srv, "/printer/paper-out", 200)
	if st, err := prn.Status(ctx); err != nil || st.Paper != printer.PaperOut {
		t.Fatalf("paper out: %+v %v", st, err)
	}
	post(t, srv, "/printer/clear", 200)
	if err := prn.Print(ctx, receipt.Receipt{Title: receipt.Line{EN: "Test", AR: "اختبار"}, Reference: "BWB-1", Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	if _, err := lab.printer.WaitPages(ctx, 1); err != nil {
		t.Fatal(err)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "png", "*.png"))
	if len(pngs) == 0 {
		t.Fatal("no receipt PNG written")
	}

	// Bad requests are refused with a reason and change nothing.
	post(t, srv, "/nosuch/unplug", 400)
	post(t, srv, "/docreader/insert?doc=nosuch", 400)
	post(t, srv, "/cardreader/insert?card=12ab", 400)
	post(t, srv, "/scanner/scan", 400)
	post(t, srv, "/fingerprint/fail?code=999", 400)

	resp, err := http.Get(srv.URL + "/status")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	if !strings.Contains(b.String(), `"plugged":true`) {
		t.Fatalf("status %s", b.String())
	}
}
