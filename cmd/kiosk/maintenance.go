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
