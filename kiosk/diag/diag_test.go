package diag

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/screentest"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
)

// host is a shell.Host showing the flow in a test window; it speaks
// (shell.Speaker), recording the prompts' keys.
type host struct {
	lang  i18n.Lang
	w     fyne.Window
	homes int
	mu    sync.Mutex
	said  []string
}

func (h *host) Speak(u speech.Utterance) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.said = append(h.said, u.Keys()...)
}
func (h *host) Echo(u speech.Utterance) { h.Speak(u) }
func (h *host) SpeechOn() bool          { return true }

// saidAll fails unless every key was said.
func (h *host) saidAll(t *testing.T, keys ...string) {
	t.Helper()
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range keys {
		if !slices.Contains(h.said, k) {
			t.Errorf("never said %s; said %v", k, h.said)
		}
	}
}

func (h *host) Lang() i18n.Lang              { return h.lang }
func (h *host) Show(o fyne.CanvasObject)     { h.w.SetContent(o) }
func (h *host) Home()                        { h.homes++ }
func (h *host) Keyboard() *keyboard.Keyboard { return nil }
func (h *host) Touch()                       {}
func (h *host) Window() fyne.Window          { return h.w }

// draining is an outbox whose waiting records, once the engine is kicked, leave
// one per reading as the engine sends them, down to stuck (records central does
// not take now).
type draining struct {
	mu     sync.Mutex
	st     outbox.Stats
	stuck  int
	kicked bool
}

func (d *draining) set(queued, stuck int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.st.Queued, d.stuck, d.kicked = queued, stuck, false
}

func (d *draining) kick() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.kicked = true
}

func (d *draining) Stats() (outbox.Stats, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.st
	if d.kicked && d.st.Queued > d.stuck {
		d.st.Queued--
		d.st.Delivered++
	}
	return st, nil
}

// audited collects audit calls; the flow makes them on the Fyne goroutine.
type audited struct{ got []string }

func (a *audited) add(act staff.Action, r staff.Result, d string) {
	a.got = append(a.got, fmt.Sprint(act, " ", r, " ", d))
}

func labelShown(w fyne.Window, text string) bool {
	var ok bool
	fyne.DoAndWait(func() {
		_, ok = screentest.Find(w.Canvas(), func(l *rtl.Label) bool { return l.Text == text })
	})
	return ok
}

func waitLabel(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !labelShown(w, text) {
		if time.Now().After(deadline) {
			var seen []string
			for _, l := range screentest.All[*rtl.Label](w.Canvas(), nil) {
				seen = append(seen, l.Text)
			}
			t.Fatalf("%q never shown; labels %q", text, seen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func tap(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	b, ok := screentest.Find(w.Canvas(), func(b *rtl.Button) bool { return b.Label.Text == text })
	if !ok {
		t.Fatalf("no button %q", text)
	}
	test.Tap(b)
}

// snap writes a PNG to BAWABA_SCREENSHOTS, if set, to look at.
func snap(t *testing.T, w fyne.Window, name string) {
	dir := os.Getenv("BAWABA_SCREENSHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, "diag-"+name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, w.Canvas().Capture())
}

func TestConnectionAndSendNow(t *testing.T) {
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			test.NewTempApp(t)
			w := test.NewTempWindow(t, nil)
			w.Resize(fyne.NewSize(1280, 800))
			box := &draining{st: outbox.Stats{Queued: 3, Delivered: 40, NeedsAttention: 1,
				Oldest: time.Now().Add(-3 * time.Hour), OldestAge: 3 * time.Hour}}
			a := &audited{}
			pings := []error{nil, client.ErrNotEnrolled, fmt.Errorf("dial: %w", client.ErrOffline), context.DeadlineExceeded}
			f := New(Options{
				Ping:  func(context.Context) error { err := pings[0]; pings = pings[1:]; return err },
				Stats: box.Stats, Kick: box.kick, Audit: a.add, Every: time.Millisecond,
			})
			h := &host{lang: l, w: w}
			w.SetContent(f.Start(h))
			waitLabel(t, w, i18n.Tf(l, "diag.requests.waiting", 3))
			waitLabel(t, w, i18n.Tf(l, "diag.audit.waiting", 0))
			waitLabel(t, w, i18n.Tf(l, "diag.oldest", i18n.Tf(l, "diag.age.hours", 3)))
			snap(t, w, string(l)+"-start")

			for _, want := range []string{"", i18n.T(l, "diag.ping.unenrolled"), i18n.Tf(l, "diag.ping.failed", i18n.T(l, "sync.error.transport")), i18n.Tf(l, "diag.ping.failed", i18n.T(l, "sync.error.timeout"))} {
				tap(t, w, i18n.T(l, "diag.ping"))
				if want == "" { // answered: its time in ms, which varies
					var first string
					deadline := time.Now().Add(10 * time.Second)
					for first == "" && time.Now().Before(deadline) {
						time.Sleep(5 * time.Millisecond)
						fyne.DoAndWait(func() {
							if len(a.got) > 0 {
								first = a.got[0]
							}
						})
					}
					var ms int
					fmt.Sscanf(first, "ping ok %d", &ms)
					want = i18n.Tf(l, "diag.ping.ok", ms)
				}
				waitLabel(t, w, want)
			}

			tap(t, w, i18n.T(l, "diag.sync"))
			waitLabel(t, w, i18n.Tf(l, "diag.sync.done", 3))
			snap(t, w, string(l)+"-sent")

			box.set(2, 1)
			// Watch ends when one is left that does not leave: here, the deadline.
			f.opts.Watch = 50 * time.Millisecond
			w.SetContent(f.Rebuild(h))
			tap(t, w, i18n.T(l, "diag.sync"))
			waitLabel(t, w, i18n.Tf(l, "diag.sync.partly", 1, 2))
			snap(t, w, string(l)+"-partly")

			box.set(0, 0)
			tap(t, w, i18n.T(l, "diag.sync"))
			waitLabel(t, w, i18n.T(l, "diag.sync.nothing"))

			tap(t, w, i18n.T(l, "nav.back"))
			if h.homes != 1 {
				t.Fatal("back did not go home")
			}
			h.saidAll(t, "speech.diag", "speech.diag.ping.ok", "speech.diag.ping.unenrolled", "speech.diag.ping.failed",
				"speech.diag.sync.sending", "speech.diag.sync.done", "speech.diag.sync.partly", "speech.diag.sync.nothing")
			var got []string
			fyne.DoAndWait(func() { got = slices.Clone(a.got) })
			want := []string{"ping ok", "ping failed not_enrolled", "ping failed transport", "ping failed timeout",
				"sync_now ok 3/3", "sync_now failed 1/2", "sync_now ok 0/0"}
			if len(got) != len(want) {
				t.Fatalf("audited %q", got)
			}
			for i := range want {
				if got[i][:min(len(got[i]), len(want[i]))] != want[i] {
					t.Errorf("audit %d = %q, want %q…", i, got[i], want[i])
				}
			}
		})
	}
}

func TestUnreadableOutbox(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := New(Options{Stats: func() (outbox.Stats, error) { return outbox.Stats{}, errors.New("outbox: closed") }, Kick: func() {}})
	w.SetContent(f.Start(&host{lang: i18n.EN, w: w}))
	waitLabel(t, w, i18n.T(i18n.EN, "diag.error"))
	tap(t, w, i18n.T(i18n.EN, "diag.sync"))
	waitLabel(t, w, i18n.T(i18n.EN, "diag.error"))
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		5 * time.Minute: "5 minutes", 3 * time.Hour: "3 hours", 47 * time.Hour: "47 hours", 72 * time.Hour: "3 days",
	} {
		if got := age(i18n.EN, d); got != want {
			t.Errorf("age(%v) = %q, want %q", d, got, want)
		}
	}
}
