// Package shell is the kiosk application's frame: attract screen → language
// choice → home with one large tile per working service, plus what every screen
// shares — a top bar with the language switch, high-contrast and text-size
// buttons, a status strip (online/offline, requests waiting, printer), the idle
// timeout that wipes an abandoned session, and a hidden staff entry. While a
// letter keyboard (Latin or Arabic) is up in a flow, the chrome goes compact: a
// shorter top bar with the same buttons, no status strip, tight padding, so the
// flow keeps about 270 px above the keyboard at 1280×800.
//
// # Flows
//
// A service (registration, activation, …) is a Flow, written in its own package
// and handed to New in Options.Flows. The shell shows a home tile for each flow
// that is enabled (see Enabler), calls Start when it is tapped, and gives the flow
// a Host to show its screens in the content area:
//
//	type Flow interface {
//		ID() string                      // stable, e.g. "register"
//		TitleKey() string                // i18n key of the tile caption
//		Icon() fyne.Resource             // tile icon (monochrome; tinted by the theme)
//		Start(h Host) fyne.CanvasObject  // first screen; later screens via h.Show
//	}
//
// Optional interfaces refine it: Enabler (hide the tile while a service cannot
// work, e.g. no printer), Rebuilder (keep entered data across a language switch;
// without it the flow restarts in the new language) and Wiper (forget entered data
// when the session ends — implement it if you hold any personal data).
//
// Host is the flow's view of the shell: Lang, Show (replace the content area;
// counts as activity), Home (end the flow: Wipe, back to home), Keyboard (the
// shared on-screen keyboard: make fields with Keyboard().NewField(kind); the panel
// appears under the content when a field gains focus), Touch (report activity the
// shell cannot see, e.g. scrolling a long text) and Window.
//
// Flows must build every screen with the language from Host.Lang and kiosk/rtl
// widgets (Label, Button, FormRow, NavRow, Steps) so that Arabic is ordered and
// mirrored, and look up all texts with i18n.
//
// # Status
//
// The status strip and the staff screen read small consumer-defined interfaces —
// SyncReporter, Queue and Devices — that cmd/kiosk adapts the sync engine, the
// outbox and the device manager to. All are optional.
//
// # Caveats
//
// Fyne has no global input hook, so the idle timer counts as activity only screen
// changes, shell buttons, keyboard keys and Host.Touch. Every method of Shell must
// run on Fyne's goroutine (fyne.Do); status polling does that itself.
package shell
