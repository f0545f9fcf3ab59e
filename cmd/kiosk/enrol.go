package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/bawaba/bawaba/kiosk/enrol"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/transfer"
)

// enrolFuncs enrol the kiosk whose identity lives in idDir, on the enrolment
// screen or the staff's re-enrolment: the CA fetched for the technician to
// confirm, the address saved for the kiosk configured by the file at
// configPath (saveCentralURL, when it changed) before enrolling, then client.Enroll. used, if set, is told the
// address that enrolled (on the enrolling goroutine, before the screen hears
// of the success).
func enrolFuncs(configPath, idDir string, log *slog.Logger, used func(centralURL string)) enrol.Funcs {
	return enrol.Funcs{
		FetchCA: func(ctx context.Context, centralURL string) ([]byte, error) {
			ca, err := client.FetchCA(ctx, centralURL, client.Options{})
			if err != nil {
				log.Warn("enrolment: fetch CA", "url", centralURL, "err", err)
			}
			return ca, err
		},
		Enrol: func(ctx context.Context, centralURL, code string, ca []byte) (string, error) {
			if err := saveCentralURL(configPath, centralURL); err != nil {
				log.Error("enrolment: save central_url", "config", configPath, "err", err)
				return "", fmt.Errorf("%w: %w", enrol.ErrSaveConfig, err)
			}
			// A re-enrolment: the identity it replaces is kept as a former one,
			// so that the receipt for a bundle exported under it is still taken.
			if err := transfer.Retire(idDir); err != nil {
				log.Error("enrolment: keep the former kiosk ID", "err", err)
				return "", fmt.Errorf("enrolment: %w", err)
			}
			cl, err := client.Enroll(ctx, centralURL, idDir, client.Enrollment{Code: code, CA: ca}, client.Options{})
			if err != nil {
				// The code is in no error: client errors name the call and central's answer.
				log.Warn("enrolment failed", "url", centralURL, "err", err)
				return "", err
			}
			defer cl.Close()
			log.Info("enrolled", "kiosk", cl.KioskID(), "url", centralURL)
			if used != nil {
				used(centralURL)
			}
			return cl.KioskID(), nil
		},
	}
}

// saveCentralURL saves central_url for the kiosk configured by the file at
// path when it differs from the one in use, in the data directory's overlay as
// SaveSettings saves (checked whole, replaced atomically), so that the next
// start talks to the central service the kiosk enrolled with. The file itself
// is not written: on a deployed kiosk it is root's.
func saveCentralURL(path, centralURL string) error {
	if c, err := LoadConfig(path); err == nil && c.OverlayErr == nil && c.CentralURL == centralURL {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("kiosk: read config: %w", err)
	}
	o, err := readOverlay(overlayPath(path, rawDataDir(b)))
	if err != nil {
		o = overlay{} // set aside at start; the kiosk runs on the file's values
	}
	o.CentralURL = &centralURL
	if base, err := ParseConfig(b); err == nil && base.CentralURL == centralURL {
		o.CentralURL = nil // the file's own
	}
	if err := writeOverlay(path, b, o); err != nil {
		return fmt.Errorf("kiosk: central_url: %w", err)
	}
	return nil
}

// identityTool is the staff's "Kiosk identity" with re-enrolment; reenrolled
// restarts the kiosk's parts under the new identity.
func identityTool(cen *central, stats func() (outbox.Stats, error), funcs enrol.Funcs,
	audit func(staff.Action, staff.Result, string), reenrolled func(kioskID string)) *enrol.IdentityTool {
	return enrol.NewIdentityTool(enrol.IdentityOptions{
		Funcs: funcs,
		Info: func() (client.Info, error) {
			cl := cen.client()
			if cl == nil {
				return client.Info{}, client.ErrNotEnrolled
			}
			return cl.Info()
		},
		Stats: stats, Audit: audit, Reenrolled: reenrolled,
		Ping: func(ctx context.Context) error {
			cl := cen.client()
			if cl == nil {
				return client.ErrNotEnrolled
			}
			return cl.Ping(ctx)
		},
	})
}

// signedIn is the staff guard that remembers who acted last: a re-enrolment
// restarts the shell (and so ends the staff session), and is audited after
// the restart, under the new identity, as that staff member.
type signedIn struct {
	*staff.Guard
	mu   sync.Mutex
	last string
}

// Audit records the action and who did it.
func (g *signedIn) Audit(staffID string, a staff.Action, r staff.Result, detail string) {
	g.mu.Lock()
	g.last = staffID
	g.mu.Unlock()
	g.Guard.Audit(staffID, a, r, detail)
}

func (g *signedIn) who() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.last
}

// screenSource names what the window shows, for the smoke build's widget dump:
// the shell, or the enrolment screen before it (enrolScreen).
type screenSource interface {
	Screen() string
	FlowID() string
	Keyboard() *keyboard.Keyboard
}

// enrolScreen is the enrolment screen as a screenSource: "enrol-" and its step.
type enrolScreen struct{ s *enrol.Screen }

func (e enrolScreen) Screen() string               { return "enrol-" + e.s.Step() }
func (e enrolScreen) FlowID() string               { return "" }
func (e enrolScreen) Keyboard() *keyboard.Keyboard { return e.s.Keyboard() }
