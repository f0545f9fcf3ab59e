package proof_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/identity/luhn"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/proof/prooftest"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
)

var personID = func() string { p := "100000001"; return p + string(luhn.Digit(p)) }()

// capture is a Capture on screen, checking templates against the synthetic
// finger of personID the way central does.
type capture struct {
	t    *testing.T
	c    *proof.Capture
	w    fyne.Window
	lang i18n.Lang

	mu        sync.Mutex
	accepted  []byte
	exhausted bool
	stopped   error
}

func newCapture(t *testing.T, lang i18n.Lang, s proof.Sensor, timeout time.Duration, checkErr error) *capture {
	test.NewTempApp(t)
	k := &capture{t: t, lang: lang, w: test.NewTempWindow(t, nil)}
	k.w.Resize(fyne.NewSize(1280, 800))
	k.c = proof.NewCapture(proof.CaptureOptions{
		Sensor:  s,
		Timeout: timeout,
		Check: func(_ context.Context, tmpl []byte) (bool, error) {
			if checkErr != nil {
				return false, checkErr
			}
			return biometric.MatchScore(tmpl, biometric.SyntheticTemplate(personID)) >= biometric.Threshold, nil
		},
		OnAccepted:  func(tmpl []byte) { k.mu.Lock(); k.accepted = tmpl; k.mu.Unlock() },
		OnExhausted: func() { k.mu.Lock(); k.exhausted = true; k.mu.Unlock() },
		OnStop:      func(err error) { k.mu.Lock(); k.stopped = err; k.mu.Unlock() },
	})
	k.w.SetContent(k.c.Object(lang, nil))
	t.Cleanup(k.c.Stop)
	return k
}

func (k *capture) wait(want proof.State) {
	k.t.Helper()
	prooftest.Eventually(k.t, "state "+want.String(), func() bool { return k.c.State() == want })
}

// onScreen reports whether a label on screen shows text.
func (k *capture) onScreen(text string) bool {
	_, found := screentest.Find(k.w.Canvas(), func(l *rtl.Label) bool { return strings.Contains(l.Text, text) })
	return found
}

func (k *capture) expectText(key string, args ...any) {
	k.t.Helper()
	text := i18n.Tf(k.lang, key, args...)
	// The capture's goroutines redraw just after they change state: poll.
	prooftest.Eventually(k.t, key+" on screen", func() bool { return k.onScreen(text) })
}

// TestCaptureOnTheSimulatedSensor drives the capture through the fingerprint
// simulator on a real pty, in both languages: the person's finger, a wrong finger,
// bad images, faults of the link and of the sensor, and a finger that never comes.
func TestCaptureOnTheSimulatedSensor(t *testing.T) {
	d := prooftest.Start(t)
	tests := []struct {
		name    string
		timeout time.Duration
		run     func(k *capture)
	}{
		{"when the right finger is placed, it is accepted", 0, func(k *capture) {
			k.expectText("proof.which_finger", i18n.T(k.lang, "proof.finger.right_index"))
			k.expectText("proof.place")
			d.Finger.Place(personID)
			prooftest.Eventually(k.t, "OnAccepted", func() bool { k.mu.Lock(); defer k.mu.Unlock(); return k.accepted != nil })
			k.mu.Lock()
			defer k.mu.Unlock()
			if len(k.accepted) != fingerprint.TemplateSize {
				k.t.Fatalf("accepted %d bytes", len(k.accepted))
			}
		}},
		{"when a wrong finger is placed, lift and try again", 0, func(k *capture) {
			d.Finger.Place("someone else")
			k.wait(proof.StateLift)
			k.expectText("proof.no_match")
			k.expectText("proof.lift")
			k.expectText("proof.tries_left", 2, proof.MaxAttempts)
			d.Finger.Lift()
			k.wait(proof.StatePlace)
			d.Finger.Place(personID)
			k.wait(proof.StateAccepted)
		}},
		{"when the image is messy, press a little harder, and the try counts", 0, func(k *capture) {
			d.Finger.FailNext(fingerprint.CodeImageMessy)
			d.Finger.Place(personID)
			k.wait(proof.StateLift)
			k.expectText("proof.code.0x06")
			k.expectText("proof.hint.harder")
			if k.c.Left() != 2 {
				k.t.Fatalf("left %d", k.c.Left())
			}
			d.Finger.Lift()
			k.wait(proof.StatePlace)
			d.Finger.Place(personID)
			k.wait(proof.StateAccepted)
		}},
		{"when three tries fail, the left index finger is asked for", 0, func(k *capture) {
			for range proof.MaxAttempts {
				d.Finger.Place("someone else")
				k.wait(proof.StateLift)
				d.Finger.Lift()
				k.wait(proof.StatePlace)
			}
			if k.c.Finger() != proof.LeftIndex {
				k.t.Fatalf("asks for %s", k.c.Finger())
			}
			k.expectText("proof.which_finger", i18n.T(k.lang, "proof.finger.left_index"))
			d.Finger.Place(personID)
			k.wait(proof.StateAccepted)
		}},
		{"when both fingers fail three times, the capture is exhausted", 0, func(k *capture) {
			for i := range 2 * proof.MaxAttempts {
				d.Finger.Place("someone else")
				if i == 2*proof.MaxAttempts-1 {
					break
				}
				k.wait(proof.StateLift)
				if i == proof.MaxAttempts-1 {
					k.expectText("proof.hint.other_finger", i18n.T(k.lang, "proof.finger.left_index"))
				}
				d.Finger.Lift()
				k.wait(proof.StatePlace)
			}
			k.wait(proof.StateExhausted)
			k.expectText("proof.exhausted")
			prooftest.Eventually(k.t, "OnExhausted", func() bool { k.mu.Lock(); defer k.mu.Unlock(); return k.exhausted })
		}},
		{"when no finger comes in time, say so and try again on a tap", 300 * time.Millisecond, func(k *capture) {
			k.wait(proof.StateFault)
			k.expectText("proof.fault.timeout")
			if k.c.Left() != proof.MaxAttempts {
				k.t.Fatal("a finger that never came used up a try")
			}
			d.Finger.Place(personID)
			tapText(k, i18n.T(k.lang, "proof.try_again"))
			k.wait(proof.StateAccepted)
		}},
		{"when the replies have bad checksums, a link fault, and the flow goes on", 0, func(k *capture) {
			d.Finger.SetBadChecksums(true)
			d.Finger.Place(personID)
			k.wait(proof.StateFault)
			if p := k.c.Problem(); p.Key != "proof.fault.link" && p.Key != "proof.fault.unavailable" {
				k.t.Fatalf("problem %+v", p)
			}
			d.Finger.SetBadChecksums(false)
			d.WaitOnline(k.t, "fingerprint")
			tapText(k, i18n.T(k.lang, "proof.try_again"))
			k.wait(proof.StateAccepted)
		}},
		{"when the sensor is unplugged mid-capture and plugged back", 0, func(k *capture) {
			time.Sleep(100 * time.Millisecond) // the capture is polling for a finger
			if err := d.FingerHost.Unplug(); err != nil {
				k.t.Fatal(err)
			}
			k.wait(proof.StateFault)
			k.expectText(k.c.Problem().Key)
			if err := d.FingerHost.Plug(); err != nil {
				k.t.Fatal(err)
			}
			d.WaitOnline(k.t, "fingerprint")
			d.Finger.Place(personID)
			tapText(k, i18n.T(k.lang, "proof.try_again"))
			k.wait(proof.StateAccepted)
		}},
	}
	for _, lang := range i18n.Langs {
		for _, tt := range tests {
			t.Run(string(lang)+"/"+tt.name, func(t *testing.T) {
				d.Finger.Lift()
				d.WaitOnline(t, "fingerprint")
				timeout := tt.timeout
				if timeout == 0 {
					timeout = 20 * time.Second
				}
				k := newCapture(t, lang, d.Sensor(), timeout, nil)
				k.c.Start()
				tt.run(k)
				d.Finger.Lift()
			})
		}
	}
}

// TestCaptureStopsOnCheckError: the service's error (central unreachable, a
// lockout) ends the capture and reaches OnStop.
func TestCaptureStopsOnCheckError(t *testing.T) {
	d := prooftest.Start(t)
	errLocked := errors.New("locked")
	k := newCapture(t, i18n.AR, d.Sensor(), 20*time.Second, errLocked)
	k.c.Start()
	d.Finger.Place(personID)
	k.wait(proof.StateStopped)
	prooftest.Eventually(t, "OnStop", func() bool { k.mu.Lock(); defer k.mu.Unlock(); return k.stopped != nil })
	k.mu.Lock()
	defer k.mu.Unlock()
	if !errors.Is(k.stopped, errLocked) {
		t.Fatalf("OnStop got %v", k.stopped)
	}
}

func tapText(k *capture, text string) {
	k.t.Helper()
	// The capture redraws from its own goroutine: the button may be shown just
	// after the text that explains it. Wait until a person could see it.
	var b *rtl.Button
	prooftest.Eventually(k.t, "button "+text, func() bool {
		b, _ = screentest.Find(k.w.Canvas(), func(b *rtl.Button) bool { return strings.Contains(b.Label.Text, text) })
		return b != nil
	})
	test.Tap(b)
}
