package myid

import (
	"errors"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/myid/renew"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

// The whole visit in both languages: the card with both names, the ID, both
// dates of birth and the nationality; the QR renewed under the person's eyes with
// the proof token (no template); a printed copy; and nothing left after Finish.
func TestShowRenewPrintAndLeave(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			// Renew 58 s before the end: the first renewal comes at the second tick.
			k := newKiosk(t, l, true, renew.Options{RenewBefore: 58 * time.Second})
			k.prove()
			k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
			first := k.f.Status().ID.QR
			c := CardOf(k.f.Status().ID, l)
			for _, want := range []string{person.Name.AR, person.Name.EN, c.ID, c.Birth, c.Nationality, i18n.T(l, "myid.qr.renews")} {
				k.waitFor("shown: "+want, func() bool { return k.shows(want) })
			}
			if !strings.Contains(c.Birth, strconv.Itoa(person.BirthHijri.Year)) || !strings.Contains(c.Birth, strconv.Itoa(person.BirthGregorian.Year)) {
				t.Fatalf("date of birth in one calendar only: %q", c.Birth)
			}
			k.snap("card")

			k.waitFor("a renewed QR drawn", func() bool { return k.f.qrText != "" && k.f.qrText != first })
			reqs := k.live.requests()
			for _, r := range reqs {
				if r.ProofToken != "T1" || r.FingerprintTemplate != nil || r.Copy {
					t.Fatalf("a renewal without the proof token: %+v", r)
				}
			}
			k.waitFor("the countdown", func() bool { return k.shows(i18n.Tf(l, "myid.qr.left", int(k.f.Status().Left.Seconds()))) })

			k.tap(i18n.T(l, "myid.print"))
			k.waitFor("the copy printed", func() bool { return len(k.printer.receipts()) == 1 && !k.f.printing })
			r := k.printer.receipts()[0]
			if res := digitalid.Verify(r.QR, trusted(time.Now()), time.Now().Add(29*24*time.Hour)); res.Verdict != digitalid.Valid || !res.Copy {
				t.Fatalf("the printed QR: %v %v", res.Verdict, res.Err)
			}
			d, _ := issue(person, time.Now(), true)
			k.waitFor("the printed message", func() bool { return k.shows(i18n.Tf(l, "myid.print.done", dayOf(d.ExpiresAt, l, time.UTC))) })
			k.snap("printed")

			k.tap(i18n.T(l, "myid.done"))
			n := len(k.live.requests())
			k.waitFor("wiped", func() bool {
				return k.s.FlowID() == "" && k.f.Status() == (renew.Status{}) && k.f.proof == (Proof{}) && k.f.keeper == nil && k.f.qr == nil
			})
			time.Sleep(2500 * time.Millisecond) // two ticks of a keeper that did not stop
			if got := len(k.live.requests()); got != n {
				t.Fatalf("%d renewals after the person left", got-n)
			}
		})
	}
}

// The idle timeout ends the session while the QR renews (renewals are not the
// person's touches): the keeper stops and nothing of the credential remains.
func TestIdleWipes(t *testing.T) {
	k := newKioskIdle(t, i18n.AR, true, renew.Options{RenewBefore: 58 * time.Second}, 3*time.Second)
	k.prove()
	k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
	k.waitFor("a renewal", func() bool { return len(k.live.requests()) >= 2 })
	k.waitFor("the idle wipe", func() bool {
		return k.s.Screen() == shell.ScreenAttract && k.f.Status() == (renew.Status{}) && k.f.proof == (Proof{}) && k.f.keeper == nil && k.f.qr == nil
	})
	n := len(k.live.requests())
	time.Sleep(2500 * time.Millisecond)
	if got := len(k.live.requests()); got != n {
		t.Fatalf("%d renewals after the idle wipe", got-n)
	}
}

// Offline, the flow says so at once: no prover, no fingerprint for nothing.
func TestOfflineSaysSoFirst(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			k := newKiosk(t, l, false, renew.Options{})
			k.snap("home")
			k.tap(i18n.T(l, "myid.title"))
			k.waitFor("the network screen", func() bool { return k.shows(i18n.T(l, "myid.network.title")) })
			if k.prover.starts != 0 {
				t.Fatal("the prover started offline")
			}
			k.snap("offline")
		})
	}
}

// Central's answers to the first request, each on its own screen.
func TestFirstAnswers(t *testing.T) {
	for _, tt := range []struct {
		name  string
		err   error
		step  Step
		title string
	}{
		{"no account", &client.HTTPError{Status: http.StatusConflict, Code: wire.ErrNoAccount}, StepNoAccount, "myid.no_account.title"},
		{"proof refused", &client.HTTPError{Status: http.StatusForbidden, Code: wire.ErrProofFailed}, StepFailed, "myid.failed.title"},
		{"unreachable", client.ErrOffline, StepNeedsNetwork, "myid.network.title"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := newKiosk(t, i18n.AR, true, renew.Options{})
			k.live.set(tt.err)
			k.prove()
			k.waitFor(tt.step.String(), func() bool { return k.f.Step() == tt.step && k.shows(i18n.T(i18n.AR, tt.title)) })
			if k.f.proof != (Proof{}) {
				t.Fatal("the proof token kept after the flow ended")
			}
		})
	}
}

// A failed renewal is said while the old code is valid; an expired code is taken
// off the screen and said to be expired; a refusal for good ends the card.
func TestRenewalFailures(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			k := newKiosk(t, l, true, renew.Options{RenewBefore: 4 * time.Second, RetryEvery: time.Second})
			k.live.ttl = 7 * time.Second
			k.prove()
			k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
			k.live.set(client.ErrOffline)
			k.waitFor("the failure said", func() bool {
				return k.shows("⚠ "+i18n.T(l, "myid.qr.renew_failed")) && k.f.qr.Visible() && !k.f.expiredBox.Visible() && k.f.Status().Left > 0
			})
			k.snap("renew_failed")
			k.waitFor("the expired code taken off", func() bool {
				return k.shows(i18n.T(l, "myid.qr.expired")) && k.f.expiredBox.Visible() && !k.f.qr.Visible() && k.f.qr.Image == nil
			})
			k.snap("expired")
			k.live.set(&client.HTTPError{Status: http.StatusForbidden, Code: wire.ErrProofFailed})
			k.waitFor("the end said", func() bool { return k.f.Step() == StepEnded && k.shows(i18n.T(l, "myid.ended.title")) })
			if k.f.keeper != nil || k.f.proof != (Proof{}) {
				t.Fatal("the keeper or the token outlived the card")
			}
			k.snap("ended")
			k.tap(i18n.T(l, "myid.again"))
			k.waitFor("proving again", func() bool { return k.f.Step() == StepProve && k.prover.starts == 2 })
		})
	}
}

// The printed copy, drawn as the printer prints it on 80 and 58 mm paper, is
// read back by zbarimg to a credential that verifies, marked as a copy.
func TestPrintedCopyVerifies(t *testing.T) {
	now := time.Now()
	d, err := issue(person, now, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Langs {
		for _, width := range []int{576, 384} {
			r := CopyReceipt(d, l, time.UTC)
			img, err := receipt.Render(r, width)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "copy.png")
			if dir := os.Getenv("BAWABA_SCREENSHOTS"); dir != "" {
				path = filepath.Join(dir, "myid_copy_"+string(l)+"_"+map[int]string{576: "80mm", 384: "58mm"}[width]+".png")
			}
			fh, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(fh, img); err != nil {
				t.Fatal(err)
			}
			fh.Close()
			got := zbarimg(t, path)
			if got != d.QR {
				t.Fatalf("%s, %d dots: zbarimg read %q", l, width, got)
			}
			res := digitalid.Verify(got, trusted(now), now.Add(29*24*time.Hour))
			if res.Verdict != digitalid.Valid || !res.Copy || res.Holder.SecondaryFullName != person.Name.EN {
				t.Fatalf("the printed copy: %v %v %+v", res.Verdict, res.Err, res.Holder)
			}
		}
	}
}

// The paper says "copy" and its validity in both languages, whichever the screen's.
func TestCopyReceiptTexts(t *testing.T) {
	d, err := issue(person, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), true)
	if err != nil {
		t.Fatal(err)
	}
	r := CopyReceipt(d, i18n.EN, time.UTC)
	var all []string
	for _, line := range append(append([]receipt.Line{r.Title}, r.Lines...), r.Footer...) {
		all = append(all, line.AR, line.EN)
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		i18n.T(i18n.AR, "myid.copy.title"), i18n.T(i18n.EN, "myid.copy.title"),
		i18n.Tf(i18n.EN, "myid.copy.valid", "1 December 2026", "31 December 2026"),
		person.Name.AR, person.Name.EN, person.IDNumber,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the copy lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "1448") { // the Hijri year of its validity, in Arabic
		t.Errorf("no Hijri date on the Arabic side:\n%s", text)
	}
	if r.QR != d.QR || !r.Time.Equal(d.IssuedAt) {
		t.Fatal("the copy's QR or time")
	}
}

// A copy that cannot be issued or printed is said beside the button, and the
// card goes on renewing.
func TestPrintFailures(t *testing.T) {
	for _, tt := range []struct {
		name     string
		liveErr  error
		printErr error
		want     string
	}{
		{"central unreachable", client.ErrOffline, nil, "myid.print.no_copy"},
		{"printer out of paper", nil, errors.New("printer: out of paper"), "myid.print.failed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			k := newKiosk(t, i18n.EN, true, renew.Options{})
			k.prove()
			k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
			k.live.set(tt.liveErr)
			k.printer.err = tt.printErr
			k.tap(i18n.T(i18n.EN, "myid.print"))
			k.waitFor(tt.want, func() bool { return !k.f.printing && k.shows(i18n.T(i18n.EN, tt.want)) })
			if len(k.printer.receipts()) != 0 || k.f.Step() != StepCard || !k.f.qr.Visible() {
				t.Fatalf("after a failed copy: %d printed, step %v", len(k.printer.receipts()), k.f.Step())
			}
		})
	}
}

// A language switch on the card redraws it in the other language with the same
// credential, and the renewal goes on.
func TestLanguageSwitchKeepsTheCard(t *testing.T) {
	k := newKiosk(t, i18n.AR, true, renew.Options{RenewBefore: 58 * time.Second})
	k.prove()
	k.waitFor("the card", func() bool { return k.f.Step() == StepCard && k.f.qrText != "" })
	k.tap("English")
	c := CardOf(k.f.Status().ID, i18n.EN)
	k.waitFor("the card in English", func() bool {
		return k.shows(c.Birth) && k.shows(i18n.T(i18n.EN, "myid.card.heading")) && k.f.qr.Visible() && k.f.qrText != ""
	})
	n := len(k.live.requests())
	k.waitFor("a renewal after the switch", func() bool { return len(k.live.requests()) > n && k.f.Step() == StepCard })
}

// Once the proof has expired the card ends without asking central with a token
// it would refuse.
func TestProofExpiryEndsTheCard(t *testing.T) {
	k := newKiosk(t, i18n.EN, true, renew.Options{RenewBefore: 58 * time.Second})
	k.tap(i18n.T(i18n.EN, "myid.title"))
	k.prover.mu.Lock()
	h, proven := k.prover.host, k.prover.onProven
	k.prover.mu.Unlock()
	expires := time.Now().Add(1500 * time.Millisecond)
	k.do(func() { proven(h, Proof{IDNumber: person.IDNumber, Token: "T1", Expires: expires}) })
	k.waitFor("the card", func() bool { return k.f.Step() == StepCard })
	k.waitFor("the end", func() bool { return k.f.Step() == StepEnded })
	for _, at := range k.live.times() {
		if !at.Before(expires) {
			t.Fatalf("a request at %v with a token that expired at %v", at, expires)
		}
	}
}
