package settings

import (
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/staff"
)

type host struct {
	lang  i18n.Lang
	w     fyne.Window
	homes int
}

func (h *host) Lang() i18n.Lang              { return h.lang }
func (h *host) Show(o fyne.CanvasObject)     { h.w.SetContent(o) }
func (h *host) Home()                        { h.homes++ }
func (h *host) Keyboard() *keyboard.Keyboard { return nil }
func (h *host) Touch()                       {}
func (h *host) Window() fyne.Window          { return h.w }

// file is a configuration file in memory: Save refuses what the real one would
// refuse for these tests (an idle time under 90 s, as with a long warning).
type file struct {
	v     Values
	saves int
}

func (f *file) load() (Values, error) { return f.v, nil }
func (f *file) save(v Values) error {
	if v.IdleTimeout < 90*time.Second {
		return errors.New("idle_timeout must be at least idle_warning + 10s (1m30s)")
	}
	f.v = v
	f.saves++
	return nil
}

func tap(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == text })
	if !ok {
		t.Fatalf("no button %q", text)
	}
	test.Tap(b)
}

func mustShow(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	if _, ok := screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return l.Text == text }); !ok {
		t.Fatalf("%q not shown", text)
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
			mustShow(t, w, i18n.Tf(l, "settings.refused", "idle_timeout must be at least idle_warning + 10s (1m30s)"))
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
			if cfg.v != want || len(applied) != 1 || applied[0] != want {
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
	mustShow(t, w, i18n.Tf(i18n.EN, "settings.unreadable", "kiosk.json: bad JSON"))
	if _, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(i18n.EN, "settings.save") }); ok {
		t.Fatal("Save offered without settings to save")
	}
}
