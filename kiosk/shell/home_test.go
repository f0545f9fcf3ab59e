package shell

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
)

// TestHomeFitsTheScreen: with one to eight services the home screen's tiles fit
// the kiosk's 1280×800 screen in both languages (more than fit across go on
// further rows), so the window never grows past the screen.
func TestHomeFitsTheScreen(t *testing.T) {
	for n := 1; n <= 8; n++ {
		for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
			t.Run(fmt.Sprintf("%d tiles %s", n, lang), func(t *testing.T) {
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
				s.goHome()
				if s.Screen() != ScreenHome {
					t.Fatalf("screen %s", s.Screen())
				}
				if m := w.Content().MinSize(); m.Width > 1280 || m.Height > 800 {
					t.Fatalf("home needs %v, more than the 1280×800 screen", m)
				}
			})
		}
	}
}
