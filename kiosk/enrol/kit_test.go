package enrol

import (
	"context"
	"image/png"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/theme"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/client"
)

// realFuncs enrol into dir through the real kiosk client, as cmd/kiosk does.
func realFuncs(dir string) Funcs {
	return Funcs{
		FetchCA: func(ctx context.Context, u string) ([]byte, error) { return client.FetchCA(ctx, u, client.Options{}) },
		Enrol: func(ctx context.Context, u, code string, ca []byte) (string, error) {
			cl, err := client.Enroll(ctx, u, dir, client.Enrollment{Code: code, CA: ca}, client.Options{})
			if err != nil {
				return "", err
			}
			defer cl.Close()
			return cl.KioskID(), nil
		},
		Timeout: 10 * time.Second,
	}
}

// window is a 1280×800 test window with the kiosk's theme (its Arabic font),
// so that screenshots look as on a kiosk.
func window(t *testing.T) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	fyne.CurrentApp().Settings().SetTheme(theme.New(theme.Options{}))
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	return w
}

// labels returns the texts of the labels on screen.
func labels(w fyne.Window) []string {
	var out []string
	fyne.DoAndWait(func() {
		for _, l := range screentest.All[*rtl.Label](w.Canvas(), nil) {
			out = append(out, l.Text)
		}
	})
	return out
}

// waitLabel waits until a label holding want is on screen.
func waitLabel(t *testing.T, w fyne.Window, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for _, s := range labels(w) {
			if s == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q never shown; labels %q", want, labels(w))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// tap taps the enabled button captioned text.
func tap(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	var b *rtl.Button
	deadline := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		fyne.DoAndWait(func() {
			b, ok = screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == text && !b.Disabled() })
		})
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no enabled button %q; labels %q", text, labels(w))
		}
		time.Sleep(5 * time.Millisecond)
	}
	fyne.DoAndWait(func() { test.Tap(b) })
}

// fields returns the keyboard fields on screen, in order.
func fields(w fyne.Window) []*keyboard.Field {
	var fs []*keyboard.Field
	fyne.DoAndWait(func() { fs = screentest.All[*keyboard.Field](w.Canvas(), nil) })
	return fs
}

// typeInto replaces a field's text, as the keyboard's Clear then keys would.
func typeInto(t *testing.T, f *keyboard.Field, s string) {
	t.Helper()
	fyne.DoAndWait(func() {
		f.SetText("")
		test.Type(f, s)
	})
}

// snap writes a PNG of the window to BAWABA_SCREENSHOTS, if set.
func snap(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	// The test driver runs fyne.Do on the calling goroutine, not one UI
	// goroutine: let a step's redraw that showed what the test waited for
	// finish before the canvas is painted.
	time.Sleep(100 * time.Millisecond)
	var err error
	fyne.DoAndWait(func() {
		var f *os.File
		if f, err = os.Create(filepath.Join(dir, "enrol-"+name+".png")); err != nil {
			return
		}
		defer f.Close()
		err = png.Encode(f, w.Canvas().Capture())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// closedPort is a port on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	return port
}

// enrolled reports the kiosk ID enrolled in dir, "" for none.
func enrolled(t *testing.T, dir string) string {
	t.Helper()
	cl, err := client.Open("https://unused.invalid", dir, client.Options{})
	if err != nil {
		if !strings.Contains(err.Error(), client.ErrNotEnrolled.Error()) {
			t.Fatalf("open identity: %v", err)
		}
		return ""
	}
	defer cl.Close()
	return cl.KioskID()
}

// usedCode is a code another kiosk has already enrolled with.
func usedCode(t *testing.T, c *centraltest.Central) string {
	t.Helper()
	code := c.EnrollCode(t)
	centraltest.Enroll(t, c.URL, c.CA, code)
	return code
}

func first(fp string) string { return strings.Join(strings.Fields(fp)[:4], "  ") }
