package main

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/cardreader/cardreadersim"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/bankcard"
	centralsvc "github.com/bawaba/bawaba/sync/central"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/store"
)

// TestSmokeATM drives the real kiosk binary in mode "atm" through devsim's
// card reader on a pty, as a bank customer would: the attract screen asks for
// the card in both languages; garbage, half a track and an expired card are
// each explained there; a good card starts the session, the activation takes
// the card alone and says central's outcome — "activated" in Arabic, then, in
// English, "already active" for an account that was — and every session ends
// with "take your card" on the attract screen; a card whose holder has no
// account is told so, from central's decision. High contrast and the largest
// text are looked at on a result screen. Afterwards no card number is in the
// kiosk's log or data files, nor in central's log, SMS file or store.
func TestSmokeATM(t *testing.T) {
	needDisplay(t)
	bin := binaries(t)
	dir := t.TempDir()
	shots := os.Getenv("BAWABA_SMOKE_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	clog := &lockedBuffer{}
	c := centraltest.Start(t, centraltest.Options{People: 20,
		Central: centralsvc.Options{Logger: slog.New(slog.NewTextHandler(clog, &slog.HandlerOptions{Level: slog.LevelDebug}))}})
	toActivate := c.Account(t, 4, false)
	active := c.Account(t, 6, true)
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, c.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	devDir, receipts, ctl := filepath.Join(dir, "dev"), filepath.Join(dir, "receipts"), freePort(t)
	devsim := start(t, filepath.Join(bin, "devsim"), "-dir", devDir, "-addr", ctl, "-png", receipts)
	if !waitFor(60*time.Second, func() bool { _, err := os.Stat(filepath.Join(devDir, "cardreader")); return err == nil }) {
		t.Fatalf("devsim did not start:\n%s", devsim.output())
	}
	cfg := `{"central_url":"` + c.URL + `","data_dir":"kiosk","idle_timeout":"600s","default_language":"ar","mode":"atm",
	  "devices":[{"kind":"printer","path":"` + filepath.Join(devDir, "printer") + `","baud":19200},
	             {"kind":"cardreader","path":"` + filepath.Join(devDir, "cardreader") + `","baud":9600}]}`
	kiosk, dump := startKiosk(t, bin, dir, cfg, func() string { return c.EnrollCode(t) }, ca)
	ui := &kioskUI{t: t, kiosk: kiosk, dump: dump, shots: shots, t0: time.Now(), lang: i18n.AR}
	ui.origin()
	if !waitFor(60*time.Second, func() bool { return strings.Contains(kiosk.output(), "online=true") }) {
		ui.fatalf("the kiosk never reached the central service")
	}
	// The card reader, as devsim's control API drives it.
	reader := func(action string) {
		t.Helper()
		resp, err := http.Post("http://"+ctl+"/cardreader/"+action, "text/plain", nil)
		if err != nil {
			ui.fatalf("devsim %s: %v", action, err)
		}
		resp.Body.Close()
		if resp.StatusCode/100 != 2 {
			ui.fatalf("devsim cardreader %s: %s", strings.SplitN(action, "=", 2)[0], resp.Status)
		}
	}
	both := func(key string) func(shown) bool {
		return func(d shown) bool { return d.label(i18n.T(i18n.AR, key)) && d.label(i18n.T(i18n.EN, key)) }
	}

	// The attract screen: insert your card, in both languages.
	ui.wait("the ATM attract screen", func(d shown) bool {
		return d.Screen == "attract" && both("atmhome.attract.insert")(d)
	})
	ui.fitsScreen("the ATM attract screen")
	ui.shot("atm-attract")

	// Bad cards at the attract screen: each is explained there, in both
	// languages, and starts nothing.
	for _, bad := range []struct{ action, key, name string }{
		{"garbage?n=40", "atm.card.unreadable", "garbage"},
		{"insert?card=expired", "atm.card.expired", "expired"},
		{"insert?card=half-track", "atm.card.unreadable", "half"},
	} {
		reader(bad.action)
		ui.wait("the "+bad.name+" card explained", func(d shown) bool { return d.Screen == "attract" && both(bad.key)(d) })
		ui.fitsScreen("the attract screen with the " + bad.name + " card")
		ui.shot("atm-attract-" + bad.name)
	}

	// Session 1, in Arabic: the card starts it; activation by the card alone.
	pan := func(p backoffice.Person) string { return "insert?card=" + p.CardPAN }
	reader(pan(toActivate))
	ui.waitScreen("language")
	ui.tapButton("العربية")
	ar := func(key string) string { return i18n.T(i18n.AR, key) }
	ui.wait("the ATM home with the card read", func(d shown) bool {
		return d.Screen == "home" && d.labelContains(toActivate.CardPAN[len(toActivate.CardPAN)-4:]) && d.button(ar("atm.title")) != nil
	})
	ui.fitsScreen("the ATM home with the card read")
	ui.shot("atm-ar-home")
	ui.tapButton(ar("atm.title"))
	ui.wait("the confirmation", func(d shown) bool { return d.label(ar("atm.confirm.title")) })
	ui.fitsScreen("the ATM confirmation")
	ui.shot("atm-ar-confirm")
	ui.tapButton(ar("atm.confirm.yes"))
	ui.wait("activated", func(d shown) bool {
		return d.label(ar("atm.result.activated.title")) && d.label(ar("atm.take_card")) && d.button(ar("atm.finish")) != nil
	})
	ui.fitsScreen("the ATM result")
	ui.shot("atm-ar-activated")
	if !c.AccountOf(t, toActivate.IDNumber).Active {
		ui.fatalf("the kiosk says activated, central's account is not active")
	}
	if !waitFor(60*time.Second, func() bool { m, _ := filepath.Glob(filepath.Join(receipts, "*.png")); return len(m) == 1 }) {
		ui.fatalf("no receipt printed in %s; devsim:\n%s", receipts, devsim.output())
	}
	// The largest text and high contrast, on the result.
	size := func(next string) string { return ar("a11y.text") + " " + ar(next) }
	ui.tapButton(size("a11y.text.large"))
	ui.tapButton(size("a11y.text.xlarge"))
	ui.wait("the largest text", func(d shown) bool { return d.button(size("a11y.text.normal")) != nil })
	ui.tapButton(ar("a11y.contrast"))
	ui.wait("high contrast", func(d shown) bool { b := d.button(ar("a11y.contrast")); return b != nil && b.Primary })
	ui.fitsScreen("the ATM result in the largest text, high contrast")
	ui.shot("atm-ar-activated-xlarge-contrast")
	ui.tapButton(size("a11y.text.normal"))
	ui.tapButton(ar("a11y.contrast"))
	ui.wait("normal text, normal contrast", func(d shown) bool {
		b := d.button(ar("a11y.contrast"))
		return b != nil && !b.Primary && d.button(size("a11y.text.large")) != nil
	})
	ui.tapButton(ar("atm.finish"))
	ui.wait("take your card", func(d shown) bool { return d.Screen == "attract" && both("atmhome.take_card")(d) })
	ui.fitsScreen("the attract screen after a session")
	ui.shot("atm-attract-take-card")
	ui.t.Logf("%5.1fs activated", time.Since(ui.t0).Seconds())

	// Session 2, in English: the account was active already; the kiosk says
	// so, not "activated", and nothing changes at central.
	before := c.AccountOf(t, active.IDNumber)
	reader(pan(active))
	ui.waitScreen("language")
	ui.tapButton("English")
	en := func(key string) string { return i18n.T(i18n.EN, key) }
	ui.wait("the ATM home in English", func(d shown) bool { return d.Screen == "home" && d.button(en("atm.title")) != nil })
	ui.fitsScreen("the ATM home in English")
	ui.shot("atm-en-home")
	ui.tapButton(en("atm.title"))
	ui.wait("the confirmation", func(d shown) bool { return d.label(en("atm.confirm.title")) })
	ui.fitsScreen("the ATM confirmation in English")
	ui.shot("atm-en-confirm")
	ui.tapButton(en("atm.confirm.yes"))
	ui.wait("already active", func(d shown) bool {
		return d.label(en("atm.result.already_active.title")) && d.label(en("atm.take_card")) && d.button(en("atm.finish")) != nil
	})
	ui.fitsScreen("the already-active result in English")
	ui.shot("atm-en-already-active")
	if after := c.AccountOf(t, active.IDNumber); !after.Updated.Equal(before.Updated) || after.ActivatedVia != before.ActivatedVia {
		t.Errorf("central changed the active account: %+v, was %+v", after, before)
	}
	en2 := func(next string) string { return en("a11y.text") + " " + en(next) }
	ui.tapButton(en2("a11y.text.large"))
	ui.tapButton(en2("a11y.text.xlarge"))
	ui.tapButton(en("a11y.contrast"))
	ui.wait("the largest text, high contrast", func(d shown) bool {
		b := d.button(en("a11y.contrast"))
		return b != nil && b.Primary && d.button(en2("a11y.text.normal")) != nil
	})
	ui.fitsScreen("the already-active result in the largest text, high contrast")
	ui.shot("atm-en-already-active-xlarge-contrast")
	ui.tapButton(en("atm.finish"))
	ui.wait("take your card", func(d shown) bool { return d.Screen == "attract" && both("atmhome.take_card")(d) })
	ui.shot("atm-attract-take-card-after-en")

	// Session 3, in Arabic: the card's holder is in the registry with no
	// account; only central's decision tells, and the kiosk says that.
	noAccount := backoffice.SyntheticPerson(8)
	reader(pan(noAccount))
	ui.waitScreen("language")
	ui.tapButton("العربية")
	ui.tapButton(ar("atm.title"))
	ui.tapButton(ar("atm.confirm.yes"))
	ui.wait("no account", func(d shown) bool {
		return d.label(ar("atm.result.no_account.title")) && d.label(ar("atm.take_card")) && d.button(ar("atm.finish")) != nil
	})
	ui.fitsScreen("the no-account result")
	ui.shot("atm-ar-no-account")
	ui.tapButton(ar("atm.finish"))
	ui.wait("take your card", func(d shown) bool { return d.Screen == "attract" && both("atmhome.take_card")(d) })
	if !waitFor(60*time.Second, func() bool { m, _ := filepath.Glob(filepath.Join(receipts, "*.png")); return len(m) == 3 }) {
		ui.fatalf("not three receipts in %s", receipts)
	}
	if keep := os.Getenv("BAWABA_SMOKE_SHOTS"); keep != "" {
		ms, _ := filepath.Glob(filepath.Join(receipts, "*.png"))
		for i, m := range ms {
			if b, err := os.ReadFile(m); err == nil {
				os.WriteFile(filepath.Join(keep, "atm-receipt-"+string(rune('1'+i))+".png"), b, 0o644)
			}
		}
	}
	if strings.Contains(kiosk.output(), "panic") {
		t.Errorf("kiosk panicked:\n%s", kiosk.output())
	}

	// No card number anywhere it could stay: the kiosk's log and data
	// directory (its outbox file), central's log, SMS file and store (read
	// through its vault, as the service sees it).
	var pans []string
	for _, p := range []backoffice.Person{toActivate, active, noAccount} {
		pans = append(pans, p.CardPAN)
	}
	for _, name := range []string{"expired", "half-track"} {
		s, _ := cardreadersim.Sample(name)
		pans = append(pans, s.PAN)
	}
	look := func(where string, b []byte) {
		for _, p := range pans {
			if bytes.Contains(b, []byte(p)) {
				t.Errorf("%s holds card %s in clear", where, bankcard.Mask(p))
			}
		}
	}
	look("the kiosk's log", []byte(kiosk.output()))
	look("central's log", clog.Bytes())
	if clog.Len() == 0 {
		t.Errorf("central logged nothing: the scan of its log proves nothing")
	}
	sms, err := os.ReadFile(c.SMSPath)
	if err != nil {
		t.Errorf("central's SMS file: %v", err)
	}
	look("central's SMS file", sms)
	files := 0
	filepath.WalkDir(filepath.Join(dir, "kiosk"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, err := os.ReadFile(path)
			if err == nil {
				files++
				look("the kiosk's "+strings.TrimPrefix(path, dir+"/"), b)
			}
		}
		return nil
	})
	if _, err := os.Stat(filepath.Join(dir, "kiosk", "outbox.db")); err != nil || files < 2 {
		t.Errorf("the kiosk's data directory was not scanned (%d files): %v", files, err)
	}
	if err := c.Store.View(context.Background(), func(tx store.Tx) error {
		for _, b := range store.Buckets {
			if err := tx.Scan(b, "", 0, func(k string, v []byte) error {
				look("central's "+string(b)+" bucket", append([]byte(k+" "), v...))
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Errorf("central's store: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer safe for central's logger and the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

func (b *lockedBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}
