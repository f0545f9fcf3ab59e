package shell

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/kiosk/theme"
)

// cardFlow is a service that takes the bank card: it keeps what it was handed.
// With wanter set it is a CardWanter whose card screen comes after its first
// (ToCard shows it).
type cardFlow struct {
	fakeFlow
	h      Host
	wanter bool
	atCard bool
	cards  []*magstripe.Card
}

func (f *cardFlow) Start(h Host) fyne.CanvasObject {
	f.h, f.atCard = h, !f.wanter
	return rtl.NewLabel(h.Lang(), "first screen of "+f.id)
}

func (f *cardFlow) CardInserted(c *magstripe.Card, err error) {
	if f.atCard && err == nil {
		f.cards = append(f.cards, c)
	}
}

// ToCard shows the flow's card screen.
func (f *cardFlow) ToCard() { f.atCard = true; f.h.Show(rtl.NewLabel(f.h.Lang(), "card screen")) }

// wanting is a cardFlow that says when it wants the card.
type wanting struct{ *cardFlow }

func (f wanting) WantsCard() bool { return f.atCard }

// atmKit is the shell in ATM mode at 1280×800 with a service by card, one
// whose card screen comes later, and one without a card.
type atmKit struct {
	t                *testing.T
	s                *Shell
	w                fyne.Window
	activate, mobile *cardFlow
	status           *fakeFlow
	clock            *fakeClock
	rec              *speechtest.Recorder
	now              time.Time
}

func newATMKit(t *testing.T, lang i18n.Lang) *atmKit {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1280, 800))
	k := &atmKit{t: t, w: w, clock: &fakeClock{}, rec: &speechtest.Recorder{}, now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC),
		activate: &cardFlow{fakeFlow: fakeFlow{id: "activate", enabled: true}},
		mobile:   &cardFlow{fakeFlow: fakeFlow{id: "mobile", enabled: true}, wanter: true},
		status:   &fakeFlow{id: "status", enabled: true}}
	k.s = New(w, Options{Flows: []Flow{k.activate, wanting{k.mobile}, k.status}, Lang: lang, Mode: ModeATM,
		StatusEvery: -1, Clock: k.clock, Speech: k.rec, Now: func() time.Time { return k.now }})
	t.Cleanup(k.s.Stop)
	k.s.Start()
	return k
}

// card is a bank card as the reader reads it, expiring yymm.
func card(t *testing.T, serial int, yymm string) *magstripe.Card {
	t.Helper()
	c, err := magstripe.Parse([]byte(magstripe.Track2(cardreadersim.TestPAN("400000", serial), yymm, "201", "", false)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hasText reports whether a label on screen reads text.
func (k *atmKit) hasText(text string) bool {
	_, ok := screentest.Find(k.w.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	return ok
}

func (k *atmKit) expectKey(lang i18n.Lang, key string, args ...any) {
	k.t.Helper()
	text := i18n.Tf(lang, key, args...)
	if !k.hasText(text) {
		k.t.Fatalf("%s: %q (%s) is not on the %s screen", lang, text, key, k.s.Screen())
	}
}

// snap writes a PNG of the screen when BAWABA_SCREENSHOTS names a directory.
func (k *atmKit) snap(name string) {
	k.t.Helper()
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("atmhome_%s_%s.png", k.s.Lang(), name)))
	if err != nil {
		k.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, k.w.Canvas().Capture()); err != nil {
		k.t.Fatal(err)
	}
}

// TestATMCardFirst: at an ATM the card is the way in. Inserted on the attract
// screen it starts the session; the home says it is read and lists the
// services by card first; the chosen service gets it already read; the
// service's end ends the session with "take your card".
func TestATMCardFirst(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			k := newATMKit(t, i18n.AR)
			if k.s.Screen() != ScreenAttract {
				t.Fatalf("screen %s", k.s.Screen())
			}
			k.expectKey(i18n.AR, "atmhome.attract.insert")
			k.expectKey(i18n.EN, "atmhome.attract.insert")
			if _, ok := screentest.Find(k.w.Canvas(), func(*CardPicture) bool { return true }); !ok {
				t.Fatal("no picture of the card on the attract screen")
			}
			k.snap("attract")
			c := card(t, 7, "3012")
			if !k.s.CardInserted(c, nil) || k.s.Screen() != ScreenLanguage || !k.s.HeldCard() {
				t.Fatalf("a card on the attract screen: screen %s, held %v", k.s.Screen(), k.s.HeldCard())
			}
			test.Tap(find(t, k.w.Canvas(), map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[lang]))
			if k.s.Screen() != ScreenHome || k.s.Lang() != lang {
				t.Fatalf("screen %s in %s", k.s.Screen(), k.s.Lang())
			}
			k.expectKey(lang, "atmhome.card.read", "\u200e"+c.Masked()+"\u200e")
			k.expectKey(lang, "atmhome.with_card")
			k.expectKey(lang, "atmhome.without_card")
			if pan := cardreadersim.TestPAN("400000", 7); k.hasText(pan) || k.hasText(pan[6:12]) {
				t.Fatal("the card number is shown unmasked")
			}
			k.snap("home_card")
			test.Tap(find(t, k.w.Canvas(), i18n.T(lang, "service.activate")))
			if k.s.FlowID() != "activate" || len(k.activate.cards) != 1 || k.activate.cards[0] != c || k.s.HeldCard() {
				t.Fatalf("the service did not get the card read at home: flow %q, cards %d, held %v", k.s.FlowID(), len(k.activate.cards), k.s.HeldCard())
			}
			k.s.Home() // the service is done
			if k.s.Screen() != ScreenAttract || k.s.Lang() != i18n.AR || k.activate.wiped == 0 {
				t.Fatalf("after the service: screen %s in %s, wiped %d", k.s.Screen(), k.s.Lang(), k.activate.wiped)
			}
			k.expectKey(i18n.AR, "atmhome.take_card")
			k.expectKey(i18n.EN, "atmhome.take_card")
			k.snap("take_card")
			// A touch starts the next session without the reminder.
			test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "atmhome.attract.touch")))
			if k.s.Screen() != ScreenLanguage {
				t.Fatalf("touch: screen %s", k.s.Screen())
			}
			k.s.Wipe()
			if k.hasText(i18n.T(i18n.EN, "atmhome.take_card")) {
				t.Fatal("the reminder outlived a session without a card")
			}
		})
	}
}

// TestATMBadCards: an unreadable swipe, half a track, an unsupported and an
// expired card are each explained where they were swiped, and start nothing.
func TestATMBadCards(t *testing.T) {
	half, halfErr := magstripe.Parse([]byte(";4000000000000"))
	unsupported, unsupportedErr := magstripe.Parse([]byte(magstripe.Track2("40000000002", "3012", "201", "", false)))
	cases := []struct {
		name string
		card *magstripe.Card
		err  error
		key  string
	}{
		{"when the reader reports a read error, the card is unreadable", nil, &magstripe.Error{Code: magstripe.CodeRead, Track: 2}, "atm.card.unreadable"},
		{"when half a track arrives, the card is unreadable", half, halfErr, "atm.card.unreadable"},
		{"when the number is too short for a bank card, it is not supported", unsupported, unsupportedErr, "atm.card.unsupported"},
		{"when the card has expired, it says so", card(t, 8, "2611"), nil, "atm.card.expired"},
	}
	for _, lang := range i18n.Langs {
		for _, c := range cases {
			t.Run(string(lang)+": "+c.name, func(t *testing.T) {
				k := newATMKit(t, lang)
				k.s.CardInserted(c.card, c.err)
				if k.s.Screen() != ScreenAttract || k.s.HeldCard() {
					t.Fatalf("a bad card on the attract screen: screen %s, held %v", k.s.Screen(), k.s.HeldCard())
				}
				k.expectKey(i18n.AR, c.key)
				k.expectKey(i18n.EN, c.key)
				test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "atmhome.attract.touch")))
				test.Tap(find(t, k.w.Canvas(), map[i18n.Lang]string{i18n.AR: "العربية", i18n.EN: "English"}[lang]))
				k.expectKey(lang, "atmhome.insert")
				k.s.CardInserted(c.card, c.err)
				if k.s.Screen() != ScreenHome || k.s.HeldCard() {
					t.Fatalf("a bad card on the home: screen %s, held %v", k.s.Screen(), k.s.HeldCard())
				}
				k.expectKey(lang, c.key)
				if c.key == "atm.card.expired" {
					k.snap("bad_card")
				}
				// A good card then takes its place.
				k.s.CardInserted(card(t, 9, "3012"), nil)
				if !k.s.HeldCard() || k.hasText(i18n.T(lang, c.key)) {
					t.Fatalf("a good card after a bad one: held %v", k.s.HeldCard())
				}
			})
		}
	}
}

// TestATMCardWaitsForItsScreen: a service whose card screen is not its first
// gets the card read at home when it shows that screen; one that takes no card
// makes the shell forget it.
func TestATMCardWaitsForItsScreen(t *testing.T) {
	k := newATMKit(t, i18n.EN)
	k.s.goLanguage()
	test.Tap(find(t, k.w.Canvas(), "English"))
	c := card(t, 7, "3012")
	k.s.CardInserted(c, nil)
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "service.mobile")))
	if len(k.mobile.cards) != 0 || !k.s.HeldCard() {
		t.Fatalf("handed before the card screen: %d, held %v", len(k.mobile.cards), k.s.HeldCard())
	}
	k.mobile.ToCard()
	if len(k.mobile.cards) != 1 || k.s.HeldCard() {
		t.Fatalf("on its card screen: %d cards, held %v", len(k.mobile.cards), k.s.HeldCard())
	}
	k.s.Home()
	k.s.goLanguage()
	test.Tap(find(t, k.w.Canvas(), "English"))
	k.s.CardInserted(c, nil)
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "service.status")))
	if k.s.HeldCard() {
		t.Fatal("the card is kept while a service without a card runs")
	}
}

// TestATMSessionEndsSayTakeYourCard: finishing on the home and the idle timer
// end a session with a card by "take your card", said in the person's
// language when speech was on; without a card, the home is the normal end.
func TestATMSessionEndsSayTakeYourCard(t *testing.T) {
	k := newATMKit(t, i18n.AR)
	k.s.CardInserted(card(t, 7, "3012"), nil)
	test.Tap(find(t, k.w.Canvas(), "English"))
	k.s.SetSpeech(true)
	if got := k.rec.Last().Keys(); !slices.Contains(got, "speech.atmhome.card_read") || !slices.Contains(got, "speech.atmhome.finish") {
		t.Fatalf("the home with a card said %v", got)
	}
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "atmhome.finish")))
	if last := k.rec.Last(); k.s.Screen() != ScreenAttract || !slices.Equal(last.Keys(), []string{"speech.atmhome.take_card"}) || last.Lang != i18n.EN || k.s.SpeechOn() {
		t.Fatalf("finish: screen %s, said %v in %s, speech on %v", k.s.Screen(), last.Keys(), last.Lang, k.s.SpeechOn())
	}
	k.expectKey(i18n.EN, "atmhome.take_card")

	// The idle timer ends it the same way.
	k.s.CardInserted(card(t, 7, "3012"), nil)
	test.Tap(find(t, k.w.Canvas(), "English"))
	k.clock.Advance(2 * time.Minute)
	if k.s.Screen() != ScreenAttract || k.s.HeldCard() {
		t.Fatalf("idle: screen %s, held %v", k.s.Screen(), k.s.HeldCard())
	}
	k.expectKey(i18n.EN, "atmhome.take_card")

	// A card swiped inside a service (its tile touched first) is the
	// service's, and its end reminds the person of it too.
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "atmhome.attract.touch")))
	test.Tap(find(t, k.w.Canvas(), "English"))
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "service.activate")))
	if k.s.CardInserted(card(t, 7, "3012"), nil) {
		t.Fatal("the shell took the running service's card")
	}
	k.s.Home()
	if k.s.Screen() != ScreenAttract {
		t.Fatalf("a service with a card swiped in it ended on %s", k.s.Screen())
	}
	k.expectKey(i18n.EN, "atmhome.take_card")

	// Without a card, a service's end is the home, as at a kiosk.
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "atmhome.attract.touch")))
	test.Tap(find(t, k.w.Canvas(), "English"))
	test.Tap(find(t, k.w.Canvas(), i18n.T(i18n.EN, "service.status")))
	k.s.Home()
	if k.s.Screen() != ScreenHome {
		t.Fatalf("a service without a card ended on %s", k.s.Screen())
	}
}

// TestKioskModeIgnoresCardsAtHome: outside ATM mode the shell leaves every
// card to the flows.
func TestKioskModeIgnoresCardsAtHome(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	s := New(w, Options{Flows: []Flow{&fakeFlow{id: "register", enabled: true}}, StatusEvery: -1})
	t.Cleanup(s.Stop)
	s.Start()
	if s.CardInserted(card(t, 7, "3012"), nil) || s.Screen() != ScreenAttract {
		t.Fatalf("kiosk mode took a card: screen %s", s.Screen())
	}
}

// TestATMHomeFitsTheScreen: the ATM's attract and home screens, with and
// without a card, fit 1280×800 in both languages at every text size.
func TestATMHomeFitsTheScreen(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, scale := range theme.Scales {
			t.Run(fmt.Sprintf("%s ×%v", lang, scale), func(t *testing.T) {
				k := newATMKit(t, lang)
				k.s.SetTheme(theme.Options{Scale: scale})
				check := func(what string) {
					t.Helper()
					if m := k.w.Content().MinSize(); m.Width > 1280 || m.Height > 800 {
						t.Fatalf("%s needs %v, more than the 1280×800 screen", what, m)
					}
				}
				k.s.goAttract()
				if scale == theme.XLarge {
					k.snap("attract_xlarge")
				}
				check("attract")
				k.s.goHome()
				check("home")
				k.s.CardInserted(card(t, 7, "3012"), nil)
				if scale == theme.XLarge {
					k.snap("home_card_xlarge")
				}
				check("home with a card")
				k.s.Wipe()
				check("attract with the reminder")
			})
		}
	}
}

// TestATMHomePromptsExist: every prompt the ATM's attract and home screens
// can say is in both catalogues.
func TestATMHomePromptsExist(t *testing.T) {
	keys := []string{"speech.atmhome.attract", "speech.atmhome.insert", "speech.atmhome.card_read", "speech.atmhome.with_card",
		"speech.atmhome.without_card", "speech.atmhome.finish", "speech.atmhome.again", "speech.atmhome.take_card"}
	for _, k := range []string{"atm.card.unreadable", "atm.card.unsupported", "atm.card.expired"} {
		keys = append(keys, speechCardKey(k))
	}
	for _, k := range keys {
		for _, l := range i18n.Langs {
			if !i18n.Default().Has(l, k) {
				t.Errorf("%s: no spoken prompt %s", l, k)
			}
		}
	}
}

// TestATMHomeShowsAnATMsServicesAtOnce: with the services of a real ATM (five
// by card, two without), the home with or without a card shows every tile
// without scrolling at the normal text size, in both languages.
func TestATMHomeShowsAnATMsServicesAtOnce(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.SetPadded(false)
			w.Resize(fyne.NewSize(1280, 800))
			var flows []Flow
			// The real services' names: English ones wrap on a tile.
			for _, f := range []struct{ id, title string }{{"atm", "atm.title"}, {"mobile", "mobile.title"},
				{"digitalid", "myid.title"}, {"address", "service.address"}, {"dependents", "dependents.title"}} {
				flows = append(flows, titledCardFlow{&cardFlow{fakeFlow: fakeFlow{id: f.id, enabled: true}}, f.title})
			}
			flows = append(flows, &fakeFlow{id: "status", enabled: true}, &fakeFlow{id: "verify", enabled: true})
			s := New(w, Options{Flows: flows, Lang: lang, Mode: ModeATM, StatusEvery: -1, IdleTimeout: time.Hour})
			t.Cleanup(s.Stop)
			s.Start()
			for _, withCard := range []bool{false, true} {
				s.goHome()
				if withCard {
					s.CardInserted(card(t, 7, "3012"), nil)
				}
				sc := findScroll(w.Content())
				if sc == nil {
					t.Fatal("the home has no scroll")
				}
				if withCard {
					(&atmKit{t: t, s: s, w: w}).snap("home_seven")
				}
				if need := sc.Content.MinSize().Height; need > sc.Size().Height {
					t.Errorf("card %v: the tiles need %v dp, the screen has %v for them", withCard, need, sc.Size().Height)
				}
				// Each tile holds its name: a wrapped one is not cut off
				// at the tile's edge (white text on the page).
				for _, f := range flows[:5] {
					b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == i18n.T(lang, f.TitleKey()) })
					if !ok {
						t.Fatalf("no tile %s", f.TitleKey())
					}
					// Under the icon there is room for one line; beside it
					// the name wraps within the tile.
					line := rtl.NewLabel(lang, b.Label.Text)
					line.Bold, line.SizeName = b.Label.Bold, b.Label.SizeName
					y, h := b.Label.Position().Y, b.Label.Size().Height
					switch {
					case b.Tall && h > 1.5*line.MinSize().Height:
						t.Errorf("card %v: the name %q takes %.1f lines under the icon", withCard, b.Label.Text, h/line.MinSize().Height)
					case b.Wide && (y < 0 || y+h > b.Size().Height):
						t.Errorf("card %v: the name %q spans y %v–%v on a tile %v high", withCard, b.Label.Text, y, y+h, b.Size().Height)
					case !b.Tall && !b.Wide:
						t.Errorf("the tile %q is neither tall nor wide", b.Label.Text)
					}
				}
				if m := w.Content().MinSize(); m.Width > 1280 || m.Height > 800 {
					t.Errorf("card %v: the home needs %v", withCard, m)
				}
			}
		})
	}
}

// titledCardFlow is a card service with a real service's title, whose length
// its tile must hold.
type titledCardFlow struct {
	*cardFlow
	title string
}

func (f titledCardFlow) TitleKey() string { return f.title }
