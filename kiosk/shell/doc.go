// Package shell is the kiosk application's frame: attract screen → language
// choice → home with one large tile per working service, plus what every screen
// shares — a top bar with the language switch, high-contrast and text-size
// buttons, a status strip (online/offline, requests waiting, printer), the idle
// timeout that wipes an abandoned session, and a hidden staff entry. While a
// letter keyboard (Latin or Arabic) is up in a flow, the chrome goes compact: a
// shorter top bar with the same buttons, no status strip, tight padding, so the
// flow keeps about 270 px above the keyboard at 1280×800. The home's tiles are
// squares, four to a row, at the normal text size; at A+ and A++ more than
// four become wide tiles, two to a row, the icon beside the caption, so that
// eight services still fit the screen without scrolling.
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
// # Speech
//
// With Options.Speech set (a kiosk/speech engine), the top bar has a speech
// switch beside text size and high contrast, and while it is on, Repeat and
// Volume; the attract screen has a labelled "touch here to hear" that switches
// it on and goes to the language choice. Speech mode ends with the session
// (Wipe): the engine is stopped and what was said forgotten. With no audio
// device (the engine is an AudioChecker and says ErrNoAudio) the controls are
// hidden and the staff screen says "no audio".
//
// The shell says its own screens. A flow speaks through its Host with the
// package functions Speak, Echo and SpeechOn (they do nothing for a host that
// does not speak, such as a test's fake), so adding speech to a flow is:
//
//   - on every screen shown, Speak(h, speech.Say("speech.<flow>.<screen>"))
//     with the screen's purpose and its one next action, saying where the
//     button is; Speak again with the error's prompt when one appears, and
//     with the result at the end (values such as references are spelled:
//     Say(…).ThenSpell(ref));
//   - on a field's OnFocused, Echo its label's prompt. The keys typed are the
//     shell's to say: the on-screen keyboard announces each as it is touched
//     (the character, "space", a deletion, the shift state), and in a secret
//     field only speech.Typed() — so mark every secret field: Password, or
//     keyboard.Field.Secret for a code that is shown but typed (an SMS code).
//     A flow's own echo of a key (a character, typed, deleted) made while the
//     key is delivered is dropped, not said twice. The first character said
//     in a session comes after the "heard aloud" warning (speech.KeyAloud),
//     unless the session has heard it already;
//   - a country or a month by its spoken form, speech.CountryKey and
//     speech.MonthKey (written with diacritics), not the name on the screen;
//   - the person's own values (ID number, mobile) only with
//     Utterance.ThenPersonal, which says the "heard aloud" warning first;
//   - the prompts go in the flow's assets/translations/speech.*.json keys
//     ("speech.<flow>.…"), in both languages, the Arabic with diacritics
//     (tashkeel), and a test like the registration flow's
//     TestEveryScreenAndErrorHasAPrompt keeps them complete.
//
// A flow's first screen is preceded by its tile's name ("speech.tile.<id>",
// else the tile's caption read as written).
//
// # ATM mode
//
// With Options.Mode "atm" (ModeATM) the attract and home screens are made for a
// bank ATM (atmhome.go): the card reader is the way in. The attract screen
// shows a card going into the reader and "insert your bank card" in both
// languages; the home lists the services that take the card (flows that are
// CardTakers) first, the others after. The shell takes the card reader's
// events while no flow runs (CardInserted, which cmd/kiosk calls before
// handing a card to the running flow): a good card starts the session and is
// handed to the service the person then chooses, already read (at once after
// Start, or for a CardWanter once it shows its card screen); a bad one
// (unreadable, half a track, not supported, expired: CardProblem) is explained
// where it was swiped. A session in which a card was read ends — the service
// done or cancelled, "finish" on the home, the idle timer — on the attract
// screen with "take your card", said too when speech was on. The reader is a
// swipe (dip) reader: it never holds the card, so nothing is ejected; the
// person is reminded to take it with them.
//
// # Status
//
// The status strip and the staff screen read small consumer-defined interfaces —
// SyncReporter, Queue and Devices — that cmd/kiosk adapts the sync engine, the
// outbox and the device manager to. All are optional.
//
// # Caveats
//
// Speak, Echo and the speech buttons call the engine on Fyne's goroutine; the
// engine returns once the first samples are playing (kiosk/speech), bounded by
// a 2 s timeout, so a hung player program cannot freeze the kiosk for long.
//
// Fyne has no global input hook, so the idle timer counts as activity only screen
// changes, shell buttons, keyboard keys and Host.Touch. Every method of Shell must
// run on Fyne's goroutine (fyne.Do); status polling does that itself.
package shell
