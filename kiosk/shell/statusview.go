package shell

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
)

// snapshot is one reading of every status source.
type snapshot struct {
	sync      SyncState
	haveSync  bool
	queue     QueueStats
	queueErr  bool
	haveQueue bool
	attention []Attention
	devices   []DeviceHealth
	services  map[string]bool // Servicer flows' services as Central has them
	idle      time.Duration   // Central's idle time; zero when none
	haveAudio bool            // the speech engine checked its audio device
	audioOK   bool
}

func (s *Shell) poll() {
	t := time.NewTicker(s.opts.StatusEvery)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			snap := s.collect()
			fyne.Do(func() { s.apply(snap) })
		}
	}
}

// collect reads the status sources; it runs off the UI goroutine.
func (s *Shell) collect() snapshot {
	var snap snapshot
	if s.opts.Sync != nil {
		snap.sync, snap.haveSync = s.opts.Sync.SyncState(), true
	}
	if s.opts.Queue != nil {
		snap.haveQueue = true
		st, err := s.opts.Queue.Stats()
		snap.queue, snap.queueErr = st, err != nil
		if att, err := s.opts.Queue.NeedsAttention(); err == nil {
			snap.attention = att
		}
	}
	if s.opts.Devices != nil {
		snap.devices = s.opts.Devices.Health()
	}
	if s.opts.Speech != nil {
		s.audioState(&snap)
	}
	if c := s.opts.Central; c != nil {
		snap.services = map[string]bool{}
		for _, f := range s.opts.Flows {
			if sv, ok := f.(Servicer); ok {
				snap.services[sv.Service()] = c.ServiceEnabled(sv.Service())
			}
		}
		snap.idle = c.IdleTimeout()
	}
	return snap
}

// RefreshStatus reads the status sources now and updates the screen.
func (s *Shell) RefreshStatus() { s.collectAndApply() }

func (s *Shell) collectAndApply() { s.apply(s.collect()) }

func (s *Shell) apply(snap snapshot) {
	changed := fmt.Sprint(snap) != fmt.Sprint(s.status)
	audioChanged := snap.haveAudio != s.status.haveAudio || snap.audioOK != s.status.audioOK
	s.status = snap
	s.applyIdle(snap.idle)
	if audioChanged {
		// The speech controls come or go with the audio device; a flow that
		// cannot be rebuilt keeps its bar until its next screen.
		if !s.speechAvailable() {
			s.speechOn = false
		}
		if _, ok := s.flow.(Rebuilder); s.screen != ScreenFlow || ok {
			s.quietRebuild()
			return
		}
	}
	switch {
	case s.screen == ScreenHome && !slices.Equal(s.enabledFlows(), s.enabled):
		s.goHome() // a service came or went: no dead tiles
	case s.screen == ScreenStaff && changed && s.staffOut != nil:
		s.fillStaff() // in place: the screen is not said again, no button replaced
	case changed && s.statusView != nil:
		s.statusView.Objects = s.statusItems()
		s.statusView.Refresh()
	}
}

func (s *Shell) statusStrip() fyne.CanvasObject {
	s.statusView = container.NewHBox(s.statusItems()...)
	th := fyne.CurrentApp().Settings().Theme()
	bg := canvas.NewRectangle(th.Color(fynetheme.ColorNameButton, fyne.CurrentApp().Settings().ThemeVariant()))
	return container.NewStack(bg, container.NewPadded(s.statusView))
}

// statusItems returns the strip's entries in reading order.
func (s *Shell) statusItems() []fyne.CanvasObject {
	snap := s.status
	var items []fyne.CanvasObject
	if snap.haveSync {
		key, dot := "status.offline", s.colour(fynetheme.ColorNameWarning)
		if snap.sync.Online {
			key, dot = "status.online", s.colour(fynetheme.ColorNameSuccess)
		}
		items = append(items, s.statusItem(dot, i18n.T(s.lang, key)))
	}
	if snap.haveQueue && !snap.queueErr && snap.queue.Pending > 0 {
		items = append(items, s.statusItem(s.colour(fynetheme.ColorNameWarning), i18n.Tf(s.lang, "status.queued", snap.queue.Pending)))
	}
	if snap.haveQueue && !snap.queueErr && snap.queue.Quarantined > 0 {
		items = append(items, s.statusItem(s.colour(fynetheme.ColorNameError), i18n.T(s.lang, "staff.status.damaged")))
	}
	if s.opts.Devices != nil {
		key, dot := printerState(snap.devices)
		items = append(items, s.statusItem(s.colour(dot), i18n.T(s.lang, key)))
	}
	items = spacedItems(rtl.HBox(s.lang, items...).Objects)
	if s.lang.RTL() { // right-aligned: the strip starts at the reading start
		items = append([]fyne.CanvasObject{layout.NewSpacer()}, items...)
	}
	return items
}

func spacedItems(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, o := range objs {
		if i > 0 {
			out = append(out, container.NewGridWrap(fyne.NewSize(32, 1)))
		}
		out = append(out, o)
	}
	return out
}

func (s *Shell) statusItem(dot color.Color, text string) fyne.CanvasObject {
	c := canvas.NewCircle(dot)
	l := rtl.NewLabel(s.lang, text)
	return rtl.HBox(s.lang, container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(18), c)), l)
}

func printerState(devs []DeviceHealth) (key string, dot fyne.ThemeColorName) {
	for _, d := range devs {
		if d.Kind != DevicePrinter {
			continue
		}
		switch {
		case d.OK:
			return "status.printer.ok", fynetheme.ColorNameSuccess
		case d.Detail == DetailPaperOut:
			return "status.printer.paper", fynetheme.ColorNameError
		default:
			return "status.printer.fault", fynetheme.ColorNameError
		}
	}
	return "status.printer.none", fynetheme.ColorNameError
}

func (s *Shell) colour(n fyne.ThemeColorName) color.Color {
	return fyne.CurrentApp().Settings().Theme().Color(n, fyne.CurrentApp().Settings().ThemeVariant())
}
