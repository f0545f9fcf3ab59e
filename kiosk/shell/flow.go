package shell

import (
	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
)

// Flow is one service offered on the home screen. See the package doc.
type Flow interface {
	// ID names the flow in logs and tests, e.g. "register".
	ID() string
	// TitleKey is the i18n key of the home tile's caption.
	TitleKey() string
	// Icon is the home tile's icon; nil for none.
	Icon() fyne.Resource
	// Start begins a fresh session of the flow and returns its first screen.
	Start(h Host) fyne.CanvasObject
}

// Enabler is implemented by flows that cannot always work: the home screen shows a
// tile only while Enabled is true (no dead buttons).
type Enabler interface {
	Enabled() bool
}

// Servicer is implemented by flows that offer one of the central service's
// services: the home screen shows the tile only while Options.Central enables
// Service (a wire.Service* name). A session already running goes on to its end
// when the service is turned off; only new sessions cannot start.
type Servicer interface {
	Service() string
}

// Rebuilder is implemented by flows that keep entered data across a language
// switch: Rebuild returns the current screen rebuilt in h.Lang(). It may show
// it itself with h.Show, to focus a field on it afterwards (Show hides the
// keyboard until a field gains focus); the shell then does not show it again.
type Rebuilder interface {
	Rebuild(h Host) fyne.CanvasObject
}

// Wiper is implemented by flows that hold entered data: Wipe must forget it. The
// shell calls it when the flow ends for any reason (Home, idle timeout, restart).
type Wiper interface {
	Wipe()
}

// Host is what the shell offers a running flow. See the package doc.
type Host interface {
	// Lang is the current UI language.
	Lang() i18n.Lang
	// Show replaces the content area with obj.
	Show(obj fyne.CanvasObject)
	// Home ends the flow (wiping it) and returns to the home screen.
	Home()
	// Keyboard is the shared on-screen keyboard.
	Keyboard() *keyboard.Keyboard
	// Touch tells the idle timer that the person is still there.
	Touch()
	// Window is the kiosk window (for dialogs).
	Window() fyne.Window
}
