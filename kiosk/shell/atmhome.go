package shell

import (
	"errors"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/speech"
)

// ModeATM is Options.Mode inside a bank ATM: the attract and home screens are
// made for the bank card (see the package doc, "ATM mode").
const ModeATM = "atm"

// CardTaker is implemented by flows that take the bank card from the card
// reader (a device manager CardInserted event): on the ATM home they are the
// services "with your card", and a card read at home is handed to them. A
// flow ignores a card it cannot use on its current screen.
type CardTaker interface {
	CardInserted(c *magstripe.Card, err error)
}

// CardWanter refines CardTaker for flows whose card screen is not their first
// (the change of mobile number asks first whether the old SIM is lost): the
// card read at home waits in the shell until WantsCard is true after one of the
// flow's screens is shown. A CardTaker without it gets the card right after
// Start.
type CardWanter interface {
	WantsCard() bool
}

// atmState is the ATM home's part of a session.
type atmState struct {
	card     *magstripe.Card // read at home, not yet handed to a flow
	cardErr  string          // i18n key of the last bad card at home
	cardSeen bool            // a card was read this session: its end says "take your card"
	takeCard bool            // the attract screen reminds the last person of their card
}

func (s *Shell) atm() bool { return s.opts.Mode == ModeATM }

// CardProblem is the i18n key of what is wrong with a swipe from the card
// reader (a manager CardInserted event), "" for a card that can prove its
// holder: unreadable (garbage, half a track), not a bank card this kiosk takes,
// or expired at now. The ATM home and every service that takes a card use it.
func CardProblem(c *magstripe.Card, err error, now time.Time) string {
	var me *magstripe.Error
	switch {
	case errors.As(err, &me) && (me.Code == magstripe.CodePAN || me.Code == magstripe.CodeExpiry):
		return "atm.card.unsupported"
	case err != nil || c == nil:
		return "atm.card.unreadable"
	case c.Expired(now):
		return "atm.card.expired"
	}
	return ""
}

// CardInserted takes a swipe from the card reader while no service runs, in ATM
// mode, and reports whether it did (otherwise the caller hands the card to the
// running flow, and the session's end still says "take your card"). On the attract screen a good card starts the session (the
// language choice comes next); on the language choice and the home it is kept
// for the service the person then chooses on the home, which gets it already
// read. A bad card is explained on the attract screen (in both languages) or
// the home. Call it on the Fyne goroutine.
func (s *Shell) CardInserted(c *magstripe.Card, err error) bool {
	if !s.atm() || s.staffID != "" {
		return false
	}
	if s.flow != nil {
		// The running service's card; the session's end reminds the person
		// of it all the same.
		s.atmS.cardSeen = true
		return false
	}
	switch s.screen {
	case ScreenAttract, ScreenLanguage, ScreenHome:
	default:
		return false
	}
	s.atmS.takeCard = false
	if s.atmS.cardErr = CardProblem(c, err, s.opts.Now()); s.atmS.cardErr != "" {
		s.atmS.card = nil
	} else {
		s.atmS.card, s.atmS.cardSeen = c, true
	}
	switch {
	case s.screen == ScreenAttract && s.atmS.card != nil:
		s.goLanguage()
	case s.screen == ScreenAttract:
		s.goAttract()
	default:
		// On the language choice too: the card is the start, and the home
		// (in the language so far, switchable in the top bar) shows what
		// became of it.
		s.goHome()
	}
	if s.atmS.cardErr != "" {
		s.Speak(speech.Say(speechCardKey(s.atmS.cardErr), "speech.atmhome.again"))
	}
	return true
}

// HeldCard reports whether a card read at home waits for a service, for tests.
func (s *Shell) HeldCard() bool { return s.atmS.card != nil }

// offerCard hands the card read at home to the running flow when it can take
// it: right after Start (started), or, for a CardWanter, once it wants it.
// Starting a flow that takes no card forgets it: the PAN is not kept longer
// than a service needs it.
func (s *Shell) offerCard(started bool) {
	c := s.atmS.card
	if c == nil || s.flow == nil {
		return
	}
	ct, ok := s.flow.(CardTaker)
	if !ok {
		s.atmS.card = nil
		return
	}
	if w, ok := s.flow.(CardWanter); ok {
		if !w.WantsCard() {
			return
		}
	} else if !started {
		return
	}
	s.atmS.card = nil // before the call: the flow's next screen must not offer it again
	ct.CardInserted(c, nil)
}

// atmEnding is what the end of an ATM session needs from the session it ends.
type atmEnding struct {
	remind bool // a card was read: "take your card"
	speak  bool // speech was on: say it too
	lang   i18n.Lang
	vol    speech.Volume
}

// atmEnding is taken by Wipe before it forgets the session.
func (s *Shell) atmEnding() atmEnding {
	r := s.atm() && s.atmS.cardSeen
	return atmEnding{remind: r, speak: r && s.speechOn, lang: s.lang, vol: s.volume}
}

// atmEnded says "take your card" in the person's language at the end of a
// session in which a card was read, when speech was on; speech mode itself
// has ended with the session.
func (s *Shell) atmEnded(e atmEnding) {
	if !e.speak || s.opts.Speech == nil {
		return
	}
	s.speechOn, s.volume = true, e.vol
	u := speech.Say("speech.atmhome.take_card")
	u.Lang = e.lang
	s.say(u)
	s.speechOn, s.volume = false, speech.DefaultVolume
}

// atmStart starts a session from the ATM's attract screen by a touch: the
// reminder for the last person goes.
func (s *Shell) atmStart() {
	s.atmS.takeCard, s.atmS.cardErr = false, ""
	s.goLanguage()
}

// goATMAttract is the attract screen of an ATM: the card reader is the way in.
// A picture of the card going into the reader and "insert your bank card" in
// both languages come first; a touch also starts (for the services without a
// card). After a session with a card it reminds the person to take it.
func (s *Shell) goATMAttract() {
	s.timer.Stop()
	s.screen = ScreenAttract
	both := func(key string, size fyne.ThemeSizeName, bold bool, colour fyne.ThemeColorName) fyne.CanvasObject {
		box := container.NewVBox()
		for _, l := range []i18n.Lang{i18n.AR, i18n.EN} {
			lb := rtl.NewLabel(l, i18n.T(l, key))
			lb.Alignment, lb.Wrap, lb.Bold, lb.SizeName, lb.ColorName = fyne.TextAlignCenter, true, bold, size, colour
			box.Add(lb)
		}
		return box
	}
	middle := container.NewVBox()
	if s.atmS.takeCard {
		middle.Add(s.atmBanner(both("atmhome.take_card", fynetheme.SizeNameSubHeadingText, true, "")))
	}
	// The picture beside "insert your bank card", so the screen keeps within
	// 800 px at the largest text size, with the reminder above.
	pic := container.NewCenter(container.NewGridWrap(fyne.NewSize(200, 130), NewCardPicture()))
	insert := container.New(widthLayout{820}, both("atmhome.attract.insert", fynetheme.SizeNameHeadingText, true, fynetheme.ColorNamePrimary))
	middle.Add(container.NewCenter(rtl.HBox(s.lang, pic, container.NewGridWrap(fyne.NewSize(24, 1)), container.NewCenter(insert))))
	middle.Add(both("atmhome.attract.how", fynetheme.SizeNameText, false, ""))
	if s.atmS.cardErr != "" {
		middle.Add(both(s.atmS.cardErr, fynetheme.SizeNameSubHeadingText, true, fynetheme.ColorNameError))
	}
	middle.Add(widget.NewSeparator())
	touch := rtl.NewButton(s.lang, i18n.T(i18n.AR, "atmhome.attract.touch")+"  /  "+i18n.T(i18n.EN, "atmhome.attract.touch"), s.atmStart)
	middle.Add(container.NewCenter(touch))
	if hear := s.hearButton(); hear != nil {
		middle.Add(container.NewCenter(hear))
	}
	content := container.NewStack(newTapArea(s.atmStart), container.NewCenter(container.New(widthLayout{1100}, middle)))
	s.w.SetContent(s.withCorner(container.NewBorder(s.topBar(ScreenAttract, false), nil, nil, nil, content)))
	s.notify()
	s.Speak(speech.Utterance{Parts: []speech.Part{
		{Key: "speech.atmhome.attract", Lang: i18n.AR}, {Key: "speech.atmhome.attract", Lang: i18n.EN}}})
}

// atmBanner sets obj on a band of the theme's primary colour, so the reminder
// stands out from the rest of the screen.
func (s *Shell) atmBanner(obj fyne.CanvasObject) fyne.CanvasObject {
	th, v := fyne.CurrentApp().Settings().Theme(), fyne.CurrentApp().Settings().ThemeVariant()
	bg := canvas.NewRectangle(th.Color(fynetheme.ColorNameHover, v))
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = th.Color(fynetheme.ColorNamePrimary, v), 3, 8
	return container.NewStack(bg, container.NewPadded(obj))
}

// goATMHome is the home of an ATM. Without a card read: "insert your bank
// card" with its picture first, then the services that work with the card,
// then the others. With one: the masked card and "choose a service", the
// card's services first, and "finish" to end the session. A bad card's
// message is on the home itself.
func (s *Shell) goATMHome() {
	s.Touch()
	s.enabled = s.enabledFlows()
	lang := s.lang
	// Taller with larger text, which would otherwise run out of the tile (the
	// width stays, so three still fit across; the page scrolls).
	grow := max(1, float32(s.th.Scale))
	var withCard, without []fyne.CanvasObject
	var cardTiles []*rtl.Button
	for _, f := range s.opts.Flows {
		if !slices.Contains(s.enabled, f.ID()) {
			continue
		}
		_, card := f.(CardTaker)
		b := rtl.NewButton(lang, i18n.T(lang, f.TitleKey()), func() { s.startFlow(f) })
		b.Icon, b.Label.Bold = f.Icon(), true
		if card {
			// The card's services are tiles; the others, second, are plain
			// buttons on one row with their name: an ATM's seven services fit
			// 800 px without scrolling.
			b.Tall, b.Importance, b.Label.Wrap = true, rtl.Primary, true
			withCard = append(withCard, container.NewGridWrap(fyne.NewSize(atmTileWidth, 116*grow), b))
			cardTiles = append(cardTiles, b)
		} else {
			without = append(without, container.NewGridWrap(fyne.NewSize(max(260, b.MinSize().Width), 64*grow), b))
		}
	}
	if slices.ContainsFunc(cardTiles, captionWraps) {
		// Then every tile has its icon beside its name, which wraps there.
		for _, b := range cardTiles {
			b.Tall, b.Wide = false, true
		}
	}
	body := container.NewVBox()
	if c := s.atmS.card; c != nil {
		read := rtl.NewHeading(lang, i18n.Tf(lang, "atmhome.card.read", "\u200e"+c.Masked()+"\u200e"))
		read.Alignment, read.Wrap = fyne.TextAlignCenter, true
		body.Add(read)
	} else {
		title := rtl.NewHeading(lang, i18n.T(lang, "atmhome.insert"))
		title.Alignment = fyne.TextAlignCenter
		how := rtl.NewLabel(lang, i18n.T(lang, "atmhome.how"))
		how.Alignment, how.Wrap = fyne.TextAlignCenter, true
		pic := container.NewGridWrap(fyne.NewSize(200, 130), NewCardPicture())
		text := container.New(widthLayout{700}, container.NewVBox(title, how))
		body.Add(container.NewCenter(rtl.HBox(lang, pic, container.NewGridWrap(fyne.NewSize(24, 1)), text)))
	}
	if s.atmS.cardErr != "" {
		e := rtl.NewLabel(lang, "⚠ "+i18n.T(lang, s.atmS.cardErr))
		e.Alignment, e.Wrap, e.Bold, e.ColorName = fyne.TextAlignCenter, true, true, fynetheme.ColorNameError
		body.Add(e)
	}
	section := func(key string, tiles []fyne.CanvasObject) {
		if len(tiles) == 0 {
			return
		}
		h := rtl.NewLabel(lang, i18n.T(lang, key))
		h.Bold, h.SizeName = true, fynetheme.SizeNameSubHeadingText
		body.Add(h)
		for i := 0; i < len(tiles); i += atmTilesPerRow {
			body.Add(container.NewCenter(rtl.HBox(lang, spacedTiles(tiles[i:min(i+atmTilesPerRow, len(tiles))])...)))
		}
	}
	section("atmhome.with_card", withCard)
	if len(without) > 0 {
		h := rtl.NewLabel(lang, i18n.T(lang, "atmhome.without_card"))
		h.Bold, h.SizeName = true, fynetheme.SizeNameSubHeadingText
		row := append([]fyne.CanvasObject{container.NewCenter(h), container.NewGridWrap(fyne.NewSize(24, 1))}, spacedTiles(without)...)
		body.Add(container.NewCenter(rtl.HBox(lang, row...)))
	}
	if len(withCard)+len(without) == 0 {
		msg := rtl.NewLabel(lang, i18n.T(lang, "home.none"))
		msg.Alignment, msg.Wrap = fyne.TextAlignCenter, true
		body.Add(msg)
	}
	var bottom fyne.CanvasObject
	if s.atmS.card != nil {
		// The card is read: ending here is the one other thing to do.
		finish := rtl.NewButton(lang, i18n.T(lang, "atmhome.finish"), s.Wipe)
		finish.Icon = fynetheme.LogoutIcon()
		bottom = container.NewCenter(container.NewGridWrap(fyne.NewSize(360, finish.MinSize().Height), finish))
	}
	// Room on both sides for the scroll bar, which shows at larger text sizes
	// and would lie over the section names at the reading start.
	p, bar := fynetheme.Padding(), fynetheme.Size(fynetheme.SizeNameScrollBar)
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(p, p, 2*p+bar, 2*p+bar), body))
	s.setScreen(ScreenHome, s.frame(ScreenHome, container.NewBorder(nil, bottom, nil, nil, scroll)))
	s.speakATMHome(withCard != nil, without != nil)
}

// ATM home tiles: three across fit 1280 px with their gaps inside the frame's
// margins; the two sections and the card line fit 800 px at the normal text
// size (larger text scrolls).
const (
	atmTilesPerRow = 3
	atmTileWidth   = 330
)

// captionWraps reports whether a tile's name takes more than one line under
// its icon: English names ("Activate your account with your bank card") do,
// and two lines under the icon run out of the tile, white on the page.
func captionWraps(b *rtl.Button) bool {
	th := fyne.CurrentApp().Settings().Theme()
	one := fyne.MeasureText(b.Label.Text, th.Size(fynetheme.SizeNameText), fyne.TextStyle{Bold: true})
	return one.Width > atmTileWidth-2*th.Size(fynetheme.SizeNameInnerPadding)
}

// speakATMHome says what the ATM home is for (insert the card, or, with the
// card read, choose a service) and names its services in reading order.
func (s *Shell) speakATMHome(withCard, without bool) {
	key := "speech.atmhome.insert"
	if s.atmS.card != nil {
		key = "speech.atmhome.card_read"
	}
	u := speech.Say(key)
	if s.atmS.cardErr != "" {
		u = speech.Say(speechCardKey(s.atmS.cardErr), "speech.atmhome.again")
	}
	for _, part := range []struct {
		on   bool
		key  string
		card bool
	}{{withCard, "speech.atmhome.with_card", true}, {without, "speech.atmhome.without_card", false}} {
		if !part.on {
			continue
		}
		u = u.Then(part.key)
		for _, f := range s.opts.Flows {
			if _, card := f.(CardTaker); card == part.card && slices.Contains(s.enabled, f.ID()) {
				u = u.Then(tileKey(s.lang, f))
			}
		}
	}
	if s.atmS.card != nil {
		u = u.Then("speech.atmhome.finish")
	}
	s.Speak(u)
}

// speechCardKey is the spoken prompt of a bad card's text key ("atm.card.x"):
// "speech.atm.card.x", the card services' own.
func speechCardKey(key string) string { return speech.KeyPrefix + key }

// widthLayout gives its one object a fixed width and the height it needs at
// that width: wrapped text knows its height only once it knows its width.
type widthLayout struct{ width float32 }

func (l widthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(l.width, size.Height))
	}
}

func (l widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if o.Size().Width != l.width {
			o.Resize(fyne.NewSize(l.width, o.MinSize().Height)) // lays the text out at the width
		}
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(l.width, h)
}
