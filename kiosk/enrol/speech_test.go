package enrol

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/keyboard"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
)

// everyPrompt is every prompt the enrolment screen can say: each step, the
// wait, each field, the idle warning and each problem Problem names.
func everyPrompt() []string {
	keys := []string{"speech.on", "speech.enrol.busy", "speech.enrol.idle",
		"speech.enrol.field.host", "speech.enrol.field.port", "speech.enrol.field.code"}
	for _, n := range stepNames {
		keys = append(keys, "speech.enrol.step."+n)
	}
	// The staff tool Kiosk identity and its re-enrolment.
	keys = append(keys, "speech.enrol.identity", "speech.enrol.identity.unreadable",
		"speech.enrol.reenrol", "speech.enrol.reenrol.waiting", "speech.enrol.reenrol.none_waiting",
		"speech.enrol.reenrol.count_unknown", "speech.enrol.reenrol.go",
		"speech.enrol.reenrol.step.address", "speech.enrol.reenrol.step.done")
	for _, k := range []string{"accepted", "revoked", "refused", "unreached"} {
		keys = append(keys, "speech.enrol.identity."+k)
	}
	for _, e := range []string{"declined", "bad_url", "not_central", "wrong_host", "untrusted", "code", "revoked",
		"rate_limited", "rejected", "config", "offline", "other", "code_empty"} {
		keys = append(keys, "speech.enrol.err."+e)
	}
	return keys
}

// TestEveryStepAndErrorHasAPrompt: every prompt the screen can say is in both
// catalogues, the Arabic with its diacritics; and every problem's text key
// has its prompt (a problem added to Problem without one fails here).
func TestEveryStepAndErrorHasAPrompt(t *testing.T) {
	speechtest.AssertPrompts(t, nil, everyPrompt()...)
	speechtest.AssertDiacritised(t, everyPrompt()...)
	for _, k := range speech.Keys(i18n.Default()) {
		if strings.HasPrefix(k, "speech.enrol.err.") && !slices.Contains(everyPrompt(), k) {
			t.Errorf("%s is not in the list of prompts this test checks", k)
		}
	}
	for _, tk := range i18n.Default().Keys(i18n.EN) {
		if strings.HasPrefix(tk, "enrol.err.") && !slices.Contains(everyPrompt(), speech.KeyPrefix+tk) {
			t.Errorf("the problem %s has no spoken prompt", tk)
		}
	}
	for _, err := range []error{nil, client.ErrRevoked, client.ErrUnauthorized, client.ErrOffline} {
		if k := speech.KeyPrefix + Standing(err); !slices.Contains(everyPrompt(), k) {
			t.Errorf("the standing %s has no spoken prompt", k)
		}
	}
}

// TestScreenSpeaks switches speech on at the enrolment screen and walks it:
// each step and problem is said as it appears, in the language shown, a field
// when tapped, and the code typed on the keyboard only as "one character
// typed"; off, nothing more is said.
func TestScreenSpeaks(t *testing.T) {
	const code = "K7QM-3XTR-PW9A"
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			w := window(t)
			rec := &speechtest.Recorder{}
			ca := testCA(t)
			fake := Funcs{
				FetchCA: func(context.Context, string) ([]byte, error) { return ca, nil },
				Enrol: func(context.Context, string, string, []byte) (string, error) {
					return "", &client.HTTPError{Status: 403, Code: "enroll_code_invalid"}
				},
			}
			var sc *Screen
			fyne.DoAndWait(func() {
				sc = NewScreen(w, ScreenOptions{Funcs: fake, URL: "https://central.example:8443", Lang: l, Done: func(string) {}, Speech: rec, Clock: &fakeClock{}})
			})
			if len(rec.Said()) != 0 {
				t.Fatalf("said before speech was switched on: %v", rec.Keys())
			}
			tap(t, w, i18n.T(l, "a11y.speech"))
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.on", "speech.enrol.step.address"}) || rec.Last().Lang != l {
				t.Fatalf("switched on: said %v in %s", got, rec.Last().Lang)
			}
			snap(t, w, string(l)+"-speech-on")
			fyne.DoAndWait(func() { fields(w)[1].Tapped(&fyne.PointEvent{}) })
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.enrol.field.port"}) {
				t.Fatalf("port tapped: said %v", got)
			}
			tap(t, w, i18n.T(l, "enrol.address.fetch"))
			waitLabel(t, w, i18n.T(l, "enrol.fingerprint.why"))
			waitSaid(t, rec, "speech.enrol.step.fingerprint")
			tap(t, w, i18n.T(l, "enrol.fingerprint.yes"))
			waitSaid(t, rec, "speech.enrol.step.code")
			// The code typed key by key on the on-screen keyboard, as a technician does.
			fyne.DoAndWait(func() {
				for _, r := range strings.ToLower(code) {
					sc.Keyboard().Press(string(r))
				}
			})
			if got := fields(w)[0].Text; !strings.EqualFold(got, code) {
				t.Fatalf("the code field holds %q", got)
			}
			tap(t, w, i18n.T(l, "enrol.code.enrol"))
			waitSaid(t, rec, "speech.enrol.err.code")
			rec.AssertNeverSaid(t, code, strings.ToLower(code))
			rec.AssertNotEchoed(t, code, strings.ToLower(code))
			rec.AssertSaidKnown(t)
			if n := strings.Count(strings.Join(rec.Keys(), " "), speech.KeyTyped); n < len(code)-2 {
				t.Errorf("the code's keys said %d times as typed, want one per character", n)
			}
			// Off: silent at once, and nothing more.
			tap(t, w, i18n.T(l, "a11y.speech"))
			n, stops := len(rec.Said()), rec.Stops()
			if stops == 0 {
				t.Error("switched off, the engine was not stopped")
			}
			tap(t, w, i18n.T(l, "nav.back"))
			if len(rec.Said()) != n {
				t.Fatalf("said %v with speech off", rec.Keys()[n:])
			}
		})
	}
}

// waitSaid waits until key has been said.
func waitSaid(t *testing.T, rec *speechtest.Recorder, key string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !slices.Contains(rec.Keys(), key) {
		if time.Now().After(deadline) {
			t.Fatalf("%s never said; said %v", key, rec.Keys())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// speakingHost is the test host that speaks (shell.Speaker), recording what
// it was asked to say.
type speakingHost struct {
	*host
	rec speechtest.Recorder
}

// Speak says u in the host's language, as the shell does.
func (h *speakingHost) Speak(u speech.Utterance) {
	if u.Lang == "" {
		u.Lang = h.lang
	}
	h.rec.Say(context.Background(), u)
}
func (h *speakingHost) Echo(u speech.Utterance) { h.Speak(u) }
func (h *speakingHost) SpeechOn() bool          { return true }

// TestIdentityToolSpeaks walks the staff tool Kiosk identity with speech on:
// the identity screen and central's answer, the re-enrolment warning with
// what it means for the requests waiting, and the re-enrolment's own first
// and last steps; the code never said.
func TestIdentityToolSpeaks(t *testing.T) {
	const code = "K7QM-3XTR-PW9A"
	w := window(t)
	ca := testCA(t)
	var kb *keyboard.Keyboard
	fyne.DoAndWait(func() { kb = keyboard.New(w.Canvas(), i18n.AR, keyboard.None) })
	h := &speakingHost{host: &host{lang: i18n.AR, w: w, kb: kb}}
	now := time.Now()
	reenrolled := make(chan string, 1)
	tool := NewIdentityTool(IdentityOptions{
		Funcs: Funcs{
			FetchCA: func(context.Context, string) ([]byte, error) { return ca, nil },
			Enrol:   func(context.Context, string, string, []byte) (string, error) { return "kiosk-new", nil },
		},
		Info: func() (client.Info, error) {
			return client.Info{KioskID: "kiosk-old", CentralURL: "https://central.example:8443", Serial: "01",
				NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), RenewFrom: now.Add(30 * time.Minute)}, nil
		},
		Stats:      func() (outbox.Stats, error) { return outbox.Stats{Queued: 2}, nil },
		Ping:       func(context.Context) error { return client.ErrRevoked },
		Reenrolled: func(id string) { reenrolled <- id },
	})
	fyne.DoAndWait(func() { h.Show(tool.Start(h)) })
	waitSaid(t, &h.rec, "speech.enrol.identity.revoked")
	tap(t, w, i18n.T(i18n.AR, "enrol.reenrol.button"))
	if got := h.rec.Last().Keys(); !slices.Equal(got, []string{"speech.enrol.reenrol", "speech.enrol.reenrol.waiting", "speech.enrol.reenrol.go"}) {
		t.Fatalf("the warning said %v", got)
	}
	tap(t, w, i18n.T(i18n.AR, "enrol.reenrol.start"))
	waitSaid(t, &h.rec, "speech.enrol.reenrol.step.address")
	tap(t, w, i18n.T(i18n.AR, "enrol.address.fetch"))
	waitSaid(t, &h.rec, "speech.enrol.step.fingerprint")
	tap(t, w, i18n.T(i18n.AR, "enrol.fingerprint.yes"))
	waitSaid(t, &h.rec, "speech.enrol.step.code")
	typeInto(t, fields(w)[0], code)
	tap(t, w, i18n.T(i18n.AR, "enrol.code.enrol"))
	waitSaid(t, &h.rec, "speech.enrol.reenrol.step.done")
	if slices.Contains(h.rec.Keys(), "speech.enrol.step.address") || slices.Contains(h.rec.Keys(), "speech.enrol.step.done") {
		t.Errorf("the re-enrolment said the first enrolment's prompts: %v", h.rec.Keys())
	}
	h.rec.AssertNeverSaid(t, code)
	h.rec.AssertSaidKnown(t)
	tap(t, w, i18n.T(i18n.AR, "enrol.reenrol.done_go"))
	if id := <-reenrolled; id != "kiosk-new" {
		t.Fatalf("Reenrolled(%q)", id)
	}
}
