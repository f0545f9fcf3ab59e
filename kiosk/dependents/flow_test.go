package dependents

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/kiosk/register"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/outbox"
	"github.com/bawaba/bawaba/sync/wire"
)

// TestAddOffline: a citizen proven by finger without the network is told the list
// cannot be shown, adds their wife (born in Hijri, as her citizen ID allows),
// reviews, and leaves with a receipt; the sealed request carries the template,
// and central, when it arrives, adds her and tells the applicant by SMS.
func TestAddOffline(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			applicant := k.Account(t, 4, true)
			wife := backoffice.SyntheticPerson(6)
			u := k.startUI(t, lang, nil, StepProve)
			u.prove(4, "")
			u.expectText("dependents.list.offline")
			u.snap("list_offline")
			u.tap("next")

			u.expectStep(StepType)
			u.snap("type")
			u.tap("type:national_id")
			u.expectStep(StepNumber)
			u.typeInto("number", wife.IDNumber)
			u.snap("number")
			u.tap("next")

			u.expectStep(StepBirth)
			if _, ok := u.f.Button("cal:hijri"); !ok {
				t.Fatal("a citizen's date of birth offers no Hijri calendar")
			}
			u.date(wife.BirthHijri)
			g, _ := identity.NewDate(identity.Gregorian, wife.BirthGregorian.Year, wife.BirthGregorian.Month, wife.BirthGregorian.Day)
			u.expectLiteral(formatBirthTwin(g, lang))
			u.snap("birth")
			u.tap("next")

			u.expectStep(StepRelation)
			if b, _ := u.f.Button("relation:spouse"); b.Size().Height < ChoiceHeight {
				t.Fatalf("relation buttons are %.0f dp tall, want %d", b.Size().Height, ChoiceHeight)
			}
			u.snap("relation")
			u.tap("relation:spouse")

			u.expectStep(StepReview)
			u.expectLiteral(wife.IDNumber)
			u.expectText("dependents.relation.spouse")
			u.snap("review")
			u.tap("next")

			u.expectStep(StepDone)
			u.expectText("dependents.done.next_offline")
			u.snap("done")
			res, _ := u.f.Result()
			if res.Live || res.PrintErr != nil {
				t.Fatalf("result %+v", res)
			}
			r := k.prn.Last()
			if r.Reference != res.Ref || r.QR != slip.StatusQR(res.Ref) || !strings.Contains(r.Lines[1].EN, identity.Mask(wife.IDNumber)) ||
				strings.Contains(r.Lines[1].EN, wife.IDNumber) {
				t.Fatalf("receipt %+v", r)
			}
			rec, err := k.Outbox.ByRef(res.Ref)
			if err != nil || rec.Kind != wire.KindDependent || rec.Meta[MetaProof] != wire.MethodFingerprint {
				t.Fatalf("queued %+v, %v", rec, err)
			}
			if bytes.Contains(rec.Sealed, []byte(wife.IDNumber)) {
				t.Fatal("the dependent's ID is in the outbox in clear")
			}

			st := k.Deliver(t, res.Ref)
			if st.State != wire.StateCompleted {
				t.Fatalf("central: %+v", st)
			}
			// The account's language; sent just after central commits.
			k.expectSMS(t, applicant.Mobile, i18n.Tf(i18n.AR, "sms.dependent_added", res.Ref))

			u.tap("finish")
			if u.s.FlowID() != "" {
				t.Fatalf("still in flow %s", u.s.FlowID())
			}
		})
	}
}

func formatBirthTwin(g identity.Date, lang i18n.Lang) string {
	return i18n.Tf(lang, "register.other_calendar", register.FormatDate(g, string(lang)))
}

// TestDeclinedByTheRegistry: a "son" older than the applicant passes the kiosk
// (it does not know the applicant's birth date) and is declined at central with
// its reason, by SMS to the applicant.
func TestDeclinedByTheRegistry(t *testing.T) {
	k := newKit(t)
	applicant := k.Account(t, 4, true)   // born 1986
	son := backoffice.SyntheticPerson(8) // a citizen born 1973
	u := k.startUI(t, i18n.EN, nil, StepProve)
	u.prove(4, "")
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", son.IDNumber)
	u.tap("next")
	u.tap("cal:gregorian")
	u.date(son.BirthGregorian)
	u.tap("next")
	u.tap("relation:child")
	u.tap("next")
	res, ok := u.f.Result()
	if !ok {
		t.Fatalf("not queued: step %s", u.f.Step())
	}
	st := k.Deliver(t, res.Ref)
	if st.State != wire.StateDeclined || st.Code != wire.DeclineRelationChildAge {
		t.Fatalf("central: %+v", st)
	}
	k.expectSMS(t, applicant.Mobile, i18n.Tf(i18n.AR, "sms.declined."+wire.DeclineRelationChildAge, res.Ref))
}

// TestOnlineList: proven live, the person sees the dependents on their record
// (name, relation, masked ID), and the request carries the proof token, not the
// finger; when central does not answer, the screen says the list cannot be shown.
func TestOnlineList(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.AR, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			k := newKit(t)
			k.online.Store(true)
			wife := backoffice.SyntheticPerson(6)
			live := &fakeLive{list: []wire.DependentInfo{{Name: wife.Name, MaskedID: identity.Mask(wife.IDNumber),
				Relationship: wire.RelationSpouse, Added: time.Now()}}}
			u := k.startUI(t, lang, live, StepProve)
			u.prove(4, "token-of-central")
			if live.token != "token-of-central" || len(u.f.Dependents()) != 1 {
				t.Fatalf("listed with %q: %+v", live.token, u.f.Dependents())
			}
			name := wife.Name.AR
			if lang == i18n.EN {
				name = wife.Name.EN
			}
			u.expectLiteral(name)
			u.expectLiteral(identity.Mask(wife.IDNumber))
			u.snap("list_online")
			u.tap("next")
			u.tap("type:iqama")
			if _, ok := u.f.Button("cal:hijri"); ok {
				t.Fatal("a resident's date of birth offers the Hijri calendar")
			}
			worker := backoffice.SyntheticPerson(9)
			u.typeInto("number", worker.IDNumber)
			u.tap("next")
			u.date(worker.BirthGregorian)
			u.tap("next")
			u.tap("relation:sponsored")
			u.tap("next")
			u.expectStep(StepDone)
			u.expectText("dependents.done.next_online")
			u.snap("done_online")
			res, _ := u.f.Result()
			if !res.Live {
				t.Fatalf("result %+v", res)
			}
			rec, err := k.Outbox.ByRef(res.Ref)
			if err != nil || rec.Meta[MetaProof] != "token" {
				t.Fatalf("queued %+v, %v", rec, err)
			}
		})
	}
	t.Run("central does not answer", func(t *testing.T) {
		k := newKit(t)
		k.online.Store(true)
		u := k.startUI(t, i18n.EN, &fakeLive{err: client.ErrOffline}, StepProve)
		u.prove(4, "token-of-central")
		if u.f.ListNote() != ListUnreachable {
			t.Fatalf("note %q", u.f.ListNote())
		}
		u.expectText("dependents.list.unreachable")
	})
}

// TestBadInputQueuesNothing: each field's bad input is a message next to it, the
// person stays on the step, and nothing is queued.
func TestBadInputQueuesNothing(t *testing.T) {
	k := newKit(t)
	applicant := backoffice.SyntheticPerson(4)
	wife := backoffice.SyntheticPerson(6)
	resident := backoffice.SyntheticPerson(9)
	u := k.startUI(t, i18n.EN, nil, StepProve)
	u.prove(4, "")
	u.tap("next")
	numbers := []struct {
		name   string
		kind   string
		number string
		want   identity.Code
	}{
		{"nothing typed", "type:national_id", "", identity.CodeIDRequired},
		{"a check digit that does not fit", "type:national_id", wife.IDNumber[:9] + string('0'+(wife.IDNumber[9]-'0'+1)%10), identity.CodeIDChecksum},
		{"an iqama number as a national ID", "type:national_id", resident.IDNumber, identity.CodeIDPrefix},
		{"too short", "type:iqama", "2123", identity.CodeIDLength},
		{"the applicant's own number", "type:national_id", applicant.IDNumber, identity.CodeRelationSelf},
	}
	for _, tt := range numbers {
		t.Run(tt.name, func(t *testing.T) {
			u.t = t
			if u.f.Step() != StepType {
				u.tap("back")
			}
			u.tap(tt.kind)
			u.typeInto("number", tt.number)
			u.tap("next")
			u.expectStep(StepNumber)
			if !errors.Is(u.f.err, tt.want) {
				t.Fatalf("message for %v, want %s", u.f.err, tt.want)
			}
			u.expectLiteral(identity.Error{Code: tt.want}.Message("en"))
		})
	}
	u.t = t
	u.snap("bad_number")
	u.typeInto("number", wife.IDNumber)
	u.tap("next")
	u.expectStep(StepBirth)
	tomorrow := time.Now().AddDate(0, 0, 2)
	dates := []struct {
		name string
		set  func()
		want identity.Code
	}{
		{"no date", func() {}, identity.CodeDateRequired},
		{"a day the month does not have", func() { u.tap("cal:gregorian"); u.date(wire.Date{Year: 1990, Month: 2, Day: 30}) }, identity.CodeDateDay},
		{"a date in the future", func() {
			u.date(wire.Date{Year: tomorrow.Year(), Month: int(tomorrow.Month()), Day: tomorrow.Day()})
		}, identity.CodeDOBFuture},
	}
	for _, tt := range dates {
		t.Run(tt.name, func(t *testing.T) {
			u.t = t
			tt.set()
			u.tap("next")
			u.expectStep(StepBirth)
			if !errors.Is(u.f.err, tt.want) {
				t.Fatalf("message for %v, want %s", u.f.err, tt.want)
			}
			u.expectLiteral(identity.Error{Code: tt.want}.Message("en"))
			// Start the date again from empty.
			u.f.dob = identity.Date{Calendar: u.f.dob.Calendar}
			u.f.show()
		})
	}
	u.t = t
	// A girl of ten as a wife: too young, said next to the relation.
	u.date(wire.Date{Year: time.Now().Year() - 10, Month: 1, Day: 1})
	u.tap("next")
	u.expectStep(StepRelation)
	u.tap("relation:spouse")
	u.expectStep(StepRelation)
	u.expectLiteral(identity.CodeRelationSpouseAge.Message("en"))
	u.snap("bad_relation")
	// A citizen as a sponsored worker.
	u.tap("relation:sponsored")
	u.expectStep(StepRelation)
	u.expectLiteral(identity.CodeRelationSponsoredCitizen.Message("en"))
	if n := u.queued(); n != 0 {
		t.Fatalf("%d requests queued", n)
	}
}

// TestLanguageSwitchKeepsTheRequest: switching language mid-way rebuilds the
// step with what was entered.
func TestLanguageSwitchKeepsTheRequest(t *testing.T) {
	k := newKit(t)
	wife := backoffice.SyntheticPerson(6)
	u := k.startUI(t, i18n.AR, nil, StepProve)
	u.prove(4, "")
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", wife.IDNumber)
	u.tap("next")
	u.date(wife.BirthHijri)
	u.tapText("English")
	u.lang = i18n.EN
	u.expectStep(StepBirth)
	u.expectText("dependents.birth.title")
	if d := u.f.dob; d.Year != wife.BirthHijri.Year || d.Day != wife.BirthHijri.Day {
		t.Fatalf("date lost: %+v", d)
	}
	u.tap("next")
	u.tap("relation:spouse")
	u.expectLiteral(wife.IDNumber)
}

// TestWipeForgetsTheProof: leaving the flow clears the template the prover gave
// and everything typed.
func TestWipeForgetsTheProof(t *testing.T) {
	k := newKit(t)
	wife := backoffice.SyntheticPerson(6)
	u := k.startUI(t, i18n.EN, nil, StepProve)
	u.prove(4, "")
	tmpl := u.f.proven.Template
	if !bytes.Equal(tmpl, biometric.SyntheticTemplate(backoffice.SyntheticPerson(4).IDNumber)) {
		t.Fatal("no template held")
	}
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", wife.IDNumber)
	u.s.Home()
	if u.f.proven != nil || u.f.number != "" || u.p.wiped == 0 {
		t.Fatalf("kept: proven %v number %q prover wiped %d", u.f.proven != nil, u.f.number, u.p.wiped)
	}
	if !bytes.Equal(tmpl, make([]byte, len(tmpl))) {
		t.Fatal("the template's bytes were not cleared")
	}
}

// TestFrozenOutboxRefuses: a kiosk that cannot store requests says so before the
// person proves anything.
func TestFrozenOutboxRefuses(t *testing.T) {
	k := newKit(t)
	k.frozen = errors.New("outbox: frozen for the test")
	u := k.startUI(t, i18n.EN, nil, StepRefused)
	if u.p != nil {
		t.Fatal("the prover started on a kiosk that cannot store requests")
	}
	u.expectText("dependents.refused.body")
	u.tap("home")
}

// frozen is the outbox when it refuses new requests.
type frozen struct {
	*outbox.Store
	err error
}

func (q frozen) Frozen() error { return q.err }

// TestPayloadCarriesOneProof: the sealed request carries the token when proven
// live and it has not expired, else the template, else the card number — one of
// them, never more.
func TestPayloadCarriesOneProof(t *testing.T) {
	tmpl := []byte{1, 2, 3}
	for _, tt := range []struct {
		p    Proven
		want string
	}{
		{Proven{Token: "tok", Template: tmpl}, "token"},
		{Proven{Token: "tok", Expires: time.Now().Add(time.Minute), Template: tmpl}, "token"},
		{Proven{Token: "expired", Expires: time.Now().Add(-time.Minute), Template: tmpl}, wire.MethodFingerprint},
		{Proven{Token: "expired", Expires: time.Now().Add(-time.Minute), CardPAN: "4000000000000002"}, wire.MethodBankCard},
		{Proven{Template: tmpl}, wire.MethodFingerprint},
		{Proven{CardPAN: "4000000000000002"}, wire.MethodBankCard},
	} {
		f := &Flow{proven: &tt.p, relation: wire.RelationChild}
		d, how := f.payload()
		b, _ := json.Marshal(d)
		n := 0
		for _, field := range []string{`"proof_token"`, `"fingerprint_template":"`, `"card_pan"`} {
			if bytes.Contains(b, []byte(field)) {
				n++
			}
		}
		if how != tt.want || n != 1 {
			t.Errorf("%+v: %s %s", tt.p, how, b)
		}
	}
}

// TestReadersReachTheProverOnly: a document or a card read while the person is
// being proven goes to the prover; once proven, the readers change nothing.
func TestReadersReachTheProverOnly(t *testing.T) {
	k := newKit(t)
	u := k.startUI(t, i18n.EN, nil, StepProve)
	u.f.FillFromDocument(mrz.Document{})
	u.f.CardInserted(nil, nil)
	if u.p.docs != 1 || u.p.cards != 1 {
		t.Fatalf("prover got %d documents, %d cards", u.p.docs, u.p.cards)
	}
	u.prove(4, "")
	u.f.FillFromDocument(mrz.Document{})
	u.f.CardInserted(nil, nil)
	if u.p.docs != 1 || u.p.cards != 1 || u.f.Step() != StepList {
		t.Fatalf("after the proof: %d documents, %d cards, step %s", u.p.docs, u.p.cards, u.f.Step())
	}
}

// TestTypeChangeConvertsTheDate: a date picked in Hijri for a citizen becomes
// the same day in Gregorian when the person corrects the type to an iqama.
func TestTypeChangeConvertsTheDate(t *testing.T) {
	k := newKit(t)
	wife := backoffice.SyntheticPerson(6)
	u := k.startUI(t, i18n.EN, nil, StepProve)
	u.prove(4, "")
	u.tap("next")
	u.tap("type:national_id")
	u.typeInto("number", wife.IDNumber)
	u.tap("next")
	u.date(wife.BirthHijri)
	u.tap("back")
	u.tap("back")
	u.tap("type:iqama")
	want := wife.BirthGregorian
	if d := u.f.dob; d.Calendar != identity.Gregorian || d.Year != want.Year || d.Month != want.Month || d.Day != want.Day {
		t.Fatalf("date %+v, want %+v", d, want)
	}
}
