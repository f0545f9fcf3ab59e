// Command devsim runs simulators of every kiosk device on pseudo-terminals, so the
// kiosk, its tests and a person at a desk can use them as if the hardware were
// plugged in. Each device gets a stable symlink under -dir:
//
//	.run/dev/printer      ESC/POS receipt printer (cut pages saved as PNG in -png)
//	.run/dev/docreader    MRZ passport / ID-card reader
//	.run/dev/cardreader   magnetic-stripe bank-card reader
//	.run/dev/scanner      barcode / QR scanner
//	.run/dev/fingerprint  R30x fingerprint sensor
//
// A small control API on loopback HTTP (-addr) makes the devices act and misbehave.
// Every call is a POST (GET / and GET /status are read-only):
//
//	GET  /status                               devices, their paths, plugged or not
//	POST /DEVICE/unplug                        close the pty and remove the link
//	POST /DEVICE/replug                        a new pty behind the same link
//	POST /DEVICE/garbage?n=32                  random bytes on the line
//	POST /DEVICE/slow?ms=500                   delay every reply (ms=0 restores)
//	POST /DEVICE/mute?on=1                     stop answering (on=0 restores)
//	POST /DEVICE/bad-checksums?on=1            corrupt checksums / check digits / LRCs
//	POST /printer/paper-out?on=1               also near-end, cover-open, cutter-error, offline
//	POST /printer/clear                        every printer condition off
//	POST /docreader/insert?doc=td3-sample[&framing=stx|3m|labelled|bare]
//	POST /cardreader/insert?card=test-visa     a sample name or a PAN
//	POST /scanner/scan?data=TEXT[&aim=]Q1]     or data64=BASE64 for binary payloads
//	POST /fingerprint/place?finger=ID          a synthetic finger (fingerprint.SimTemplate)
//	POST /fingerprint/lift
//	POST /fingerprint/fail?code=6              next capture answers this confirmation code
//	POST /fingerprint/enroll?page=1&finger=ID  put a template in the sensor's library
//
// Example:
//
//	devsim -dir .run/dev -addr 127.0.0.1:7070 &
//	curl -X POST '127.0.0.1:7070/docreader/insert?doc=td1-test-resident'
//	curl -X POST 127.0.0.1:7070/printer/paper-out
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	dir := flag.String("dir", ".run/dev", "directory for the device symlinks")
	addr := flag.String("addr", "127.0.0.1:7070", "loopback address of the control API")
	png := flag.String("png", ".run/receipts", "directory for printed receipts (PNG)")
	width := flag.Int("width", 576, "printer width in dots: 384, 512 or 576")
	noQR := flag.Bool("no-qr", false, "the printer lacks native QR (GS ( k)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: devsim [flags]\n\n%s\nflags:\n", usage)
		flag.PrintDefaults()
	}
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *dir, *addr, LabOptions{PNGDir: *png, Width: *width, NoQR: *noQR}); err != nil {
		fmt.Fprintln(os.Stderr, "devsim:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, addr string, o LabOptions) error {
	lab, err := NewLab(dir, o)
	if err != nil {
		return err
	}
	defer lab.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	for _, d := range lab.Devices() {
		fmt.Printf("%-12s %s\n", d, lab.Link(d))
	}
	fmt.Printf("control      http://%s/\n", ln.Addr())
	srv := &http.Server{Handler: lab.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	slog.Info("devsim ready", "dir", dir, "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
