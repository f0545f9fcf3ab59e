package prooftest

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// Service is what UI needs of the service under test: a shell flow whose
// current screen names its buttons (proof.Session has Button).
type Service interface {
	shell.Flow
	Button(name string) (*rtl.Button, bool)
}

// UI drives the real shell with one service, the way a person would: it taps
// buttons (no smaller than the 48 dp touch target), types on the on-screen
// keypad, looks for texts on screen and writes screenshots.
type UI struct {
	T     testing.TB
	Win   fyne.Window
	Shell *shell.Shell
	Lang  i18n.Lang
	Svc   Service
	// Where says where the service is, for failure messages ("step id …").
	Where func() string
}

// StartUI starts the shell (mode "kiosk" or "atm") with svc alone on a
// 1280×800 test window, and taps through the attract screen, the language and
// svc's home tile. The shell stops at cleanup.
func StartUI(t testing.TB, svc Service, lang i18n.Lang, mode string, where func() string) *UI {
	t.Helper()
	return startUI(t, svc, lang, mode, where, nil)
}

// StartSpeakingUI is StartUI with a shell that speaks through engine (a
// speechtest.Recorder): speech mode is switched on with the attract screen's
// "touch here to hear", as a person who cannot read would.
func StartSpeakingUI(t testing.TB, svc Service, lang i18n.Lang, mode string, where func() string, engine speech.Engine) *UI {
	t.Helper()
	return startUI(t, svc, lang, mode, where, engine)
}

func startUI(t testing.TB, svc Service, lang i18n.Lang, mode string, where func() string, engine speech.Engine) *UI {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	s := shell.New(win, shell.Options{Flows: []shell.Flow{svc}, StatusEvery: -1, IdleTimeout: time.Hour, Mode: mode, Speech: engine})
	t.Cleanup(s.Stop)
	s.Start()
	u := &UI{T: t, Win: win, Shell: s, Lang: lang, Svc: svc, Where: where}
	touch := "attract.touch"
	if mode == shell.ModeATM {
		touch = "atmhome.attract.touch" // the ATM's attract screen asks for the card first
	}
	if engine != nil {
		u.TapText(i18n.T(i18n.AR, "a11y.speech.hear"))
		if !s.SpeechOn() {
			t.Fatal("touch here to hear did not switch speech on")
		}
	} else {
		u.TapText(i18n.T(i18n.AR, touch))
	}
	// Each language's button names it in its own script: the other
	// catalogue's "nav.language".
	other := i18n.AR
	if lang == i18n.AR {
		other = i18n.EN
	}
	u.TapText(i18n.T(other, "nav.language"))
	u.TapText(i18n.T(lang, svc.TitleKey()))
	if s.FlowID() != svc.ID() {
		t.Fatalf("%s not started: screen %s", svc.ID(), s.Screen())
	}
	return u
}

func (u *UI) where() string {
	if u.Where == nil {
		return u.Shell.Screen()
	}
	return u.Where()
}

// TapText taps the button on screen whose text contains text.
func (u *UI) TapText(text string) {
	u.T.Helper()
	found, _ := screentest.Find(u.Win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if found == nil {
		u.T.Fatalf("no button %q on screen (%s)", text, u.where())
	}
	test.Tap(found)
}

// Tap taps the service's button name, failing when it is not on the current
// screen or is under the 48 dp touch target.
func (u *UI) Tap(name string) {
	u.T.Helper()
	b, ok := u.Svc.Button(name)
	tapButton(u.T, b, ok, name, u.where())
}

// tapButton taps b (found: ok) unless it is under the 48 dp touch target.
func tapButton(t testing.TB, b *rtl.Button, ok bool, name, where string) {
	t.Helper()
	if !ok {
		t.Fatalf("no button %q on %s", name, where)
	}
	if h := b.MinSize().Height; h < 48 {
		t.Fatalf("button %q is %.0f dp tall, under the 48 dp touch target", name, h)
	}
	test.Tap(b)
}

// TypeKeys taps field, clears it with the keypad's "clear" key when it has
// one, and types s key by key on the on-screen keyboard.
func (u *UI) TypeKeys(field fyne.Tappable, s string) {
	u.T.Helper()
	test.Tap(field)
	kb := u.Shell.Keyboard()
	if k := kb.Key("clear"); k != nil {
		test.Tap(k)
	}
	for _, r := range s {
		key := kb.Key(string(unicode.ToLower(r)))
		if key == nil {
			u.T.Fatalf("keypad %s has no key %q", kb.Kind(), r)
		}
		test.Tap(key)
	}
}

// ExpectLiteral checks that a label on screen shows text.
func (u *UI) ExpectLiteral(text string) {
	u.T.Helper()
	_, found := screentest.Find(u.Win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	if !found {
		u.T.Fatalf("%q not on screen at %s", text, u.where())
	}
}

// ExpectKey checks that a label on screen shows the text of key in the UI's
// language.
func (u *UI) ExpectKey(key string, args ...any) {
	u.T.Helper()
	u.ExpectLiteral(i18n.Tf(u.Lang, key, args...))
}

// Snap writes a PNG of the screen as <service ID>_<lang>_<name>.png into the
// directory BAWABA_SCREENSHOTS names; nothing when it is unset.
func (u *UI) Snap(name string) {
	u.T.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	fh, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s_%s_%s.png", u.Svc.ID(), u.Lang, name)))
	if err != nil {
		u.T.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, u.Win.Canvas().Capture()); err != nil {
		u.T.Fatal(err)
	}
}
