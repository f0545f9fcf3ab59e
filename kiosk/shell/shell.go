package shell

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/assets"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/idle"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// Screen names, as returned by Shell.Screen.
const (
	ScreenAttract  = "attract"
	ScreenLanguage = "language"
	ScreenHome     = "home"
	ScreenFlow     = "flow"
	ScreenStaffPIN = "staff-pin"
	ScreenStaff    = "staff"
	// ScreenStaffExit asks staff to confirm leaving kiosk mode.
	ScreenStaffExit = "staff-exit"
)

// Options configure a Shell. Zero values are documented per field.
type Options struct {
	// Flows are the services, in home-screen order.
	Flows []Flow
	// StaffFlows are tools for staff (e.g. verify a digital ID), offered as
	// buttons on the staff screen only.
	StaffFlows []Flow
	// ExitKiosk, if set, is offered on the staff screen as "exit kiosk mode"
	// for maintenance: after staff confirm, it is audited, and ExitKiosk is
	// called (on the Fyne goroutine) to end the app. Nil: not offered.
	ExitKiosk func()
	// Lang is the language a session starts in; zero means Arabic.
	Lang i18n.Lang
	// IdleTimeout is the time from the last touch to the wipe, the warning
	// included; zero means 60 s. Central's idle time (Central.IdleTimeout), when
	// it sets one, overrides it.
	IdleTimeout time.Duration
	// IdleWarning is the "are you still there?" countdown at the end of
	// IdleTimeout; zero means 20 s, the least WCAG 2.2.1 allows for asking for
	// more time. The quiet time before it is never under 10 s.
	IdleWarning time.Duration
	// Clock drives the idle timer; nil means idle.Real.
	Clock idle.Clock
	// Now tells time for the staff gesture; nil means time.Now.
	Now func() time.Time
	// Sync, Queue and Devices feed the status strip and staff screen; nil ones
	// are shown as unknown. They are called from a polling goroutine and must be
	// safe for concurrent use.
	Sync    SyncReporter
	Queue   Queue
	Devices Devices
	// Central is the central service's configuration, read at every status poll:
	// flows that name their service (Servicer) show only while it is enabled, and
	// its idle time replaces IdleTimeout. Nil enables every service and keeps
	// IdleTimeout.
	Central Central
	// StatusEvery is the polling interval; zero means 3 s, negative disables
	// polling (call RefreshStatus yourself, as tests do).
	StatusEvery time.Duration
	// Staff signs staff in and records what they do; nil (or one with no
	// accounts) disables staff entry.
	Staff StaffGuard
	// StaffIdle is the time from a staff member's last touch to the end of their
	// session (the staff screen closes, the session is wiped, a timeout is
	// audited), the warning included; zero means 2 minutes. It is in force from
	// sign-in to sign-out instead of IdleTimeout.
	StaffIdle time.Duration
	// KioskID, Mode and Version are shown on the staff screen.
	KioskID, Mode, Version string
	// Theme is the initial look.
	Theme theme.Options
	// OnScreen, if set, is told every screen change: the screen's name and, for
	// the home screen, the IDs of the service tiles shown (for logs; no personal
	// data ever passes here).
	OnScreen func(screen string, tiles []string)
	// Speech says the spoken guidance (see Speaker); nil means no speech mode
	// and no speech controls. When it is an AudioChecker and finds no audio
	// device, the controls are hidden and the staff screen says so.
	Speech speech.Engine
}

// Staff gesture: this many taps in the top-left corner within gestureWindow.
const (
	gestureTaps   = 5
	minIdleQuiet  = 10 * time.Second
	gestureWindow = 3 * time.Second
	cornerSize    = 72
)

// Shell is the running kiosk UI.
type Shell struct {
	w    fyne.Window
	opts Options

	lang   i18n.Lang
	th     theme.Options
	screen string
	flow   Flow
	body   fyne.CanvasObject // the flow's current screen

	kb    *keyboard.Keyboard
	timer *idle.Timer
	warn  *widget.PopUp
	warnL *rtl.Label

	status     snapshot
	statusView *fyne.Container
	strip      fyne.CanvasObject // the status strip, statusView on its background
	enabled    []string          // IDs of the flows on the home screen
	idleTotal  time.Duration     // the idle time in force, warning included

	cornerTaps []time.Time
	staffNote  string
	// The staff screen's status columns, refilled in place (fillStaff).
	staffSync, staffOut, staffDevs *fyne.Container
	// staffID is the staff member signed in, "" outside a staff session.
	staffID, staffName string

	speechOn bool             // speech mode, switched on by the person; off at session end
	muted    bool             // a redraw for a bar change: the screen is not said again
	volume   speech.Volume    // the person's volume step
	lastSaid speech.Utterance // what Repeat says
	// keyAnnounced is set while a key the keyboard has announced is delivered:
	// the flow's echo of it is not said again (see Echo).
	keyAnnounced bool
	// warnedAloud: this session has heard that what is typed is read aloud.
	warnedAloud bool
	// shows counts Show calls: a flow's Rebuild may show its screen itself.
	shows int

	atmS atmState // ATM mode: the card read at home (atmhome.go)

	stop chan struct{}
}

// New builds the shell in w (it sets the window content and the app theme).
// Call Start to show the attract screen.
func New(w fyne.Window, opts Options) *Shell {
	if opts.Lang == "" {
		opts.Lang = i18n.AR
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = 60 * time.Second
	}
	if opts.IdleWarning == 0 {
		opts.IdleWarning = 20 * time.Second
	}
	if opts.Theme.Scale == 0 {
		opts.Theme.Scale = theme.Normal
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.StatusEvery == 0 {
		opts.StatusEvery = 3 * time.Second
	}
	if opts.StaffIdle == 0 {
		opts.StaffIdle = 2 * time.Minute
	}
	s := &Shell{w: w, opts: opts, lang: opts.Lang, th: opts.Theme, stop: make(chan struct{}), volume: speech.DefaultVolume}
	s.kb = keyboard.New(w.Canvas(), s.lang, keyboard.None)
	s.kb.OnPress, s.kb.OnKey = s.announceKey, s.keyDone
	s.kb.OnResize = func() {
		if c := s.w.Content(); c != nil {
			c.Refresh()
		}
	}
	s.idleTotal = opts.IdleTimeout
	s.timer = idle.New(idle.Options{
		Timeout:  idleQuiet(opts.IdleTimeout, opts.IdleWarning),
		Warning:  opts.IdleWarning,
		Clock:    opts.Clock,
		OnWarn:   func(n int) { fyne.Do(func() { s.showWarning(n) }) },
		OnCancel: func() { fyne.Do(s.hideWarning) },
		OnWipe:   func() { fyne.Do(s.idleWipe) },
	})
	fyne.CurrentApp().Settings().SetTheme(theme.New(s.th))
	return s
}

// Start shows the attract screen, reads the status once and starts polling it.
func (s *Shell) Start() {
	s.collectAndApply()
	s.goAttract()
	if s.opts.StatusEvery > 0 {
		go s.poll()
	}
}

// Stop ends status polling and the idle timer.
func (s *Shell) Stop() {
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.timer.Stop()
}

// Screen returns the name of the screen shown (Screen* constants).
func (s *Shell) Screen() string { return s.screen }

// FlowID returns the ID of the running flow, or "".
func (s *Shell) FlowID() string {
	if s.flow == nil {
		return ""
	}
	return s.flow.ID()
}

// Lang implements Host.
func (s *Shell) Lang() i18n.Lang { return s.lang }

// Keyboard implements Host.
func (s *Shell) Keyboard() *keyboard.Keyboard { return s.kb }

// Window implements Host.
func (s *Shell) Window() fyne.Window { return s.w }

// Touch implements Host: it restarts the idle countdown.
func (s *Shell) Touch() { s.timer.Touch() }

// Show implements Host: it replaces the flow's content area. The keyboard is
// hidden until a Field on the new screen gains focus, so focus a field after Show.
func (s *Shell) Show(obj fyne.CanvasObject) {
	if s.flow == nil {
		return
	}
	s.body = obj
	s.shows++
	s.kb.SetTarget(nil)
	s.kb.SetKind(keyboard.None)
	s.setScreen(ScreenFlow, s.frame(ScreenFlow, obj))
	s.Touch()
	s.offerCard(false)
}

// Home implements Host: it ends the flow and shows the home screen — or, for a
// staff tool during a staff session, the staff screen.
func (s *Shell) Home() {
	s.endFlow()
	if s.staffID != "" {
		s.showStaff()
		return
	}
	if s.atm() && s.atmS.cardSeen {
		s.Wipe() // at an ATM a service done with the card ends the session
		return
	}
	s.goHome()
}

// SetLang switches language and rebuilds the current screen.
func (s *Shell) SetLang(l i18n.Lang) {
	s.lang = l
	s.kb.SetLang(l)
	s.Touch()
	s.rebuild()
}

// SetTheme applies a high-contrast or text-size choice and rebuilds the screen.
func (s *Shell) SetTheme(o theme.Options) {
	s.th = o
	fyne.CurrentApp().Settings().SetTheme(theme.New(o))
	s.Touch()
	s.quietRebuild()
}

// Wipe ends the session: the flow forgets its data, the keyboard its target, and
// the attract screen returns in the default language.
func (s *Shell) Wipe() {
	end := s.atmEnding() // before the session is forgotten
	s.hideWarning()
	s.endFlow()
	s.endStaff(staff.ActionSignOut)
	s.lang = s.opts.Lang
	s.kb.SetLang(s.lang)
	s.th = s.opts.Theme
	fyne.CurrentApp().Settings().SetTheme(theme.New(s.th))
	s.staffNote = ""
	s.stopSpeech()
	s.atmS = atmState{takeCard: end.remind}
	s.goAttract()
	s.atmEnded(end)
}

func (s *Shell) endFlow() {
	if w, ok := s.flow.(Wiper); ok {
		w.Wipe()
	}
	s.flow, s.body = nil, nil
	s.kb.SetTarget(nil)
	s.kb.SetKind(keyboard.None)
	s.w.Canvas().Unfocus()
}

func (s *Shell) rebuild() {
	switch s.screen {
	case ScreenAttract:
		s.goAttract()
	case ScreenLanguage:
		s.goLanguage()
	case ScreenHome:
		s.goHome()
	case ScreenStaffPIN:
		s.goStaffPIN()
	case ScreenStaff:
		s.goStaff()
	case ScreenStaffExit:
		s.goStaffExit()
	case ScreenFlow:
		f := s.flow
		if r, ok := f.(Rebuilder); ok {
			// A flow that showed the screen itself (to focus a field on it,
			// which a second Show would undo) is not shown it again.
			shows := s.shows
			if obj := r.Rebuild(s); s.shows == shows {
				s.Show(obj)
			}
			return
		}
		s.endFlow()
		s.startFlow(f)
	}
}

func (s *Shell) setScreen(name string, obj fyne.CanvasObject) {
	s.screen = name
	s.w.SetContent(obj)
	s.notify()
}

func (s *Shell) notify() {
	if s.opts.OnScreen == nil {
		return
	}
	var tiles []string
	if s.screen == ScreenHome {
		tiles = s.enabled
	}
	name := s.screen
	if s.screen == ScreenFlow && s.flow != nil {
		name += ":" + s.flow.ID()
	}
	s.opts.OnScreen(name, tiles)
}

// --- screens ---

func (s *Shell) goAttract() {
	if s.atm() {
		s.goATMAttract()
		return
	}
	s.timer.Stop()
	s.screen = ScreenAttract
	icon := canvas.NewImageFromResource(fyne.NewStaticResource("icon.png", assets.Icon))
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(200))
	ar := func(key string, heading bool) fyne.CanvasObject {
		l := rtl.NewLabel(i18n.AR, i18n.T(i18n.AR, key))
		l.Alignment = fyne.TextAlignCenter
		if heading {
			l.Bold, l.SizeName = true, fynetheme.SizeNameHeadingText
		}
		return l
	}
	en := func(key string, heading bool) fyne.CanvasObject {
		l := rtl.NewLabel(i18n.EN, i18n.T(i18n.EN, key))
		l.Alignment = fyne.TextAlignCenter
		if heading {
			l.Bold, l.SizeName = true, fynetheme.SizeNameSubHeadingText
		}
		return l
	}
	name := rtl.NewLabel(i18n.AR, i18n.T(i18n.AR, "app.name")+" · "+i18n.T(i18n.EN, "app.name"))
	name.Alignment, name.Bold, name.SizeName = fyne.TextAlignCenter, true, fynetheme.SizeNameHeadingText
	name.ColorName = fynetheme.ColorNamePrimary
	touch := rtl.NewPrimary(s.lang, i18n.T(i18n.AR, "attract.touch")+"  /  "+i18n.T(i18n.EN, "attract.touch"), s.goLanguage)
	middle := container.NewVBox(
		container.NewCenter(icon), name,
		ar("attract.title", true), en("attract.title", true),
		widget.NewSeparator(),
		container.NewCenter(touch),
	)
	if hear := s.hearButton(); hear != nil {
		// Under "touch to start"; a smaller logo keeps the screen within 800 px
		// at the largest text size.
		icon.SetMinSize(fyne.NewSquareSize(140))
		middle.Add(container.NewCenter(hear))
	}
	tapAnywhere := newTapArea(s.goLanguage)
	content := container.NewStack(tapAnywhere, container.NewCenter(middle))
	s.w.SetContent(s.withCorner(container.NewBorder(s.topBar(ScreenAttract, false), nil, nil, nil, content)))
	s.notify()
	s.speakAttract()
}

func (s *Shell) goLanguage() {
	s.timer.Start()
	s.Touch()
	pick := func(l i18n.Lang, label string) fyne.CanvasObject {
		b := rtl.NewPrimary(l, label, func() {
			s.lang = l
			s.kb.SetLang(l)
			s.goHome()
		})
		b.Label.SizeName = fynetheme.SizeNameHeadingText
		b.Label.Bold = true
		return container.NewGridWrap(fyne.NewSize(360, 140), b)
	}
	title := rtl.NewLabel(i18n.AR, i18n.T(i18n.AR, "lang.choose")+" / "+i18n.T(i18n.EN, "lang.choose"))
	title.Alignment, title.Bold, title.SizeName = fyne.TextAlignCenter, true, fynetheme.SizeNameSubHeadingText
	// Each language is named in its own script: the English catalogue's switch
	// button ("nav.language") names Arabic, the Arabic one's names English.
	body := container.NewCenter(container.NewVBox(title, layout.NewSpacer(),
		container.NewCenter(rtl.HBox(s.lang, pick(i18n.AR, i18n.T(i18n.EN, "nav.language")), container.NewGridWrap(fyne.NewSize(32, 1)), pick(i18n.EN, i18n.T(i18n.AR, "nav.language"))))))
	s.setScreen(ScreenLanguage, s.frame(ScreenLanguage, body))
	s.speakLanguage()
}

func (s *Shell) goHome() {
	if s.atm() {
		s.goATMHome()
		return
	}
	s.Touch()
	s.enabled = s.enabledFlows()
	var flows []Flow
	for _, f := range s.opts.Flows {
		if slices.Contains(s.enabled, f.ID()) {
			flows = append(flows, f)
		}
	}
	title := rtl.NewHeading(s.lang, i18n.T(s.lang, "home.title"))
	title.Alignment = fyne.TextAlignCenter
	var grid fyne.CanvasObject
	switch {
	case len(flows) == 0:
		msg := rtl.NewLabel(s.lang, i18n.T(s.lang, "home.none"))
		msg.Alignment, msg.Wrap = fyne.TextAlignCenter, true
		grid = msg
	case len(flows) > tilesPerRow && s.th.Scale > theme.Normal:
		grid = s.wideTiles(flows)
	default:
		grid = s.tallTiles(flows)
	}
	// The tiles scroll rather than push the window, and with it the screen's
	// edge, past the glass, should they ever need more than the screen.
	body := container.NewBorder(container.NewPadded(title), nil, nil, nil, container.NewVScroll(container.NewCenter(grid)))
	s.setScreen(ScreenHome, s.frame(ScreenHome, body))
	s.speakHome()
}

// tile is the home screen's button that starts f.
func (s *Shell) tile(f Flow) *rtl.Button {
	b := rtl.NewButton(s.lang, i18n.T(s.lang, f.TitleKey()), func() { s.startFlow(f) })
	b.Icon, b.Importance = f.Icon(), rtl.Primary
	b.Label.Wrap, b.Label.Bold = true, true
	b.Label.SizeName = fynetheme.SizeNameSubHeadingText
	return b
}

// tallTiles lays the tiles out as squares, icon above caption, up to
// tilesPerRow to a row: at the normal text size two rows fit the screen.
func (s *Shell) tallTiles(flows []Flow) fyne.CanvasObject {
	var tiles []fyne.CanvasObject
	width := float32(300)
	if len(flows) > 3 {
		width = tileWidth // narrower, so that four fit across
	}
	// Taller with larger text, and as tall as the tallest caption needs (two
	// Arabic lines at A need a few dp more than 220).
	height := 220 * max(1, float32(s.th.Scale))
	var buttons []*rtl.Button
	for _, f := range flows {
		b := s.tile(f)
		b.Tall = true
		b.Resize(fyne.NewSize(width, height)) // wraps the caption to the width
		height = max(height, b.MinSize().Height)
		buttons = append(buttons, b)
	}
	for _, b := range buttons {
		tiles = append(tiles, container.NewGridWrap(fyne.NewSize(width, height), b))
	}
	if len(tiles) <= tilesPerRow {
		return container.NewCenter(rtl.HBox(s.lang, spacedTiles(tiles)...))
	}
	// More tiles than fit across 1280 px go on further rows: one long row
	// would widen the window past the screen.
	var rows []fyne.CanvasObject
	for i := 0; i < len(tiles); i += tilesPerRow {
		if i > 0 {
			rows = append(rows, container.NewGridWrap(fyne.NewSize(1, 24)))
		}
		rows = append(rows, container.NewCenter(rtl.HBox(s.lang, spacedTiles(tiles[i:min(i+tilesPerRow, len(tiles))])...)))
	}
	return container.NewVBox(rows...)
}

// wideTiles lays more tiles than fit one row out at a larger text size: two
// columns of wide tiles, the icon beside the caption. Square tiles grown for
// the text put the second row below the fold; side by side, a caption takes
// one or two lines of a tile twice as wide, and eight tiles fit above it at
// A++ in both languages (TestHomeTilesAllShowAtEveryTextSize). The first
// tile is at the reading start of the first row.
func (s *Shell) wideTiles(flows []Flow) fyne.CanvasObject {
	var tiles []*rtl.Button
	height := float32(2 * theme.MinTouch) // never less, for an unsteady finger
	for _, f := range flows {
		b := s.tile(f)
		b.Wide = true
		b.Label.Alignment = fyne.TextAlignLeading
		if s.th.Scale >= theme.XLarge {
			// About 34 dp, as at A+ (and a quarter larger than at A): at
			// the sub-heading size of A++ an Arabic line is 85 dp tall, and
			// four rows of them do not fit under the title.
			b.Label.SizeName = fynetheme.SizeNameText
		}
		// Laid out at its width once, so that its height is known for the
		// caption wrapped to it.
		b.Resize(fyne.NewSize(wideTileWidth, height))
		height = max(height, b.MinSize().Height)
		tiles = append(tiles, b)
	}
	size := fyne.NewSize(wideTileWidth, height)
	var rows []fyne.CanvasObject
	for i := 0; i < len(tiles); i += 2 {
		row := []fyne.CanvasObject{container.NewGridWrap(size, tiles[i])}
		if i+1 < len(tiles) {
			row = append(row, container.NewGridWrap(size, tiles[i+1]))
		} else {
			row = append(row, container.NewGridWrap(size)) // the last tile keeps its column
		}
		rows = append(rows, rtl.HBox(s.lang, spacedTiles(row)...))
	}
	return container.NewVBox(rows...)
}

// Home tiles: up to three are 300 dp wide; more are tileWidth wide, so that
// four to a row with 24 dp gaps fit across the kiosk's 1280 px screen inside
// the frame's margins (144 dp), and two rows fit its height at the normal
// text size: eight services. At a larger text size more than four are wide
// tiles, two to a row, wideTileWidth wide, a padding apart.
const (
	tilesPerRow   = 4
	tileWidth     = 260
	wideTileWidth = (tilesPerRow*tileWidth + (tilesPerRow-2)*24) / 2
)

func spacedTiles(tiles []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, t := range tiles {
		if i > 0 {
			out = append(out, container.NewGridWrap(fyne.NewSize(24, 1)))
		}
		out = append(out, t)
	}
	return out
}

func (s *Shell) enabledFlows() []string {
	var ids []string
	for _, f := range s.opts.Flows {
		if e, ok := f.(Enabler); ok && !e.Enabled() {
			continue
		}
		if sv, ok := f.(Servicer); ok && s.opts.Central != nil && !s.status.services[sv.Service()] {
			continue
		}
		ids = append(ids, f.ID())
	}
	return ids
}

func (s *Shell) startFlow(f Flow) {
	s.flow = f
	s.Speak(speech.Say(tileKey(s.lang, f))) // a flow that speaks says its first screen over it
	s.Show(f.Start(s))
	s.offerCard(true)
}

// --- shared chrome ---

// frame wraps a screen body with the top bar, the keyboard panel (flows only) and
// the status strip, and the hidden staff corner. While a letter keyboard shows, the
// chrome shrinks (see frameLayout) so the field being typed in keeps its room.
func (s *Shell) frame(screen string, body fyne.CanvasObject) fyne.CanvasObject {
	fl := &frameLayout{kb: s.kb}
	s.strip = s.statusStrip()
	objs := []fyne.CanvasObject{s.topBar(screen, false), s.topBar(screen, true), body, s.strip}
	if screen == ScreenFlow {
		fl.withKeyboard = true
		objs = append(objs, container.NewPadded(s.kb))
	}
	return s.withCorner(container.New(fl, objs...))
}

// frameLayout stacks top bar, body, keyboard and status strip. With a letter
// keyboard up (it takes about half the screen) it swaps in the compact top bar,
// hides the status strip and trims the body's padding: at 1280×800 that is the
// difference between seeing a labelled field and seeing a 47 px strip of one.
//
// Objects: full top bar, compact top bar, body, status strip, [padded keyboard].
type frameLayout struct {
	kb           *keyboard.Keyboard
	withKeyboard bool
}

func (l *frameLayout) compact() bool {
	return l.withKeyboard && l.kb.Visible() && l.kb.Kind().Compact()
}

// padding returns the body's vertical and horizontal padding.
func (l *frameLayout) padding() (v, h float32) {
	pad := fynetheme.Padding() * 3
	if l.compact() {
		return fynetheme.Padding(), pad * 2
	}
	return pad, pad * 2
}

func (l *frameLayout) parts(objs []fyne.CanvasObject) (top, body, status, kb fyne.CanvasObject) {
	top, body, status = objs[0], objs[2], objs[3]
	if l.compact() {
		top = objs[1]
	}
	if l.withKeyboard && l.kb.Visible() {
		kb = objs[4]
	}
	return top, body, status, kb
}

// gap is the space between the frame's parts: none in compact mode, otherwise
// the theme padding a Border and a VBox would put there.
func (l *frameLayout) gap() float32 {
	if l.compact() {
		return 0
	}
	return fynetheme.Padding()
}

func (l *frameLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, body, status, kb := l.parts(objs)
	for i, o := range objs {
		if i != 2 && o != top && o != kb && (o != status || l.compact()) {
			o.Hide()
		} else {
			o.Show()
		}
	}
	g := l.gap()
	th := top.MinSize().Height
	top.Move(fyne.NewPos(0, 0))
	top.Resize(fyne.NewSize(size.Width, th))
	y := th + g
	bottom := size.Height
	if !l.compact() {
		sh := status.MinSize().Height
		bottom -= sh
		status.Move(fyne.NewPos(0, bottom))
		status.Resize(fyne.NewSize(size.Width, sh))
		bottom -= g
	}
	if kb != nil {
		kh := kb.MinSize().Height
		bottom -= kh
		kb.Move(fyne.NewPos(0, bottom))
		kb.Resize(fyne.NewSize(size.Width, kh))
	}
	if !l.compact() && kb != nil {
		bottom -= g
	}
	v, h := l.padding()
	body.Move(fyne.NewPos(h, y+v))
	body.Resize(fyne.NewSize(max(size.Width-2*h, 0), max(bottom-y-2*v, 0)))
}

func (l *frameLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	top, body, status, kb := l.parts(objs)
	v, h := l.padding()
	g := l.gap()
	bm := body.MinSize()
	w := max(top.MinSize().Width, bm.Width+2*h)
	ht := top.MinSize().Height + g + bm.Height + 2*v
	if !l.compact() {
		w = max(w, status.MinSize().Width)
		ht += status.MinSize().Height + g
	}
	if kb != nil {
		w = max(w, kb.MinSize().Width)
		ht += kb.MinSize().Height + g
	}
	return fyne.NewSize(w, ht)
}

func (s *Shell) withCorner(obj fyne.CanvasObject) fyne.CanvasObject {
	corner := newTapArea(s.cornerTapped)
	pinned := container.NewWithoutLayout(corner)
	corner.Resize(fyne.NewSquareSize(cornerSize))
	return container.NewStack(obj, pinned)
}

// topBar is the brand and the language and accessibility buttons. The compact bar,
// shown over a letter keyboard, has the same buttons with smaller captions and
// no padding: still touch targets, about 30 px less height.
func (s *Shell) topBar(screen string, compact bool) fyne.CanvasObject {
	brand := rtl.NewLabel(s.lang, i18n.T(s.lang, "app.name"))
	brand.Bold, brand.SizeName, brand.ColorName = true, fynetheme.SizeNameSubHeadingText, theme.ColorNameOnBar
	var controls []fyne.CanvasObject
	if screen != ScreenAttract && screen != ScreenLanguage {
		other := i18n.EN
		if s.lang == i18n.EN {
			other = i18n.AR
		}
		lb := rtl.NewButton(other, i18n.T(s.lang, "nav.language"), func() { s.SetLang(other) })
		controls = append(controls, lb)
	}
	contrast := rtl.NewButton(s.lang, i18n.T(s.lang, "a11y.contrast"), func() {
		o := s.th
		o.HighContrast = !o.HighContrast
		s.SetTheme(o)
	})
	if s.th.HighContrast {
		contrast.Importance = rtl.Primary
	}
	size := rtl.NewButton(s.lang, i18n.T(s.lang, "a11y.text")+" "+i18n.T(s.lang, scaleKey(nextScale(s.th.Scale))), func() {
		o := s.th
		o.Scale = nextScale(o.Scale)
		s.SetTheme(o)
	})
	controls = append(controls, size, contrast)
	controls = append(controls, s.speechControls()...)
	if compact {
		brand.SizeName = fynetheme.SizeNameText
		for _, c := range controls {
			c.(*rtl.Button).Label.SizeName = fynetheme.SizeNameCaptionText
		}
	}
	bg := canvas.NewRectangle(fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBar, fyne.CurrentApp().Settings().ThemeVariant()))
	var start, end fyne.CanvasObject = container.NewCenter(brand), rtl.HBox(s.lang, controls...)
	if s.lang.RTL() {
		start, end = end, start
	}
	// Keep clear of the physical top-left corner: it is the hidden staff gesture.
	gap := container.NewGridWrap(fyne.NewSize(cornerSize, 1))
	row := container.NewBorder(nil, nil, container.NewHBox(gap, start), container.NewHBox(end, container.NewGridWrap(fyne.NewSize(16, 1))), layout.NewSpacer())
	if compact {
		return container.NewStack(bg, row)
	}
	return container.NewStack(bg, container.NewPadded(row))
}

func nextScale(cur theme.TextScale) theme.TextScale {
	i := slices.Index(theme.Scales, cur)
	return theme.Scales[(i+1)%len(theme.Scales)]
}

func scaleKey(t theme.TextScale) string {
	switch t {
	case theme.Large:
		return "a11y.text.large"
	case theme.XLarge:
		return "a11y.text.xlarge"
	}
	return "a11y.text.normal"
}

// --- idle warning ---

func (s *Shell) showWarning(secondsLeft int) {
	text := i18n.Tf(s.lang, "idle.body", secondsLeft)
	if s.warn != nil {
		s.warnL.SetText(text)
		return
	}
	s.warnL = rtl.NewLabel(s.lang, text)
	s.warnL.Alignment, s.warnL.Wrap = fyne.TextAlignCenter, true
	title := rtl.NewHeading(s.lang, i18n.T(s.lang, "idle.title"))
	title.Alignment = fyne.TextAlignCenter
	// "More time" is the one big target (WCAG 2.2.1: a simple action extends the
	// time); ending now is a small button below it, apart.
	more := rtl.NewPrimary(s.lang, i18n.T(s.lang, "idle.more"), s.Touch)
	more.Label.Bold, more.Label.SizeName = true, fynetheme.SizeNameHeadingText
	end := rtl.NewButton(s.lang, i18n.T(s.lang, "idle.end"), s.Wipe)
	end.Importance = rtl.Danger
	box := container.NewVBox(title, container.NewGridWrap(fyne.NewSize(560, 90), s.warnL),
		container.NewGridWrap(fyne.NewSize(560, warnMoreHeight), more),
		container.NewGridWrap(fyne.NewSize(1, 16)),
		container.NewCenter(container.NewGridWrap(fyne.NewSize(260, end.MinSize().Height), end)))
	s.warn = widget.NewModalPopUp(container.NewPadded(box), s.w.Canvas())
	s.warn.Show()
	s.Echo(speech.Say("speech.idle"))
}

func (s *Shell) hideWarning() {
	if s.warn != nil {
		s.warn.Hide()
		s.warn, s.warnL = nil, nil
	}
}

// warnMoreHeight is the height of the warning's "more time" button: a target an
// unsteady hand hits at once.
const warnMoreHeight = 120

// idleQuiet is the quiet time before the warning when total runs from the last
// touch to the wipe, warning included.
func idleQuiet(total, warning time.Duration) time.Duration {
	return max(total-warning, minIdleQuiet)
}

// applyIdle puts central's idle time in force when it sets one and it changed.
func (s *Shell) applyIdle(central time.Duration) {
	total := s.opts.IdleTimeout
	if central > 0 {
		total = central
	}
	if total == s.idleTotal {
		return
	}
	s.idleTotal = total
	if s.staffID != "" {
		return // StaffIdle is in force until the staff session ends
	}
	s.timer.SetDurations(idleQuiet(total, s.opts.IdleWarning), s.opts.IdleWarning)
}

// IdleTimeout returns the idle time in force, from the last touch to the wipe.
func (s *Shell) IdleTimeout() time.Duration {
	if s.staffID != "" {
		return s.opts.StaffIdle
	}
	return s.idleTotal
}

// WarningShown reports whether the idle warning is on screen.
func (s *Shell) WarningShown() bool { return s.warn != nil }

// --- tap area ---

// tapArea is an invisible tappable region (attract "touch anywhere", staff corner).
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func newTapArea(f func()) *tapArea {
	t := &tapArea{onTap: f}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
