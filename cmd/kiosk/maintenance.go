package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

// ExitMaintenance is the kiosk's exit status when staff leave kiosk mode for
// maintenance (the staff screen's "exit kiosk mode"), full screen only: the
// systemd unit does not restart on it (RestartPreventExitStatus=79 in
// deploy/systemd/bawaba-kiosk.service). It is outside sysexits.h's 64–78, so no
// other failure is mistaken for it.
const ExitMaintenance = 79

// errMaintenance is run's answer when the kiosk closed to leave kiosk mode.
var errMaintenance = errors.New("kiosk: left kiosk mode for maintenance")

// finish ends the kiosk after run returned err: it says what failed, records
// a maintenance exit for the unit's wrapper, then closes the log (closeLog),
// and returns the exit status. main calls os.Exit with it, which runs no
// deferred call: whatever must be flushed is closed here first, so the lines
// written last (why the kiosk stopped) reach the disk.
func finish(err error, exitStatusPath string, closeLog func() error) int {
	code := 0
	switch {
	case errors.Is(err, errMaintenance):
		// Staff left kiosk mode: a status the unit does not restart on.
		code = ExitMaintenance
		if werr := writeExitStatus(exitStatusPath, code); werr != nil {
			fmt.Fprintln(os.Stderr, werr)
		}
	case err != nil:
		code = 1
		fmt.Fprintln(os.Stderr, "kiosk:", err)
	}
	if cerr := closeLog(); cerr != nil {
		fmt.Fprintln(os.Stderr, "kiosk: log:", cerr)
	}
	return code
}

// writeExitStatus records the exit status in the file the unit's wrapper
// reads after xinit returns (xinit exits 0 whatever its client's status, so
// the status must travel beside it). The wrapper removes the file before each
// start; a crash writes nothing and is restarted.
func writeExitStatus(path string, code int) error {
	if path == "" {
		return nil
	}
	if err := os.WriteFile(path, []byte(strconv.Itoa(code)+"\n"), 0o600); err != nil {
		return fmt.Errorf("kiosk: exit status: %w", err)
	}
	return nil
}
