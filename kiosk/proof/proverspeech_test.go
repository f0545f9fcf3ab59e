package proof_test

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/proof"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestProofIsSpoken drives a proof with speech on, as a person who cannot
// read would, in both languages: the ID typed, the finger screen, "I cannot
// give a fingerprint", then the username, the password, a wrong code and the
// right one, through a real central service. Every screen and error met is
// said in the session's language with keys the catalogue has; the password
// and the codes never reach the speech engine, each of their keys says only
// "one character typed"; the ID number and the username only after the
// warning that they are heard aloud.
func TestProofIsSpoken(t *testing.T) {
	k := newProverKit(t)
	for li, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			i := 8 + 20*li // an account with a fingerprint on record
			p := k.c.Account(t, i, true)
			rec := &speechtest.Recorder{}
			r := k.startWith(t, lang, false, false, rec)
			r.Tap("finger")
			field := r.p.Form().Field()
			test.Tap(field)
			test.Type(field, p.IDNumber)
			r.Snap("spoken_id")
			r.Tap("next")
			r.expect(proof.ProveFinger)
			r.Tap("no_finger")
			r.expect(proof.ProveNoFinger)
			r.Tap("password")
			user, pass, _ := r.p.Fields()
			test.Tap(user)
			test.Type(user, centraltest.Username(i))
			test.Tap(pass)
			n := len(rec.Said())
			test.Type(pass, centraltest.Password)
			for _, u := range rec.Said()[n:] {
				if k := u.Keys(); len(u.Parts) != 1 || len(k) != 1 || (k[0] != speech.KeyTyped && k[0] != "speech.prove.field.password") {
					t.Fatalf("a password key said %+v", u)
				}
			}
			r.Tap("send_code")
			r.expect(proof.ProveCode)
			code := k.c.LastCode(t, p.Mobile)
			wrong := string('0'+(code[0]-'0'+1)%10) + code[1:]
			_, _, cf := r.p.Fields()
			test.Type(cf, wrong)
			r.Tap("next")
			r.expect(proof.ProveCode)
			r.Snap("spoken_code_wrong")
			_, _, cf = r.p.Fields()
			test.Type(cf, code)
			r.Tap("next")
			r.expect(proof.ProveDone)

			keys := rec.Keys()
			for _, want := range []string{"speech.prove.choose", "speech.prove.id", proof.KeyIDField, "speech.proof.finger.right_index",
				"speech.prove.finger.cannot", "speech.prove.no_finger.declined", "speech.prove.other.password", "speech.prove.login",
				"speech.prove.field.username", "speech.prove.field.password", speech.KeyTyped, "speech.prove.code.sent",
				"speech.prove.code", "speech.prove.code.wrong", "speech.prove.wait"} {
				if !slices.Contains(keys, want) {
					t.Errorf("never said %s", want)
				}
			}
			rec.AssertSaidKnown(t)
			for _, u := range rec.Said() {
				if u.Lang != lang && !slices.ContainsFunc(u.Keys(), func(k string) bool { return k == "speech.language.ar.right" || k == "speech.language.ar.left" }) {
					t.Errorf("said %v in %q, want %s", u.Keys(), u.Lang, lang)
				}
			}
			masked := wire.MaskMobile(p.Mobile)
			if !slices.ContainsFunc(rec.Said(), func(u speech.Utterance) bool {
				return slices.Contains(u.Keys(), "speech.prove.code.sent") && slices.ContainsFunc(u.Parts, func(part speech.Part) bool { return part.Spell == masked })
			}) {
				t.Error("the code screen did not spell the masked number")
			}
			rec.AssertNeverSaid(t, centraltest.Password, code, wrong)
			rec.AssertPersonalWarned(t, []string{p.IDNumber, centraltest.Username(i)},
				proof.KeyIDField, "speech.prove.id", "speech.prove.login", "speech.prove.field.username")
		})
	}
}
