package settings

import (
	"errors"
	"fmt"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/portscan"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/settings/setting"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// host is a shell.Host showing the flow in a test window; it speaks
// (shell.Speaker), recording the prompts' keys.
type host struct {
	lang  i18n.Lang
	w     fyne.Window
	homes int
	said  []string
}

func (h *host) Speak(u speech.Utterance) { h.said = append(h.said, u.Keys()...) }
func (h *host) Echo(u speech.Utterance)  { h.Speak(u) }
func (h *host) SpeechOn() bool           { return true }

// saidAll fails unless every key was said, each in both catalogues.
func (h *host) saidAll(t *testing.T, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if !slices.Contains(h.said, k) {
			t.Errorf("never said %s; said %v", k, h.said)
		}
	}
	for _, k := range h.said {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("said %s, which the %s catalogue lacks", k, l)
			}
		}
	}
}

func (h *host) Lang() i18n.Lang              { return h.lang }
func (h *host) Show(o fyne.CanvasObject)     { h.w.SetContent(o) }
func (h *host) Home()                        { h.homes++ }
func (h *host) Keyboard() *keyboard.Keyboard { return nil }
func (h *host) Touch()                       {}
func (h *host) Window() fyne.Window          { return h.w }

// file is a configuration file in memory: Save refuses what the real one
// would, by setting.Check, with a long warning (80 s: an idle time under 90 s
// is refused) and the ports of resolve.
type file struct {
	v       Values
	saves   int
	resolve func(string) (string, error)
}

func (f *file) load() (Values, error) { return f.v.Clone(), nil }
func (f *file) save(v Values) error {
	if err := setting.Check(v, setting.Limits{IdleWarning: 80 * time.Second, Resolve: f.resolve}); err != nil {
		return fmt.Errorf("kiosk: bad config: %w", err) // as cmd/kiosk wraps it
	}
	f.v = v.Clone()
	f.saves++
	return nil
}

// seen is a text as a person sees it: without the invisible direction marks
// that keep a path's slashes in place in Arabic.
func seen(s string) string { return strings.ReplaceAll(s, "\u200e", "") }

func tap(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return seen(b.Label.Text) == text })
	if !ok {
		t.Fatalf("no button %q", text)
	}
	test.Tap(b)
}

func mustShow(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	if _, ok := screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return seen(l.Text) == text }); !ok {
		var shown []string
		for _, l := range screentest.All[*rtl.Label](w.Canvas(), nil) {
			shown = append(shown, seen(l.Text))
		}
		t.Fatalf("%q not shown; labels %q", text, shown)
	}
}

func snap(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, "settings-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, w.Canvas().Capture())
}

func TestSettings(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			cfg := &file{v: Values{Language: i18n.AR, IdleTimeout: 2 * time.Minute, Mode: "kiosk", PaperWidth: 576}}
			var applied []Values
			var audited []string
			f := New(Options{Load: cfg.load, Save: cfg.save, Apply: func(v Values) { applied = append(applied, v) },
				Audit: func(a staff.Action, r staff.Result, d string) {
					audited = append(audited, fmt.Sprint(a, " ", r, " ", d))
				}})
			h := &host{lang: l, w: w}
			w.SetContent(f.Start(h))
			snap(t, w, string(l)+"-start")

			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.T(l, "settings.unchanged"))

			// A value the file refuses: named, nothing saved or applied.
			tap(t, w, i18n.Tf(l, "settings.idle.seconds", 60))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.Tf(l, "settings.err.idle", i18n.T(l, "settings.idle")))
			snap(t, w, string(l)+"-refused")
			if cfg.saves != 0 || len(applied) != 0 {
				t.Fatalf("a refused value was saved (%d) or applied (%v)", cfg.saves, applied)
			}

			tap(t, w, i18n.Tf(l, "settings.idle.seconds", 90))
			tap(t, w, i18n.T(i18n.EN, "settings.language.name")) // English, named in English
			tap(t, w, i18n.T(l, "settings.paper.384"))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.T(l, "settings.saved.restart"))
			snap(t, w, string(l)+"-saved")
			want := Values{Language: i18n.EN, IdleTimeout: 90 * time.Second, Mode: "kiosk", PaperWidth: 384}
			if !cfg.v.Equal(want) || len(applied) != 1 || !applied[0].Equal(want) {
				t.Fatalf("saved %+v, applied %+v; want %+v", cfg.v, applied, want)
			}

			// Started again, it shows what the file holds.
			w.SetContent(f.Start(h))
			b, _ := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(l, "settings.paper.384") })
			if b.Importance != rtl.Primary {
				t.Fatal("the saved paper width is not the one chosen on return")
			}
			tap(t, w, i18n.T(l, "nav.back"))
			if h.homes != 1 {
				t.Fatal("back did not leave")
			}
			h.saidAll(t, "speech.settings", "speech.settings.unchanged", "speech.settings.err.idle", "speech.settings.saved.restart")
			wantAudit := []string{"settings failed idle_timeout=1m0s",
				"settings ok default_language=en,idle_timeout=1m30s,paper_width_dots=384"}
			if fmt.Sprint(audited) != fmt.Sprint(wantAudit) {
				t.Fatalf("audited %q, want %q", audited, wantAudit)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := New(Options{Load: func() (Values, error) { return Values{}, errors.New("kiosk.json: bad JSON") }, Save: func(Values) error { return nil }})
	w.SetContent(f.Start(&host{lang: i18n.EN, w: w}))
	mustShow(t, w, i18n.T(i18n.EN, "settings.unreadable"))
	if _, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(i18n.EN, "settings.save") }); ok {
		t.Fatal("Save offered without settings to save")
	}
}

// ports is a machine's serial ports: a USB adapter with a by-id name, a second
// without, a UART. unplug takes the second away.
type ports struct{ gone bool }

const byID = "/dev/serial/by-id/usb-FTDI_FT232R_A10K3X-if00-port0"

func (p *ports) list() ([]portscan.Port, error) {
	out := []portscan.Port{{Path: "/dev/ttyUSB0", ByID: byID}}
	if !p.gone {
		out = append(out, portscan.Port{Path: "/dev/ttyUSB1"})
	}
	return append(out, portscan.Port{Path: "/dev/ttyS0"}), nil
}

func (p *ports) resolve(path string) (string, error) {
	ps, _ := p.list()
	for _, q := range ps {
		if path == q.Path || path == q.ByID {
			return q.Path, nil
		}
	}
	return "", fmt.Errorf("portscan: %s: %w", path, fs.ErrNotExist)
}

// TestPorts chooses devices' ports from those present, with a baud rate, and
// meets the refusals: a port unplugged before Save, a port another device has.
func TestPorts(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			machine := &ports{}
			cfg := &file{resolve: machine.resolve, v: Values{Language: i18n.AR, IdleTimeout: 2 * time.Minute, Mode: "kiosk", PaperWidth: 576,
				Devices: []setting.Device{{Name: "printer", Kind: "printer", Path: "/dev/ttyUSB0", Baud: 19200},
					{Name: "scanner", Kind: "scanner", Path: "/dev/ttyS0", Baud: 115200}}}}
			var audited []string
			f := New(Options{Load: cfg.load, Save: cfg.save, Ports: machine.list,
				Audit: func(a staff.Action, r staff.Result, d string) {
					audited = append(audited, fmt.Sprint(a, " ", r, " ", d))
				}})
			h := &host{lang: l, w: w}
			w.SetContent(f.Start(h))
			mustShow(t, w, i18n.Tf(l, "settings.device", i18n.T(l, "settings.kind.scanner"), "/dev/ttyS0", 115200))
			snap(t, w, string(l)+"-devices")
			change := func(i int) {
				t.Helper()
				bs := screentest.All(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(l, "settings.device.change") })
				if len(bs) != 2 {
					t.Fatalf("%d change buttons, want one per device", len(bs))
				}
				test.Tap(bs[i])
			}

			// The scanner moves to the second adapter at 9600 baud.
			change(1)
			mustShow(t, w, i18n.Tf(l, "settings.port.title", i18n.T(l, "settings.kind.scanner")))
			snap(t, w, string(l)+"-picker")
			tap(t, w, "/dev/ttyUSB1")
			tap(t, w, "9600")
			tap(t, w, i18n.T(l, "settings.port.done"))
			// The printer moves to its adapter's by-id name, which is saved.
			change(0)
			tap(t, w, "/dev/ttyUSB0 · usb-FTDI_FT232R_A10K3X-if00-port0")
			tap(t, w, i18n.T(l, "settings.port.done"))
			mustShow(t, w, i18n.Tf(l, "settings.device", i18n.T(l, "settings.kind.printer"), "usb-FTDI_FT232R_A10K3X-if00-port0 → /dev/ttyUSB0", 19200))

			// Unplugged before Save: refused, the scanner named, in l.
			machine.gone = true
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.Tf(l, "settings.err.no_port", i18n.T(l, "settings.kind.scanner")))
			snap(t, w, string(l)+"-noport")
			if cfg.saves != 0 {
				t.Fatal("a port not present was saved")
			}

			// The scanner onto the printer's adapter, by its node: refused too.
			change(1)
			mustShow(t, w, i18n.Tf(l, "settings.port.missing", "/dev/ttyUSB1"))
			tap(t, w, "/dev/ttyUSB0 · usb-FTDI_FT232R_A10K3X-if00-port0")
			tap(t, w, i18n.T(l, "settings.port.done"))
			tap(t, w, i18n.T(l, "settings.save"))
			if cfg.saves != 0 {
				t.Fatal("two devices on one port were saved")
			}
			// (The picker saves the by-id name for both: the same port.)
			mustShow(t, w, i18n.Tf(l, "settings.err.port_taken", i18n.T(l, "settings.kind.scanner")))

			change(1)
			tap(t, w, "/dev/ttyS0")
			tap(t, w, i18n.T(l, "settings.port.done"))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.T(l, "settings.saved.restart"))
			want := []setting.Device{{Name: "printer", Kind: "printer", Path: byID, Baud: 19200},
				{Name: "scanner", Kind: "scanner", Path: "/dev/ttyS0", Baud: 9600}}
			if !slices.Equal(cfg.v.Devices, want) {
				t.Fatalf("saved %+v, want %+v", cfg.v.Devices, want)
			}
			h.saidAll(t, "speech.settings", "speech.settings.port", "speech.settings.err.no_port", "speech.settings.err.port_taken",
				"speech.settings.saved.restart")
			wantAudit := []string{
				"settings failed devices[0].path=" + byID + ",devices[1].path=/dev/ttyUSB1,devices[1].baud=9600",
				"settings failed devices[0].path=" + byID + ",devices[1].path=" + byID + ",devices[1].baud=9600",
				"settings ok devices[0].path=" + byID + ",devices[1].baud=9600",
			}
			if fmt.Sprint(audited) != fmt.Sprint(wantAudit) {
				t.Fatalf("audited %q, want %q", audited, wantAudit)
			}
		})
	}
}

// TestRefusalsAreInTheLanguage maps every refusal to a text of the screen's
// language that names the setting, never the configuration's English.
func TestRefusalsAreInTheLanguage(t *testing.T) {
	for _, l := range i18n.Langs {
		for _, err := range []error{
			&setting.FieldError{Field: "idle_timeout", Err: setting.ErrIdleShort},
			&setting.FieldError{Field: "mode", Err: setting.ErrMode},
			&setting.FieldError{Field: "paper_width_dots", Err: setting.ErrPaperWidth},
			&setting.FieldError{Field: "default_language", Err: setting.ErrLanguage},
			&setting.FieldError{Field: "devices[0].path", Device: "printer", Err: setting.ErrNoPort},
			&setting.FieldError{Field: "devices[0].path", Device: "printer", Err: setting.ErrPortTaken},
			&setting.FieldError{Field: "devices[0].baud", Device: "printer", Err: setting.ErrBaud},
			&setting.FieldError{Field: "", Err: fmt.Errorf("%w: staff[0].pin_hash: bad", setting.ErrFile)},
			errors.New("kiosk: save settings: no space left on device"),
		} {
			text, key := refusal(l, err)
			if text == "" || strings.Contains(text, "%!") || !i18n.Default().Has(l, key) {
				t.Errorf("%s: %v → %q, prompt %s", l, err, text, key)
			}
			if strings.Contains(text, "idle_timeout") || strings.Contains(text, "devices[") || strings.Contains(text, "no space") {
				t.Errorf("%s: %v shown as %q: the configuration's words", l, err, text)
			}
		}
	}
}

// TestSavedPortsMoveAtOnce saves a device's new port with the running kiosk
// able to move it (Options.SetPort): the device is moved to the port saved,
// and the screen says the change is in force; a device in use keeps its old
// port until the next start, named on the screen; a mode change still waits
// for a start.
func TestSavedPortsMoveAtOnce(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			machine := &ports{}
			cfg := &file{resolve: machine.resolve, v: Values{Language: i18n.AR, IdleTimeout: 2 * time.Minute, Mode: "kiosk", PaperWidth: 576,
				Devices: []setting.Device{{Name: "printer", Kind: "printer", Path: "/dev/ttyUSB0", Baud: 19200},
					{Name: "scanner", Kind: "scanner", Path: "/dev/ttyS0", Baud: 115200}}}}
			var moved []string
			var busy error
			f := New(Options{Load: cfg.load, Save: cfg.save, Ports: machine.list,
				SetPort: func(name, path string, baud int) error {
					moved = append(moved, fmt.Sprint(name, " ", path, " ", baud))
					return busy
				}})
			h := &host{lang: l, w: w}
			w.SetContent(f.Start(h))
			change := func(i int) {
				t.Helper()
				bs := screentest.All(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(l, "settings.device.change") })
				test.Tap(bs[i])
			}

			// The scanner to the second adapter: moved now, in force.
			change(1)
			tap(t, w, "/dev/ttyUSB1")
			tap(t, w, "9600")
			tap(t, w, i18n.T(l, "settings.port.done"))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.T(l, "settings.saved"))
			snap(t, w, string(l)+"-moved")
			if want := []string{"scanner /dev/ttyUSB1 9600"}; !slices.Equal(moved, want) {
				t.Fatalf("moved %q, want %q (only the device changed)", moved, want)
			}

			// The printer in use: saved, but it keeps its old port, and says so.
			busy = errors.New("manager: device in use: printer")
			change(0)
			tap(t, w, "9600")
			tap(t, w, i18n.T(l, "settings.port.done"))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.Tf(l, "settings.saved.port_later", i18n.T(l, "settings.kind.printer"))+" "+i18n.T(l, "settings.saved.rest_now"))
			snap(t, w, string(l)+"-busy")
			if cfg.v.Devices[0].Baud != 9600 {
				t.Fatal("the busy printer's new baud rate was not saved for the next start")
			}

			// The mode waits for a start; the ports do not.
			busy = nil
			tap(t, w, i18n.T(l, "settings.mode.atm"))
			tap(t, w, i18n.T(l, "settings.save"))
			mustShow(t, w, i18n.T(l, "settings.saved.later"))
			if len(moved) != 2 {
				t.Fatalf("moved %q: a mode change moved a device", moved)
			}
			h.saidAll(t, "speech.settings.saved", "speech.settings.saved.restart")
		})
	}
}
