package verify

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/scanner"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// chanEvents hands the flow a channel the test writes scans into.
type chanEvents struct{ ch chan manager.Event }

func (c *chanEvents) Subscribe(int) (<-chan manager.Event, func()) {
	c.ch = make(chan manager.Event, 4)
	return c.ch, func() {}
}

func tapText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if !ok {
		t.Fatalf("no button %q on screen", text)
	}
	test.Tap(b)
}

// The verify screens inside the kiosk shell, in both languages: markup goldens in
// testdata/, and PNGs to look at when BAWABA_SCREENSHOTS names a directory.
func TestScreens(t *testing.T) {
	valid := issue(t, key, "k1", issued, digitalid.Options{TTL: 30 * 24 * time.Hour, Copy: true})
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			win.Resize(fyne.NewSize(1280, 800))
			ev := &chanEvents{}
			f := New(Options{Events: ev, Keys: trusted, Now: func() time.Time { return now }})
			s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
			t.Cleanup(s.Stop)
			s.Start()
			tapText(t, win, i18n.T(i18n.AR, "attract.touch"))
			tapText(t, win, map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[l])
			tapText(t, win, i18n.T(l, "verify.title"))
			if s.FlowID() != "verify" {
				t.Fatalf("flow not started: %s", s.Screen())
			}
			snap(t, win, l, "prompt")
			for _, sc := range []struct{ name, qr string }{
				{"valid-copy", valid},
				{"expired", issue(t, key, "k1", now.Add(-2*time.Hour), digitalid.Options{})},
				{"not-a-digital-id", "https://example.com/id"},
			} {
				ev.ch <- manager.Event{Type: manager.BarcodeRead, Barcode: &scanner.Scan{Data: []byte(sc.qr)}}
				want, _, _ := Describe(l, Check([]byte(sc.qr), trusted, now))
				deadline := time.Now().Add(10 * time.Second)
				for {
					var shown bool
					fyne.DoAndWait(func() {
						_, shown = screentest.Find(win.Canvas(), func(l *rtl.Label) bool { return l.Text == want })
					})
					if shown {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: %q never shown", sc.name, want)
					}
					time.Sleep(10 * time.Millisecond)
				}
				snap(t, win, l, sc.name)
			}
		})
	}
}

func snap(t *testing.T, w fyne.Window, l i18n.Lang, name string) {
	t.Helper()
	test.AssertRendersToMarkup(t, fmt.Sprintf("%s/%s.xml", l, name), w.Canvas())
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	fh, err := os.Create(filepath.Join(dir, fmt.Sprintf("verify_%s_%s.png", l, name)))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	if err := png.Encode(fh, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
