package activate

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
)

// TestEveryActivationScreenHasAPrompt is the spoken counterpart of the text
// completeness test: every step, with every answer of central, every reason,
// each outcome of printing the reason, online and offline, with and without a
// printed receipt, has a spoken prompt in both languages. (The capture's and
// the ID form's own are kiosk/proof's test.)
func TestEveryActivationScreenHasAPrompt(t *testing.T) {
	f := New(Options{})
	f.H = langHost{lang: i18n.EN}
	var keys []string
	say := func(what string) {
		id, u := f.Speech()
		if u.Empty() {
			t.Errorf("%s (%s) says nothing", what, id)
		}
		keys = append(keys, u.Keys()...)
	}
	failed := errors.New("printer jam")
	slips := []*error{nil, new(error), &failed}
	for s := StepID; s <= StepRefused; s++ {
		f.step, f.capture, f.left = s, proof.NewCapture(proof.CaptureOptions{}), 7*time.Minute
		f.result = &Result{Ref: "ACT-0001"}
		switch s {
		case StepAnswer:
			for _, a := range []string{AnswerNotInRegistry, AnswerNoAccount, AnswerActive, AnswerNoFingerprint} {
				for _, sl := range slips {
					f.answer, f.slipPrinted = a, sl
					say(s.String() + " " + a)
				}
			}
		case StepAlternative, StepLocked:
			for _, r := range []string{ReasonNoFingerprint, ReasonExhausted, ReasonDeclined} {
				for _, sl := range slips {
					f.reason, f.slipPrinted = r, sl
					say(s.String() + " " + r)
				}
			}
		case StepOffline:
			for _, lost := range []bool{false, true} {
				f.lost = lost
				say(s.String())
			}
		case StepDone:
			for _, matched := range []bool{false, true} {
				for _, perr := range []error{nil, failed} {
					f.result = &Result{Ref: "ACT-0001", Matched: matched, PrintErr: perr}
					say(s.String())
				}
			}
		default:
			say(s.String())
		}
	}
	keys = append(keys, "speech.activate.wait") // while a call runs
	speechtest.AssertPrompts(t, nil, keys...)
}

// langHost is a host that has only a language: all Speech asks of it.
type langHost struct {
	shell.Host
	lang i18n.Lang
}

func (h langHost) Lang() i18n.Lang { return h.lang }

// TestActivationIsSpoken drives an activation online with speech on, in both
// languages: the ID typed on the keypad, the masked name to confirm, a
// stranger's finger and then the person's own, the result. Every screen is
// said in the session's language with keys the catalogue has, the ID and the
// name only after the warning that they are heard aloud, and the reference
// is spelled slowly.
func TestActivationIsSpoken(t *testing.T) {
	k := newKit(t)
	for li, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			p := k.account(t, 12+20*li, false) // in the register, with a fingerprint on record
			rec := &speechtest.Recorder{}
			u := k.startWith(t, lang, rec)
			u.typeID(p.IDNumber)
			u.expectStep(StepConfirm)
			u.who.Will("a stranger's finger", p.IDNumber)
			u.Tap("next")
			u.expectStep(StepDone)
			res, _ := u.f.Result()

			keys := rec.Keys()
			for _, want := range []string{"speech.activate.id", "speech.activate.confirm", speech.KeyAloud, "speech.activate.confirm.action",
				"speech.activate.finger", "speech.proof.finger.right_index", "speech.activate.finger.cannot", "speech.proof.checking",
				"speech.proof.no_match", "speech.proof.lift", "speech.activate.done.online", "speech.activate.done.ref",
				"speech.activate.done.printed", "speech.activate.done.next_online", "speech.activate.done.finish"} {
				if !slices.Contains(keys, want) {
					t.Errorf("never said %s", want)
				}
			}
			rec.AssertSaidKnown(t)
			for _, said := range rec.Said() {
				if said.Lang != lang && !slices.ContainsFunc(said.Keys(), func(k string) bool { return strings.HasPrefix(k, "speech.language.") }) {
					t.Errorf("said %v in %q, want %s", said.Keys(), said.Lang, lang)
				}
			}
			done := rec.Last()
			if i := slices.IndexFunc(done.Parts, func(p speech.Part) bool { return p.Spell == res.Ref }); i < 0 || !done.Parts[i].Slow {
				t.Errorf("the result said %+v, want the reference %s spelled slowly", done, res.Ref)
			}
			rec.AssertPersonalWarned(t, []string{p.IDNumber}, proof.KeyIDField, "speech.activate.id")
			for _, said := range rec.Said() {
				if slices.Contains(said.Keys(), "speech.activate.confirm") && !said.Personal() {
					t.Errorf("the confirm screen said the name without the personal mark: %+v", said)
				}
			}
		})
	}
}
