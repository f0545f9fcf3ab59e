package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/cmd/internal/logfile"
)

// TestFinishClosesTheLogBeforeExit checks what main does before os.Exit,
// which runs no deferred call: the log is closed with its last line in it, and
// a maintenance exit is recorded for the unit's wrapper.
func TestFinishClosesTheLogBeforeExit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		wantCode   int
		wantStatus string // the exit-status file's content; "" for none
	}{
		{"when staff left kiosk mode, exits 79 and records it", errMaintenance, ExitMaintenance, "79\n"},
		{"when run failed, exits 1 and records nothing", errors.New("kiosk: outbox: disk full"), 1, ""},
		{"when the kiosk was closed, exits 0", nil, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			lf, err := logfile.Open(filepath.Join(dir, "kiosk.log"), logfile.Options{})
			if err != nil {
				t.Fatal(err)
			}
			logfile.Logger(lf, 0).Info("leaving kiosk mode for maintenance")
			status := filepath.Join(dir, "exit-status")
			if code := finish(tc.err, status, lf.Close); code != tc.wantCode {
				t.Fatalf("exit status %d, want %d", code, tc.wantCode)
			}
			if _, err := lf.Write([]byte("after\n")); !errors.Is(err, os.ErrClosed) {
				t.Fatalf("the log is still open after finish: write gave %v", err)
			}
			data, err := os.ReadFile(filepath.Join(dir, "kiosk.log"))
			if err != nil || !strings.Contains(string(data), "leaving kiosk mode for maintenance") {
				t.Fatalf("the last line is not in the log: %q %v", data, err)
			}
			got, err := os.ReadFile(status)
			switch {
			case tc.wantStatus == "" && !errors.Is(err, os.ErrNotExist):
				t.Fatalf("exit status written: %q %v", got, err)
			case tc.wantStatus != "" && string(got) != tc.wantStatus:
				t.Fatalf("exit status file %q %v, want %q", got, err, tc.wantStatus)
			}
		})
	}
}
