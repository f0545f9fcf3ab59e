package address

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/places"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/wire"
)

// benchHost is the least of a shell a screen needs: a window and a keyboard.
type benchHost struct {
	win fyne.Window
	kb  *keyboard.Keyboard
}

func (h benchHost) Lang() i18n.Lang              { return i18n.AR }
func (h benchHost) Show(o fyne.CanvasObject)     { h.win.SetContent(o) }
func (h benchHost) Home()                        {}
func (h benchHost) Keyboard() *keyboard.Keyboard { return h.kb }
func (h benchHost) Touch()                       {}
func (h benchHost) Window() fyne.Window          { return h.win }

// bigCity is a directory of one city with n districts of plausible names.
func bigCity(tb testing.TB, n int) *places.Directory {
	tb.Helper()
	base := places.Default().Districts("riyadh")
	var b strings.Builder
	b.WriteString("C\tbig\tالمدينة الكبيرة\tBig City\n")
	for i := 0; i < n; i++ {
		p := base[i%len(base)]
		fmt.Fprintf(&b, "D\tbig.d%d\t%s %d\t%s %d\n", i, p.AR, i, p.EN, i)
	}
	d, err := places.Parse([]byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// BenchmarkPickerKeystroke is one keystroke in the district picker of a city
// with 5,000 districts, on the real screen (fyne test driver): the search
// field's text changes, the list is filtered, and the list widget and the
// count are refreshed. The bound is one frame, 16 ms. "baseline" is
// the filter alone (places.Index.Filter), so the ratio is the screen's share.
func BenchmarkPickerKeystroke(b *testing.B) {
	dir := bigCity(b, 5000)
	test.NewTempApp(b)
	win := test.NewTempWindow(b, nil)
	win.Resize(fyne.NewSize(1280, 800))
	h := benchHost{win: win, kb: keyboard.New(win.Canvas(), i18n.AR, keyboard.None)}
	var proven func(shell.Host, Proven)
	f := New(Options{Go: func(fn func()) { fn() }, Deps: Deps{Queue: &registertest.Queue{}, Printer: &registertest.Printer{}, Places: dir,
		Prove: func(p func(shell.Host, Proven), _ func(shell.Host)) Prover { proven = p; return &fakeProver{} }}})
	h.Show(f.Start(h))
	proven(h, Proven{ID: identity.ID{Number: "1000000008"}, Method: wire.MethodFingerprint, Template: []byte{1}})
	f.city = "big"
	f.openPicker(identity.FieldDistrict)
	search, ok := f.Field("search")
	if !ok || len(f.Matches()) != 5000 {
		b.Fatalf("picker: search %v, %d places", ok, len(f.Matches()))
	}
	queries := []string{"ا", "ال", "الن", "النخ", "النخي", "النخيل", "النخيل 1", "النخيل 12"}
	b.Run("keystroke", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			search.SetText(queries[i%len(queries)])
		}
	})
	b.Run("baseline", func(b *testing.B) {
		ix := places.NewIndex(dir.Districts("big"))
		var dst []int
		for i := 0; b.Loop(); i++ {
			dst = ix.Filter(queries[i%len(queries)], dst[:0])
		}
	})
}
