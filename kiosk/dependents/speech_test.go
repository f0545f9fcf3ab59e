package dependents

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/speech/speechtest"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestEveryScreenAndErrorHasAPrompt: every step (each type of ID's number
// step, each list note), every field, relation and calendar, the outcomes,
// and every error the steps can show — the identity rules' for an ID, a date
// of birth and a relation — have a spoken prompt in both languages.
func TestEveryScreenAndErrorHasAPrompt(t *testing.T) {
	keys := []string{"speech.tile.dependents", "speech.dependents.wait", "speech.dependents.refused",
		"speech.dependents.list.empty", "speech.dependents.list.count", "speech.dependents.list.id", "speech.dependents.list.action",
		"speech.dependents.type", NumberPrompt, datePrompt("day"), datePrompt("year"), "speech.dependents.birth",
		"speech.dependents.birth.calendars", "speech.dependents.birth.action", "speech.dependents.relation",
		"speech.dependents.review", "speech.dependents.review.number", "speech.dependents.review.birth",
		"speech.dependents.review.relation", "speech.dependents.review.action", "speech.dependents.done",
		"speech.dependents.done.printed", "speech.dependents.done.print_failed", "speech.dependents.done.next_online",
		"speech.dependents.done.next_offline", "speech.dependents.done.action", "speech.err.invalid"}
	for _, note := range []string{ListOffline, ListUnreachable} {
		keys = append(keys, "speech.dependents.list."+note)
	}
	for _, k := range IDTypes() {
		keys = append(keys, "speech.dependents.number."+k.String(), "speech.dependents.review.type."+k.String())
	}
	for _, rel := range identity.Relations() {
		keys = append(keys, relationPrompt(rel))
	}
	for _, c := range []identity.Calendar{identity.Hijri, identity.Gregorian} {
		keys = append(keys, "speech.dependents.calendar."+c.String())
	}
	for _, c := range identity.Codes() {
		for _, p := range []string{"id.", "date.", "dob.", "relation."} {
			if strings.HasPrefix(string(c), p) {
				keys = append(keys, "speech.err."+string(c))
			}
		}
	}
	speechtest.AssertPrompts(t, nil, keys...)
	speechtest.AssertDiacritised(t, keys...)
}

// TestDependentsAreSpoken adds a dependent with speech on, online with one on
// record: the list says the relation and the masked ID spelled, each step its
// question, an error when one appears, the number's digits as personal data,
// the date picker each part changed, the review the number after the warning,
// the result the reference spelled — in the session's language.
func TestDependentsAreSpoken(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			rec := &speechtest.Recorder{}
			k := newKit(t)
			k.online.Store(true)
			wife := backoffice.SyntheticPerson(6)
			masked := identity.Mask(wife.IDNumber)
			live := &fakeLive{list: []wire.DependentInfo{{Name: wife.Name, MaskedID: masked, Relationship: wire.RelationSpouse, Added: time.Now()}}}
			u := k.startSpeaking(t, lang, live, func(u *ui) NewProver {
				return func(onProven func(shell.Host, Proven), onCancel func(shell.Host)) Prover {
					u.p = &prover{onProven: onProven, onCancel: onCancel}
					return u.p
				}
			}, rec)
			u.prove(4, "token-of-central")
			list := rec.Last()
			if !slices.Contains(list.Keys(), relationPrompt(wire.RelationSpouse)) || !strings.Contains(rec.Spelled(), masked[len(masked)-4:]+"|") ||
				strings.Contains(rec.Spelled(), "*") {
				t.Errorf("the list said %+v, want the relation and the end of %s", list, masked)
			}
			u.tap("next")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.dependents.type"}) {
				t.Errorf("the type step said %v", got)
			}
			u.tap("type:national_id")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.dependents.number.national_id"}) {
				t.Errorf("the number step said %v", got)
			}
			// A number with a wrong check digit: its error, said.
			bad := wife.IDNumber[:9] + string('0'+(wife.IDNumber[9]-'0'+1)%10)
			u.typeInto("number", bad)
			if got := rec.Last(); len(got.Parts) != 1 || got.Parts[0].Spell != bad[9:] || !got.Parts[0].Personal {
				t.Errorf("a digit echoed %+v", got)
			}
			u.tap("next")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.err." + string(identity.CodeIDChecksum)}) {
				t.Errorf("a wrong check digit said %v", got)
			}
			u.typeInto("number", wife.IDNumber)
			u.tap("next")
			u.expectStep(StepBirth)
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.dependents.birth", "speech.dependents.birth.calendars", "speech.dependents.birth.action"}) {
				t.Errorf("the birth step said %v", got)
			}
			u.tap("cal:gregorian")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.dependents.calendar.gregorian"}) {
				t.Errorf("the calendar switch said %v", got)
			}
			u.date(wife.BirthGregorian)
			if !slices.Contains(rec.Keys(), datePrompt("day")) || !slices.Contains(rec.Keys(), speech.MonthKey("gregorian", 1)) {
				t.Errorf("the date picker did not say the day field and the month: %v", rec.Keys())
			}
			u.tap("next")
			u.expectStep(StepRelation)
			u.tap("relation:sponsored")
			if got := rec.Last().Keys(); !slices.Equal(got, []string{"speech.err." + string(identity.CodeRelationSponsoredCitizen)}) {
				t.Errorf("a citizen as a sponsored person said %v", got)
			}
			u.tap("relation:spouse")
			u.expectStep(StepReview)
			review := rec.Last()
			if review.Keys()[0] != "speech.dependents.review" || !review.Personal() {
				t.Errorf("the review said %+v", review)
			}
			u.tap("next")
			u.expectStep(StepDone)
			res, _ := u.f.Result()
			if done := rec.Last(); done.Keys()[0] != "speech.dependents.done" || done.Parts[1].Spell != res.Ref ||
				!slices.Contains(done.Keys(), "speech.dependents.done.next_online") {
				t.Errorf("the done screen said %+v, want the reference %s", done, res.Ref)
			}
			for _, said := range rec.Said() {
				if said.Lang != lang && !slices.Contains(said.Keys(), "speech.language.ar.right") {
					t.Errorf("said %v in %q", said.Keys(), said.Lang)
				}
			}
			rec.AssertSaidKnown(t)
			rec.AssertNeverSaid(t, "token-of-central")
			rec.AssertPersonalWarned(t, []string{wife.IDNumber}, NumberPrompt, "speech.dependents.number.national_id", datePrompt("day"), datePrompt("year"))
		})
	}
}
