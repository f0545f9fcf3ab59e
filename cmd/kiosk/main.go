// Command kiosk is the Bawaba kiosk application: the full-screen touchscreen app that
// residents use. It only wires the parts together; see the kiosk, sync and devices
// packages for what they do.
package main

import (
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/assets"
)

func main() {
	windowed := flag.Bool("windowed", false, "run in a window instead of full screen (development)")
	flag.Parse()

	if err := checkDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(2)
	}

	a := app.NewWithID("sa.bawaba.kiosk")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("Bawaba")
	w.SetPadded(false)
	w.SetContent(container.NewCenter(widget.NewLabel("Bawaba")))
	w.Resize(fyne.NewSize(1280, 800))
	if !*windowed {
		w.SetFullScreen(true)
	}
	w.SetMaster()
	w.ShowAndRun()
}

// checkDisplay explains how to run the kiosk when there is no display: Fyne would
// otherwise fail deep inside GLFW with a message that helps nobody.
func checkDisplay() error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return fmt.Errorf("no display: DISPLAY and WAYLAND_DISPLAY are unset; " +
			"on a machine without a screen run it under Xvfb: xvfb-run -s '-screen 0 1280x800x24' bin/kiosk -windowed")
	}
	return nil
}
