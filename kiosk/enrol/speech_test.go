package enrol

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/client"
)

// everyPrompt is every prompt the enrolment screen can say: each step, the
// wait, each field, the idle warning and each problem Problem names.
func everyPrompt() []string {
	keys := []string{"speech.on", "speech.enrol.busy", "speech.enrol.idle",
		"speech.enrol.field.host", "speech.enrol.field.port", "speech.enrol.field.code"}
	for _, n := range stepNames {
		keys = append(keys, "speech.enrol.step."+n)
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
