// Command kiosk is the Bawaba kiosk application: the full-screen touchscreen app that
// residents use. It only wires the parts together — configuration, outbox, sync
// engine, device manager and the UI shell with its flows; see those packages for
// what they do.
//
// Usage:
//
//	kiosk -config kiosk.json [-windowed] [-enroll-code CODE -ca central-ca.pem]
//	kiosk -config kiosk.json -enroll-only -enroll-code CODE -ca central-ca.pem
//	kiosk -hash-pin < pin.txt     # prints a staff PIN hash (argon2id) for the config's staff list
//
// A kiosk with no identity and no -enroll-code opens on the enrolment screen
// (kiosk/enrol) and goes on to the kiosk once enrolled there.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	// Imported first for its init: Fyne reads the locale before main runs.
	_ "github.com/bawaba/bawaba/cmd/kiosk/internal/fynelocale"

	"github.com/bawaba/bawaba/cmd/internal/logfile"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
)

func main() {
	configPath := flag.String("config", "kiosk.json", "configuration file (JSON)")
	windowed := flag.Bool("windowed", false, "run in a window instead of full screen (development)")
	enrollCode := flag.String("enroll-code", "", "one-time code from `central enroll-code`: enrol this kiosk before starting")
	caFile := flag.String("ca", "", "PEM file of the central CA to pin (with -enroll-code)")
	hashPIN := flag.Bool("hash-pin", false, "read a staff PIN (6 or more digits) from standard input and print its argon2id hash for a staff entry's pin_hash")
	enrollOnly := flag.Bool("enroll-only", false, "with -enroll-code and -ca: enrol this kiosk, print its identity and exit (no display needed)")
	logFile := flag.String("log-file", "", "write JSON logs to this file, rotated by size (default: text on standard error)")
	exitStatus := flag.String("exit-status", "", "write the exit status to this file when staff leave kiosk mode (the systemd unit's wrapper reads it, as xinit does not pass it on)")
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
	if *enrollOnly {
		if err := enrollOnlyCmd(cfg, *enrollCode, *caFile); err != nil {
			fmt.Fprintln(os.Stderr, "kiosk:", err)
			os.Exit(1)
		}
		return
	}
	ro := runOptions{configPath: *configPath, windowed: *windowed, enrollCode: *enrollCode, caFile: *caFile}
	// os.Exit runs no deferred call: the log is closed by finish, before it.
	closeLog := func() error { return nil }
	if *logFile != "" {
		lf, err := logfile.Open(*logFile, logfile.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, "kiosk:", err)
			os.Exit(2)
		}
		closeLog = lf.Close
		ro.log = logfile.Logger(lf, slog.LevelInfo)
	}
	if err := checkDisplay(); err != nil {
		fmt.Fprintln(os.Stderr, "kiosk:", err)
		os.Exit(2)
	}
	if code := finish(run(cfg, ro), *exitStatus, closeLog); code != 0 {
		os.Exit(code)
	}
}

func printPINHash() error {
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	pin := strings.TrimSpace(line)
	if pin == "" {
		return fmt.Errorf("no PIN on standard input (%v)", err)
	}
	h, err := staff.HashPIN(pin)
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

// enrollOnlyCmd enrols the kiosk with central and exits: what a technician runs
// once on a new kiosk before enabling its systemd unit (docs/deploy.md).
func enrollOnlyCmd(cfg *Config, code, caFile string) error {
	if code == "" || caFile == "" {
		return fmt.Errorf("-enroll-only needs -enroll-code and -ca")
	}
	ca, err := os.ReadFile(caFile)
	if err != nil {
		return fmt.Errorf("enrol: read CA: %w", err)
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := client.Enroll(ctx, cfg.CentralURL, filepath.Join(cfg.DataDir, "identity"), client.Enrollment{Code: code, CA: ca}, client.Options{})
	if err != nil {
		return fmt.Errorf("enrol: %w", err)
	}
	defer cl.Close()
	fmt.Printf("enrolled: kiosk %s with %s\n", cl.KioskID(), cfg.CentralURL)
	return nil
}
