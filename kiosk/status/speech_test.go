package status

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// TestEveryScreenAndErrorHasAPrompt: the entry, waiting and answer screens,
// every input error and every text an answer can say (each kind, state,
// explanation and decline reason in the catalogue) have a spoken prompt in
// both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	keys := []string{"speech.status.entry", "speech.status.field", "speech.status.looking", "speech.status.answer",
		"speech.status.answer.action", "speech.status.err.outbox"}
	for _, code := range []string{ErrCodeEmpty, ErrCodeLength, ErrCodeChar, ErrCodeCheck, ErrCodeNotOurs, ErrCodeDigitalID} {
		keys = append(keys, "speech.status.err."+code)
	}
	for _, k := range i18n.Default().Keys(i18n.EN) {
		for _, p := range []string{"reqstatus.kind.", "reqstatus.state.", "reqstatus.detail.", "reqstatus.reason."} {
			if strings.HasPrefix(k, p) {
				keys = append(keys, SpeechKey(k))
			}
		}
	}
	keys = append(keys, SpeechKey("reqstatus.offline"))
	speechtest.AssertPrompts(t, nil, keys...)
	speechtest.AssertDiacritised(t, keys...)
}

// TestStatusIsSpoken looks up a mistyped reference and then requests in each
// state the outbox knows, with speech on: the entry screen, the error, the
// waiting screen and each answer are said in the session's language, the
// reference spelled, and each key touched is said.
func TestStatusIsSpoken(t *testing.T) {
	for _, lang := range langs {
		t.Run(string(lang), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			ob, queued, sent, attention := realOutbox(t)
			u := startWith(t, lang, Options{Central: unreachable{}, Outbox: ob}, rec)
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.status.entry"}) {
				t.Fatalf("the entry screen said %v", got)
			}
			test.Tap(u.f.Field())
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.status.field"}) {
				t.Errorf("the field said %v on focus", got)
			}
			// Keys touched on the on-screen keyboard are said (by the shell).
			rec.Reset()
			for _, key := range []string{"7", "k"} {
				test.Tap(u.s.Keyboard().Key(key))
			}
			if got := rec.Spelled(); !strings.HasSuffix(got, "7|k|") || u.f.Field().Text != "7k" {
				t.Errorf("typing 7k said %q (field %q)", got, u.f.Field().Text)
			}
			u.tap("lookup")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.status.err." + ErrCodeLength}) {
				t.Errorf("a short reference said %v", got)
			}
			for _, c := range []struct {
				ref, state, detail string
			}{
				{queued.Ref, "waiting", "waiting"},
				{sent.Ref, "sent", "sent"},
				{attention.Ref, "attention", "attention"},
				{ref.New(), "unknown_offline", "unknown_offline"},
			} {
				rec.Reset()
				u.lookUp(c.ref)
				keys := rec.Keys()
				if !slices.Contains(keys, "speech.status.looking") {
					t.Errorf("%s: the waiting screen was not said: %v", c.ref, keys)
				}
				answer := rec.Last()
				want := []string{"speech.status.answer", "speech.status.state." + c.state, "speech.status.detail." + c.detail, "speech.status.answer.action"}
				for _, k := range want {
					if !slices.Contains(answer.Keys(), k) {
						t.Errorf("%s: the answer %v lacks %s", c.ref, answer.Keys(), k)
					}
				}
				if len(answer.Parts) < 2 || answer.Parts[1].Spell != c.ref {
					t.Errorf("%s: the reference was not spelled: %+v", c.ref, answer)
				}
				if answer.Lang != lang {
					t.Errorf("%s: said in %q", c.ref, answer.Lang)
				}
			}
			u.s.Repeat()
			if got := rec.Last().Keys(); got[0] != "speech.status.answer" {
				t.Errorf("repeat said %v, want the answer again", got)
			}
			rec.AssertSaidKnown(t)
		})
	}
}

// TestSilentWithSpeechOff: the flow says nothing while speech mode is off.
func TestSilentWithSpeechOff(t *testing.T) {
	rec := &speechtest.Recorder{}
	ob, queued, _, _ := realOutbox(t)
	u := startWith(t, i18n.EN, Options{Central: unreachable{}, Outbox: ob}, rec)
	u.s.SetSpeech(false)
	rec.Reset()
	u.lookUp(queued.Ref)
	if n := len(rec.Said()); n != 0 {
		t.Errorf("speech off, yet %d utterances: %v", n, rec.Keys())
	}
}
