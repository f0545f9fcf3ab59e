package shell

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// TestHomeFitsTheScreen: with one to eight services the home screen's tiles fit
// the kiosk's 1280×800 screen in both languages and at every text size (more
// than fit across go on further rows), so the window never grows past the screen.
func TestHomeFitsTheScreen(t *testing.T) {
	for n := 1; n <= 8; n++ {
		for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
			for _, scale := range theme.Scales {
				t.Run(fmt.Sprintf("%d tiles %s ×%v", n, lang, scale), func(t *testing.T) {
					test.NewTempApp(t)
					w := test.NewTempWindow(t, nil)
					w.SetPadded(false)
					w.Resize(fyne.NewSize(1280, 800))
					var flows []Flow
					for i := range n {
						flows = append(flows, &fakeFlow{id: fmt.Sprint("svc", i), enabled: true})
					}
					s := New(w, Options{Flows: flows, Lang: lang, StatusEvery: -1, IdleTimeout: time.Hour})
					t.Cleanup(s.Stop)
					s.Start()
					s.SetTheme(theme.Options{Scale: scale})
					s.goHome()
					if s.Screen() != ScreenHome {
						t.Fatalf("screen %s", s.Screen())
					}
					if m := w.Content().MinSize(); m.Width > 1280 || m.Height > 800 {
						t.Fatalf("home needs %v, more than the 1280×800 screen", m)
					}
					// The scroll is only for larger text: at the normal size
					// every tile is in view.
					if sc := findScroll(w.Content()); sc == nil {
						t.Fatal("home has no scroll for its tiles")
					} else if need := sc.Content.MinSize().Height; scale == theme.Normal && need > sc.Size().Height {
						t.Errorf("at the normal text size the tiles need %v dp, the screen has %v for them", need, sc.Size().Height)
					}
				})
			}
		}
	}
}

// findScroll returns the first scroll container in o's tree.
func findScroll(o fyne.CanvasObject) *container.Scroll {
	switch v := o.(type) {
	case *container.Scroll:
		return v
	case *fyne.Container:
		for _, ch := range v.Objects {
			if sc := findScroll(ch); sc != nil {
				return sc
			}
		}
	}
	return nil
}

// homeServices are the kiosk's eight services as cmd/kiosk lists them, with
// their real captions: the home's layout is judged with these.
var homeServices = []struct{ id, title string }{
	{"register", "register.title"}, {"activate", "activate.title"}, {"mobile", "mobile.title"},
	{"myid", "myid.title"}, {"address", "service.address"}, {"status", "service.status"},
	{"verify", "verify.title"}, {"dependents", "dependents.title"},
}

// titledFlow is a fakeFlow with a real service's caption.
type titledFlow struct {
	fakeFlow
	title string
}

func (f *titledFlow) TitleKey() string { return f.title }

// TestHomeTilesAllShowAtEveryTextSize: with the kiosk's eight services, every
// tile is whole on the 1280×800 screen, none below the fold, at every text
// size and in both languages; every tile stays a comfortable touch target
// and its caption fits it. BAWABA_SCREENSHOTS names a directory for PNGs to
// look at.
func TestHomeTilesAllShowAtEveryTextSize(t *testing.T) {
	shots := os.Getenv("BAWABA_SCREENSHOTS")
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		for _, scale := range theme.Scales {
			t.Run(fmt.Sprintf("%s ×%v", lang, scale), func(t *testing.T) {
				test.NewTempApp(t)
				w := test.NewTempWindow(t, nil)
				w.SetPadded(false)
				w.Resize(fyne.NewSize(1280, 800))
				var flows []Flow
				for _, sv := range homeServices {
					flows = append(flows, &titledFlow{fakeFlow{id: sv.id, enabled: true}, sv.title})
				}
				s := New(w, Options{Flows: flows, Lang: lang, StatusEvery: -1, IdleTimeout: time.Hour})
				t.Cleanup(s.Stop)
				s.Start()
				s.SetTheme(theme.Options{Scale: scale})
				s.goHome()
				test.AssertRendersToMarkup(t, fmt.Sprintf("screens/home8_%s_x%v.xml", lang, scale), w.Canvas())
				if shots != "" {
					writePNG(t, filepath.Join(shots, fmt.Sprintf("home8_%s_x%v.png", lang, scale)), w.Canvas().Capture())
				}
				d := fyne.CurrentApp().Driver()
				strip := d.AbsolutePositionForObject(s.strip).Y
				tiles := screentest.All[*rtl.Button](w.Canvas(), func(b *rtl.Button) bool { return b.Tall || b.Wide })
				if len(tiles) != len(homeServices) {
					t.Fatalf("%d tiles, want %d", len(tiles), len(homeServices))
				}
				for _, b := range tiles {
					p, sz := d.AbsolutePositionForObject(b), b.Size()
					if p.Y < 0 || p.Y+sz.Height > strip || p.X < 0 || p.X+sz.Width > 1280 {
						t.Errorf("tile %q at %v size %v: not whole above the status strip at y %v", b.Label.Text, p, sz, strip)
					}
					if sz.Height < 2*theme.MinTouch || sz.Width < 2*theme.MinTouch {
						t.Errorf("tile %q is only %v", b.Label.Text, sz)
					}
					if m := b.MinSize(); sz.Height < m.Height || sz.Width < m.Width {
						t.Errorf("tile %q is %v, its caption needs %v", b.Label.Text, sz, m)
					}
				}
			})
		}
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, img); err != nil {
		t.Fatal(err)
	}
}
