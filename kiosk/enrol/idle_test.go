package enrol

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/idle"
	"github.com/bawaba/bawaba/sync/client"
)

// fakeClock is an idle.Clock moved by hand.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { was := !t.stopped; t.stopped = true; return was }

func (c *fakeClock) AfterFunc(d time.Duration, f func()) idle.Stopper {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now + d, f: f}
	c.timers = append(c.timers, t)
	return t
}

// Advance moves the clock by d, firing what falls due in order.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	end := c.now + d
	c.mu.Unlock()
	for {
		c.mu.Lock()
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at < c.timers[j].at })
		var next *fakeTimer
		for len(c.timers) > 0 && next == nil {
			if t := c.timers[0]; t.stopped {
				c.timers = c.timers[1:]
			} else if t.at <= end {
				next, c.timers = t, c.timers[1:]
				c.now = t.at
			} else {
				break
			}
		}
		if next == nil {
			c.now = end
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		next.stopped = true
		next.f()
	}
}

// testCA is a self-signed CA certificate (PEM) for a FetchCA that needs no
// central service.
func testCA(t *testing.T) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, IsCA: true,
		BasicConstraintsValid: true, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// TestScreenIdleClearsTheCode: a code typed and walked away from is cleared
// after the idle time, with the warning and its "more time" button before
// it, and the screen is back at its first step with the configuration's
// address; "more time" keeps everything.
func TestScreenIdleClearsTheCode(t *testing.T) {
	const code = "K7QM-3XTR-PW9A"
	ca := testCA(t)
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := window(t)
			clock := &fakeClock{}
			fake := Funcs{
				FetchCA: func(context.Context, string) ([]byte, error) { return ca, nil },
				Enrol:   func(context.Context, string, string, []byte) (string, error) { return "", client.ErrOffline },
			}
			var sc *Screen
			fyne.DoAndWait(func() {
				sc = NewScreen(w, ScreenOptions{Funcs: fake, URL: "https://central.example:8443", Lang: l, Done: func(string) {},
					IdleTimeout: 3 * time.Minute, IdleWarning: 30 * time.Second, Clock: clock})
			})
			typeInto(t, fields(w)[0], "other.example")
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			tap(t, w, i18n.T(l, "enrol.fingerprint.yes"))
			waitLabel(t, w, i18n.T(l, "enrol.code.intro"))
			typeInto(t, fields(w)[0], code)

			clock.Advance(3*time.Minute - 30*time.Second - time.Second)
			if slices.Contains(labels(w), i18n.Tf(l, "enrol.idle.body", 30)) {
				t.Fatal("warned before the quiet time ended")
			}
			clock.Advance(time.Second)
			waitLabel(t, w, i18n.Tf(l, "enrol.idle.body", 30))
			clock.Advance(10 * time.Second)
			waitLabel(t, w, i18n.Tf(l, "enrol.idle.body", 20))
			snap(t, w, string(l)+"-idle-warning")
			tap(t, w, i18n.T(l, "idle.more"))
			if slices.Contains(labels(w), i18n.Tf(l, "enrol.idle.body", 20)) {
				t.Fatal("the warning stays after more time")
			}
			clock.Advance(3*time.Minute - 31*time.Second)
			if sc.Step() != "code" || fields(w)[0].Text != code {
				t.Fatalf("more time did not keep the code: step %s", sc.Step())
			}
			clock.Advance(31 * time.Second)
			waitLabel(t, w, i18n.T(l, "enrol.address.intro"))
			fs := fields(w)
			if sc.Step() != "address" || len(fs) != 2 || fs[0].Text != "central.example" || fs[1].Text != "8443" {
				t.Fatalf("after the idle time: step %s, %d fields", sc.Step(), len(fs))
			}
			var kept string
			fyne.DoAndWait(func() { kept = sc.s.code + string(sc.s.ca) + sc.s.fp })
			if kept != "" {
				t.Fatal("the code or the CA outlived the idle time")
			}
			for _, s := range labels(w) {
				if s == i18n.Tf(l, "enrol.idle.body", 1) {
					t.Fatal("the warning stays after the wipe")
				}
			}
			// Nothing typed: no warning comes, however long the screen waits.
			clock.Advance(time.Hour)
			if sc.Step() != "address" || slices.ContainsFunc(labels(w), func(s string) bool { return s == i18n.T(l, "idle.title") }) {
				t.Fatal("an empty first step was warned about")
			}
		})
	}
}

// TestScreenIdleWaitsForCentral: the idle time does not clear a step whose
// answer is still awaited (a kiosk enrolled meanwhile must not be shown as
// not enrolled), and on the done step it goes on to start the kiosk.
func TestScreenIdleWaitsForCentral(t *testing.T) {
	w := window(t)
	clock := &fakeClock{}
	ca := testCA(t)
	release := make(chan struct{})
	fake := Funcs{
		FetchCA: func(context.Context, string) ([]byte, error) { return ca, nil },
		Enrol: func(context.Context, string, string, []byte) (string, error) {
			<-release
			return "kiosk-1", nil
		},
	}
	done := make(chan string, 1)
	var sc *Screen
	fyne.DoAndWait(func() {
		sc = NewScreen(w, ScreenOptions{Funcs: fake, URL: "https://central.example:8443", Done: func(id string) { done <- id }, Clock: clock})
	})
	tap(t, w, i18n.T(i18n.AR, "enrol.address.fetch"))
	tap(t, w, i18n.T(i18n.AR, "enrol.fingerprint.yes"))
	waitLabel(t, w, i18n.T(i18n.AR, "enrol.code.intro"))
	typeInto(t, fields(w)[0], "K7QM-3XTR-PW9A")
	tap(t, w, i18n.T(i18n.AR, "enrol.code.enrol"))
	waitLabel(t, w, i18n.T(i18n.AR, "enrol.busy"))
	clock.Advance(DefaultIdleTimeout + time.Second)
	if sc.Step() != "code" {
		t.Fatalf("cleared while central's answer was awaited: step %s", sc.Step())
	}
	close(release)
	waitLabel(t, w, i18n.T(i18n.AR, "enrol.done.next"))
	clock.Advance(DefaultIdleTimeout + time.Second)
	select {
	case id := <-done:
		if id != "kiosk-1" {
			t.Fatalf("Done(%q)", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the enrolled kiosk did not start after the idle time")
	}
}
