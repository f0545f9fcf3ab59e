package mobile

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/register/registertest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/wire"
)

// finger places a finger on the simulated sensor when a capture starts and lifts
// it when asked, as the person would.
type finger struct {
	real proof.Sensor
	dev  *prooftest.Devices
	mu   sync.Mutex
	next []string
}

func (s *finger) Capture(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	if len(s.next) > 0 {
		s.dev.Finger.Place(s.next[0])
		s.next = s.next[1:]
	}
	s.mu.Unlock()
	return s.real.Capture(ctx)
}

func (s *finger) WaitLifted(ctx context.Context) error {
	s.dev.Finger.Lift()
	return s.real.WaitLifted(ctx)
}

type ui struct {
	t      *testing.T
	k      *prooftest.Kiosk
	win    fyne.Window
	s      *shell.Shell
	f      *Flow
	lang   i18n.Lang
	finger *finger
}

func start(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer) *ui {
	t.Helper()
	return startWith(t, k, lang, online, prn, false)
}

func startWith(t *testing.T, k *prooftest.Kiosk, lang i18n.Lang, online *atomic.Bool, prn *registertest.Printer, cardProof bool) *ui {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1280, 800))
	fs := &finger{real: k.Devices.Sensor(), dev: k.Devices}
	f := New(Options{Go: func(fn func()) { fn() }, FingerTimeout: 2 * time.Second, Deps: Deps{
		Queue: k.Outbox, Printer: prn, Sensor: fs, Live: ClientLive{k.Client}, Online: online.Load, KioskID: k.Client.KioskID(),
		CardProof: cardProof}})
	s := shell.New(win, shell.Options{Flows: []shell.Flow{f}, StatusEvery: -1, IdleTimeout: time.Hour})
	t.Cleanup(s.Stop)
	s.Start()
	u := &ui{t: t, k: k, win: win, s: s, f: f, lang: lang, finger: fs}
	u.tapText(i18n.T(i18n.AR, "attract.touch"))
	if lang == i18n.AR {
		u.tapText("العربية")
	} else {
		u.tapText("English")
	}
	u.tapText(i18n.T(lang, "mobile.title"))
	k.Devices.Finger.Lift()
	return u
}

func (u *ui) tapText(text string) {
	u.t.Helper()
	found, _ := screentest.Find(u.win.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
	if found == nil {
		u.t.Fatalf("no button %q at step %s", text, u.f.Step())
	}
	test.Tap(found)
}

func (u *ui) tap(name string) {
	u.t.Helper()
	b, ok := u.f.Button(name)
	if !ok {
		u.t.Fatalf("no button %q at step %s", name, u.f.Step())
	}
	if b.MinSize().Height < 48 {
		u.t.Fatalf("button %q under 48 dp", name)
	}
	test.Tap(b)
}

// typeInto types s on the on-screen keypad into field e.
func (u *ui) typeInto(e fyne.Tappable, s string) {
	u.t.Helper()
	test.Tap(e)
	kb := u.s.Keyboard()
	test.Tap(kb.Key("clear"))
	for _, r := range s {
		k := kb.Key(string(unicode.ToLower(r)))
		if k == nil {
			u.t.Fatalf("keypad has no %q", r)
		}
		test.Tap(k)
	}
}

func (u *ui) field(name string) fyne.Tappable {
	u.t.Helper()
	f, ok := u.f.Field(name)
	if !ok {
		u.t.Fatalf("no field %s at step %s", name, u.f.Step())
	}
	return f
}

func (u *ui) expectStep(s Step) {
	u.t.Helper()
	if u.f.Step() != s {
		u.t.Fatalf("step %s (errors %v), want %s", u.f.Step(), u.f.errs, s)
	}
}

func (u *ui) expectText(text string) {
	u.t.Helper()
	_, found := screentest.Find(u.win.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	if !found {
		u.t.Fatalf("%q not on screen at step %s", text, u.f.Step())
	}
}

func (u *ui) snap(name string) {
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	fh, err := os.Create(filepath.Join(dir, fmt.Sprintf("mobile_%s_%s.png", u.lang, name)))
	if err != nil {
		u.t.Fatal(err)
	}
	defer fh.Close()
	png.Encode(fh, u.win.Canvas().Capture())
}

func (u *ui) lastCode(mobile string) string {
	u.t.Helper()
	m, err := sms.Last(u.k.C.SMSPath, mobile)
	if err != nil {
		u.t.Fatal(err)
	}
	code, ok := sms.Code(m.Text, wire.OTPDigits)
	if !ok {
		u.t.Fatalf("no code in %q", m.Text)
	}
	return code
}

// TestMobileChange drives both cases of the change through the real shell, a
// real central, the sealed outbox and the fingerprint simulator on a pty, in
// Arabic and English.
func TestMobileChange(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			t.Run("when the old SIM is at hand, a code to it and one to a foreign new number", func(t *testing.T) {
				p := k.Account(t, base+4, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.tap("next")
				u.expectStep(StepChoose)
				u.snap("choose")
				u.tap("have_sim")
				u.expectStep(StepOldCode)
				u.expectText(wire.MaskMobile(p.Mobile))
				u.typeInto(u.field("code"), "000000")
				u.tap("next")
				if u.f.Step() == StepOldCode && !strings.Contains(u.f.Error("code"), fmt.Sprint(wire.OTPMaxTries-1)) {
					// the wrong code is explained next to the field (unless 000000 was the code)
					t.Fatalf("error %q", u.f.Error("code"))
				}
				u.snap("old_code")
				if u.f.Step() == StepOldCode {
					u.typeInto(u.field("code"), u.lastCode(p.Mobile))
					u.tap("next")
				}
				u.expectStep(StepNewNumber)
				newMobile := fmt.Sprintf("+2010012345%02d", base+4)
				u.tap("cc_20")
				u.typeInto(u.field("number"), newMobile[3:])
				u.snap("new_number")
				u.tap("next")
				u.expectStep(StepNewCode)
				u.typeInto(u.field("code"), u.lastCode(newMobile))
				u.tap("next")
				u.expectStep(StepDone)
				u.snap("done")
				res, _ := u.f.Result()
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != newMobile {
					t.Fatalf("central: %+v, mobile %s", st, k.AccountOf(t, p.IDNumber).Mobile)
				}
				if m, err := sms.Last(k.C.SMSPath, p.Mobile); err != nil || !strings.Contains(m.Text, res.Ref) {
					t.Fatalf("the old number was not told: %+v %v", m, err)
				}
			})
			t.Run("when the old SIM is lost, the fingerprint proves the person and a Saudi number is taken", func(t *testing.T) {
				p := k.Account(t, base+6, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.tap("next")
				u.finger.next = []string{p.IDNumber}
				u.tap("lost_sim")
				u.expectStep(StepNewNumber)
				newLocal := fmt.Sprintf("05099900%02d", base+6)
				u.typeInto(u.field("number"), newLocal)
				u.tap("next")
				u.expectStep(StepNewCode)
				newMobile := "+966" + newLocal[1:]
				u.typeInto(u.field("code"), u.lastCode(newMobile))
				u.tap("next")
				u.expectStep(StepDone)
				res, _ := u.f.Result()
				if st := k.Deliver(t, res.Ref); st.State != wire.StateCompleted || k.AccountOf(t, p.IDNumber).Mobile != newMobile {
					t.Fatalf("central: %+v", st)
				}
			})
			t.Run("when the new number is someone else's, it is refused with the reason", func(t *testing.T) {
				p := k.Account(t, base+8, true)
				other := k.Account(t, base+9, false)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.tap("next")
				u.finger.next = []string{p.IDNumber}
				u.tap("lost_sim")
				u.expectStep(StepNewNumber)
				u.typeInto(u.field("number"), "0"+other.Mobile[4:])
				u.tap("next")
				u.expectStep(StepNewNumber)
				u.expectText(i18n.T(lang, "mobile.number.taken"))
				u.snap("number_taken")
			})
			t.Run("when three fingers do not match, the tries pause and the code to the old number is offered", func(t *testing.T) {
				p := k.Account(t, base+14, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.tap("next")
				u.finger.next = []string{"x1", "x2", "x3"}
				u.tap("lost_sim")
				u.expectStep(StepLocked)
				u.expectText(i18n.T(lang, "mobile.alternative.body"))
				u.snap("locked")
				u.tap("use_old_sim")
				u.expectStep(StepOldCode)
			})
			t.Run("when the session is wiped, the template and numbers are forgotten", func(t *testing.T) {
				p := k.Account(t, base+15, true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), p.IDNumber)
				u.tap("next")
				u.finger.next = []string{p.IDNumber}
				u.tap("lost_sim")
				u.expectStep(StepNewNumber)
				tmpl := u.f.template
				if len(tmpl) != biometric.TemplateSize {
					t.Fatalf("template %d bytes", len(tmpl))
				}
				u.f.Wipe()
				if u.f.template != nil || u.f.id.Number != "" || u.f.Form().Field().Text != "" {
					t.Fatal("the wipe kept what was entered")
				}
				if !bytes.Equal(tmpl, make([]byte, len(tmpl))) {
					t.Fatal("the wipe left the template's bytes in memory")
				}
			})
			t.Run("when there is no account, it is explained", func(t *testing.T) {
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), backofficeID(base+13))
				u.tap("next")
				u.expectStep(StepAnswer)
				if u.f.Answer() != AnswerNoAccount {
					t.Fatalf("answer %s", u.f.Answer())
				}
			})
			t.Run("when offline, the service says plainly it needs the network", func(t *testing.T) {
				online.Store(false)
				defer online.Store(true)
				u := start(t, k, lang, &online, prn)
				u.typeInto(u.f.Form().Field(), backofficeID(base+4))
				u.tap("next")
				u.expectStep(StepNeedsNetwork)
				u.expectText(i18n.T(lang, "mobile.network.body"))
				u.snap("needs_network")
			})
		})
	}
	t.Run("the outbox file never holds a template in the clear", func(t *testing.T) {
		k.Outbox.Close()
		data, err := os.ReadFile(k.OutboxPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{6, 8, 26, 28} {
			tmpl := biometric.SyntheticTemplate(backofficeID(i))
			if bytes.Contains(data, tmpl) || bytes.Contains(data, []byte(base64.StdEncoding.EncodeToString(tmpl))) {
				t.Fatalf("person %d's template is in the outbox in the clear", i)
			}
		}
	})
}

// TestMobileChangeByCard: at an ATM the lost SIM is replaced by the bank card,
// read by the card-reader simulator on a pty; central checks the card on arrival.
func TestMobileChangeByCard(t *testing.T) {
	k := prooftest.StartKiosk(t)
	var online atomic.Bool
	online.Store(true)
	prn := &registertest.Printer{}
	for li, lang := range i18n.Langs {
		base := 20 * li
		t.Run(string(lang), func(t *testing.T) {
			for _, tt := range []struct {
				name  string
				card  int // whose card
				state string
			}{
				{"when the person's own card proves them, the number is changed", base + 4, wire.StateCompleted},
				{"when someone else's card is used, central declines on arrival", base + 5, wire.StateDeclined},
			} {
				t.Run(tt.name, func(t *testing.T) {
					p := k.Account(t, base+4+2*(tt.card-base-4), true)
					u := startWith(t, k, lang, &online, prn, true)
					u.typeInto(u.f.Form().Field(), p.IDNumber)
					u.tap("next")
					u.tap("lost_sim")
					u.expectStep(StepCard)
					u.snap("card")
					c := backoffice.SyntheticPerson(tt.card)
					expired := cardreadersim.Card{PAN: c.CardPAN, Name: "RESIDENT/TEST", Expiry: "2001", Service: "201", Track1: true, Track2: true}
					u.f.CardInserted(k.Devices.NextCard(t, expired))
					u.expectStep(StepCard)
					u.expectText(i18n.T(lang, "atm.card.expired"))
					expired.Expiry = "3012"
					u.f.CardInserted(k.Devices.NextCard(t, expired))
					u.expectStep(StepNewNumber)
					newLocal := fmt.Sprintf("05088800%02d", tt.card)
					u.typeInto(u.field("number"), newLocal)
					u.tap("next")
					u.typeInto(u.field("code"), u.lastCode("+966"+newLocal[1:]))
					u.tap("next")
					u.expectStep(StepDone)
					u.expectText(i18n.T(lang, "atm.take_card"))
					res, _ := u.f.Result()
					if st := k.Deliver(t, res.Ref); st.State != tt.state {
						t.Fatalf("central: %+v, want %s", st, tt.state)
					}
				})
			}
		})
	}
	k.Outbox.Close()
	for _, path := range []string{k.OutboxPath, k.CentralDB} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range []int{4, 5, 24, 25} {
			if bytes.Contains(data, []byte(backoffice.SyntheticPerson(i).CardPAN)) {
				t.Fatalf("%s holds a card number in the clear", filepath.Base(path))
			}
		}
	}
}
