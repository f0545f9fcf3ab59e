// Command kiosk is the Bawaba kiosk application: the full-screen touchscreen app that
// residents use. It only wires the parts together — configuration, outbox, sync
// engine, device manager and the UI shell with its flows; see those packages for
// what they do.
//
// Usage:
//
//	kiosk -config kiosk.json [-windowed] [-enroll-code CODE -ca central-ca.pem]
//	kiosk -hash-pin < pin.txt     # prints a staff_pin_hash for the config
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strings"

	// Imported first for its init: Fyne reads the locale before main runs.
	_ "github.com/bawaba/bawaba/cmd/kiosk/internal/fynelocale"
	"github.com/bawaba/bawaba/kiosk/shell"
)

func main() {
	configPath := flag.String("config", "kiosk.json", "configuration file (JSON)")
	windowed := flag.Bool("windowed", false, "run in a window instead of full screen (development)")
	enrollCode := flag.String("enroll-code", "", "one-time code from `central enroll-code`: enrol this kiosk before starting")
	caFile := flag.String("ca", "", "PEM file of the central CA to pin (with -enroll-code)")
	hashPIN := flag.Bool("hash-pin", false, "read a staff PIN from standard input and print its hash for staff_pin_hash")
	flag.Parse()

	if *hashPIN {
		if err := printPINHash(); err != nil {
			fmt.Fprintln(os.Stderr, "kiosk:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := LoadConfig(*configPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if err := checkDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(2)
	}
	if err := run(cfg, runOptions{windowed: *windowed, enrollCode: *enrollCode, caFile: *caFile}); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(1)
	}
}

func printPINHash() error {
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	pin := strings.TrimSpace(line)
	if pin == "" {
		return fmt.Errorf("no PIN on standard input (%v)", err)
	}
	if len(pin) < 4 || strings.Trim(pin, "0123456789") != "" {
		return fmt.Errorf("the staff PIN must be at least 4 digits")
	}
	h, err := shell.HashPIN(pin)
	if err != nil {
		return err
	}
	fmt.Println(h)
	return nil
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
