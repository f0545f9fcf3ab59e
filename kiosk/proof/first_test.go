package proof

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/shell"
)

// homeHost is a shell.Host that counts the times it was sent home.
type homeHost struct{ homes int }

func (h *homeHost) Lang() i18n.Lang              { return i18n.EN }
func (h *homeHost) Show(fyne.CanvasObject)       {}
func (h *homeHost) Home()                        { h.homes++ }
func (h *homeHost) Keyboard() *keyboard.Keyboard { return nil }
func (h *homeHost) Touch()                       {}
func (h *homeHost) Window() fyne.Window          { return nil }

// stage is a Prover the test ends by hand.
type stage struct {
	proven             func(shell.Host, string)
	cancel             func(shell.Host)
	screen             fyne.CanvasObject
	wiped, docs, cards int
}

func (s *stage) Start(shell.Host) fyne.CanvasObject   { return s.screen }
func (s *stage) Rebuild(shell.Host) fyne.CanvasObject { return s.screen }
func (s *stage) Wipe()                                { s.wiped++ }
func (s *stage) FillFromDocument(mrz.Document)        { s.docs++ }
func (s *stage) CardInserted(*magstripe.Card, error)  { s.cards++ }

// TestFirst: the person proven is handed to the service once, and only for
// the session that asked; a cancel goes home only from the current session;
// the Prover's screens are rebuilt and the readers reach it only while it is
// proving; Wipe wipes it.
func TestFirst(t *testing.T) {
	for _, c := range []struct {
		name         string
		act          func(f *First[string], s *stage, h *homeHost)
		handed       []string
		stale        []string
		homes, wiped int
		proving      bool
	}{
		{"when the person is proven, the service gets them and the Prover stays until the wipe",
			func(f *First[string], s *stage, h *homeHost) { s.proven(h, "p1") }, []string{"p1"}, nil, 0, 0, false},
		{"when the session was wiped before the proof ended, the person is stale",
			func(f *First[string], s *stage, h *homeHost) { f.Wipe(); s.proven(h, "p1") }, nil, []string{"p1"}, 0, 1, false},
		{"when the person cancels, they go home",
			func(f *First[string], s *stage, h *homeHost) { s.cancel(h) }, nil, nil, 1, 0, true},
		{"when a wiped session's Prover cancels, nobody is sent home",
			func(f *First[string], s *stage, h *homeHost) { f.Wipe(); s.cancel(h) }, nil, nil, 0, 1, false},
		{"when a new proof begins, the old one's person is stale",
			func(f *First[string], s *stage, h *homeHost) {
				f.Begin(h, func(func(shell.Host, string), func(shell.Host)) Stage { return &stage{} }, func(shell.Host, string) {}, nil)
				s.proven(h, "old")
			}, nil, []string{"old"}, 0, 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var f First[string]
			s := &stage{screen: canvas.NewRectangle(nil)}
			h := &homeHost{}
			var handed, stale []string
			first := f.Begin(h, func(proven func(shell.Host, string), cancel func(shell.Host)) Stage {
				s.proven, s.cancel = proven, cancel
				return s
			}, func(_ shell.Host, p string) { handed = append(handed, p) }, func(p string) { stale = append(stale, p) })
			if first != s.screen || !f.Proving() {
				t.Fatal("Begin did not show the Prover's first screen")
			}
			c.act(&f, s, h)
			if len(handed) != len(c.handed) || len(stale) != len(c.stale) || h.homes != c.homes || s.wiped != c.wiped || f.Proving() != c.proving {
				t.Errorf("handed %v, stale %v, home %d, wiped %d, proving %v; want %v, %v, %d, %d, %v",
					handed, stale, h.homes, s.wiped, f.Proving(), c.handed, c.stale, c.homes, c.wiped, c.proving)
			}
		})
	}
}

func TestFirstRebuildAndReadersOnlyWhileProving(t *testing.T) {
	var f First[string]
	s := &stage{screen: canvas.NewRectangle(nil)}
	h := &homeHost{}
	if _, ok := f.Rebuild(h); ok {
		t.Fatal("a Rebuild before Begin gave a screen")
	}
	f.FillFromDocument(mrz.Document{}) // nothing to pass it to: ignored
	f.Begin(h, func(proven func(shell.Host, string), cancel func(shell.Host)) Stage {
		s.proven = proven
		return s
	}, func(shell.Host, string) {}, nil)
	if obj, ok := f.Rebuild(h); !ok || obj != s.screen {
		t.Fatal("no Prover screen rebuilt while proving")
	}
	f.FillFromDocument(mrz.Document{})
	f.CardInserted(nil, nil)
	s.proven(h, "p")
	f.FillFromDocument(mrz.Document{})
	f.CardInserted(nil, nil)
	if _, ok := f.Rebuild(h); ok || s.docs != 1 || s.cards != 1 {
		t.Errorf("after the proof: rebuilt %v, documents %d, cards %d; want none, 1, 1", ok, s.docs, s.cards)
	}
	f.Wipe()
	if s.wiped != 1 {
		t.Errorf("wiped %d times", s.wiped)
	}
}
