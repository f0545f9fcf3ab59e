package shell

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
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
