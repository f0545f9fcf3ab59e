package central_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/wire"
)

// minor is a citizen born in 2015 added to the synthetic registry: too young to
// be anyone's spouse.
func minor(t testing.TB, h *centraltest.Central) backoffice.Person {
	t.Helper()
	p := backoffice.SyntheticPerson(1000)
	born := time.Date(2015, 3, 1, 12, 0, 0, 0, time.UTC)
	p.BirthGregorian = wire.Date{Calendar: wire.CalendarGregorian, Year: 2015, Month: 3, Day: 1}
	hd, err := identity.DateOf(identity.Hijri, born)
	if err != nil {
		t.Fatal(err)
	}
	p.BirthHijri = wire.Date{Calendar: wire.CalendarHijri, Year: hd.Year, Month: hd.Month, Day: hd.Day}
	line, _ := json.Marshal(p)
	if _, err := h.Admin.LoadRegistry(context.Background(), bytes.NewReader(line)); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDependentRegistryChecks delivers dependents that central adds or declines
// with each of the registry's reasons, and reads from the SMS log the one
// message each sends to the applicant's registered mobile, in the account's
// language.
func TestDependentRegistryChecks(t *testing.T) {
	h := newHarness(t, boltOpen)
	k := h.Kiosk(t)
	a := h.Account(t, 4, true) // a citizen born 1986, account in Arabic
	b := h.Account(t, 2, true) // a citizen born 1993
	aFinger := biometric.SyntheticTemplate(a.IDNumber)
	young := minor(t, h)
	dep := func(i int) backoffice.Person { return backoffice.SyntheticPerson(i) }
	add := func(applicant backoffice.Person, d backoffice.Person, rel string) *wire.Dependent {
		return &wire.Dependent{IDNumber: applicant.IDNumber, DependentIDNumber: d.IDNumber, DependentIDType: d.IDType,
			Relationship: rel, DependentBirthDate: d.BirthHijri, FingerprintTemplate: biometric.SyntheticTemplate(applicant.IDNumber)}
	}
	wrongBirth := add(a, dep(6), wire.RelationSpouse)
	wrongBirth.DependentBirthDate = dep(6).BirthGregorian
	wrongBirth.DependentBirthDate.Day = wrongBirth.DependentBirthDate.Day%28 + 1
	byCard := add(a, dep(16), wire.RelationChild)
	byCard.FingerprintTemplate, byCard.CardPAN = nil, a.CardPAN
	byToken := add(a, dep(14), wire.RelationParent)
	byToken.FingerprintTemplate, byToken.ProofToken = nil, "not-a-token-of-central"
	otherCard := add(a, dep(14), wire.RelationParent)
	otherCard.FingerprintTemplate, otherCard.CardPAN = nil, b.CardPAN

	steps := []struct {
		name string
		body *wire.Dependent
		to   backoffice.Person
		code string // "" when added
	}{
		{"the applicant themself", add(a, a, wire.RelationChild), a, wire.DeclineDependentSelf},
		{"an ID not in the registry", &wire.Dependent{IDNumber: a.IDNumber, DependentIDNumber: "1999999996", Relationship: wire.RelationChild,
			DependentBirthDate: dep(6).BirthHijri, FingerprintTemplate: aFinger}, a, wire.DeclineDependentUnknown},
		{"a date of birth the registry does not have", wrongBirth, a, wire.DeclineDependentMismatch},
		{"a spouse under 18", add(a, young, wire.RelationSpouse), a, wire.DeclineRelationSpouseAge},
		{"a child older than the applicant", add(a, dep(8), wire.RelationChild), a, wire.DeclineRelationChildAge},
		{"a parent younger than the applicant", add(a, dep(18), wire.RelationParent), a, wire.DeclineRelationParentAge},
		{"a citizen as a sponsored person", add(a, dep(12), wire.RelationSponsored), a, wire.DeclineRelationSponsored},
		{"a proof token central did not make", byToken, a, wire.DeclineProofFailed},
		{"another person's bank card", otherCard, a, wire.DeclineCardMismatch},
		{"a finger that is not the applicant's", func() *wire.Dependent {
			d := add(a, dep(6), wire.RelationSpouse)
			d.FingerprintTemplate = biometric.SyntheticTemplate("someone else")
			return d
		}(), a, wire.DeclineFingerprint},
		{"a spouse who fits, proven by finger", add(a, dep(6), wire.RelationSpouse), a, ""},
		{"the same spouse again", add(a, dep(6), wire.RelationSpouse), a, wire.DeclineDependentExists},
		{"someone already on another person's record", add(b, dep(6), wire.RelationSpouse), b, wire.DeclineDependentTaken},
		{"a child who fits, proven by the bank card (ATM offline)", byCard, a, ""},
		{"a sponsored resident who fits", add(a, dep(9), wire.RelationSponsored), a, ""},
		{"a parent who fits", add(a, dep(14), wire.RelationParent), a, ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			rec := k.Record(t, wire.KindDependent, s.body)
			before := len(smsLog(t, h))
			if st, _, e := k.Push(t, rec); st != 200 {
				t.Fatalf("push: %d %+v", st, e)
			}
			got := k.Status(t, rec.Ref)
			key := "sms.dependent_added"
			if s.code == "" {
				if got.State != wire.StateCompleted {
					t.Fatalf("status %+v, want completed", got)
				}
			} else {
				if got.State != wire.StateDeclined || got.Code != s.code {
					t.Fatalf("status %+v, want declined %s", got, s.code)
				}
				key = "sms.declined." + s.code
			}
			sent := smsLog(t, h)[before:]
			want := i18n.Tf(i18n.AR, key, rec.Ref)
			if len(sent) != 1 || sent[0].Mobile != s.to.Mobile || sent[0].Text != want || !i18n.Default().Has(i18n.AR, key) {
				t.Fatalf("sent %+v\nwant one to %s: %q", sent, s.to.Mobile, want)
			}
		})
	}

	// The record now lists the four added, oldest first, and nothing else.
	t.Run("the list through a live proof", func(t *testing.T) {
		var proof wire.ProofResponse
		st, e := k.Call(t, http.MethodPost, wire.PathProof, wire.ProofRequest{Method: wire.MethodFingerprint, IDNumber: a.IDNumber, FingerprintTemplate: aFinger}, &proof)
		if st == http.StatusNotFound {
			t.Skip("POST /v1/proof is not on this branch yet")
		}
		if st != 200 {
			t.Fatalf("proof: %d %+v", st, e)
		}
		var res wire.DependentsResponse
		if st, e := k.Call(t, http.MethodPost, wire.PathDependents, wire.DependentsRequest{ProofToken: proof.Token}, &res); st != 200 {
			t.Fatalf("dependents: %d %+v", st, e)
		}
		want := []struct {
			p   backoffice.Person
			rel string
		}{{dep(6), wire.RelationSpouse}, {dep(16), wire.RelationChild}, {dep(9), wire.RelationSponsored}, {dep(14), wire.RelationParent}}
		if len(res.Dependents) != len(want) {
			t.Fatalf("got %+v, want %d dependents", res.Dependents, len(want))
		}
		for i, w := range want {
			got := res.Dependents[i]
			if got.Name != w.p.Name || got.Relationship != w.rel || got.MaskedID != identity.Mask(w.p.IDNumber) || got.Added.IsZero() {
				t.Errorf("dependent %d: %+v, want %s %s %s", i, got, w.p.Name.EN, w.rel, identity.Mask(w.p.IDNumber))
			}
		}
	})
}

// TestDependentsListRefusesWithoutProof: the list is only for a person proven to
// this kiosk; a token central did not make, or none, gets nothing.
func TestDependentsListRefusesWithoutProof(t *testing.T) {
	h := newHarness(t, boltOpen)
	k := h.Kiosk(t)
	var res wire.DependentsResponse
	if st, e := k.Call(t, http.MethodPost, wire.PathDependents, wire.DependentsRequest{ProofToken: "forged"}, &res); st != http.StatusForbidden || e.Code != wire.ErrProofFailed {
		t.Fatalf("forged token: %d %+v", st, e)
	}
	if st, e := k.Call(t, http.MethodPost, wire.PathDependents, wire.DependentsRequest{}, &res); st != http.StatusBadRequest {
		t.Fatalf("no token: %d %+v", st, e)
	}
}

// TestDependentDeclineTexts: every reason a dependent can be declined with has
// its SMS and its Request status text in both languages, and the relations are
// the same strings in the identity rules and the protocol.
func TestDependentDeclineTexts(t *testing.T) {
	for _, code := range wire.DependentDeclines {
		for _, l := range i18n.Langs {
			for _, key := range []string{backoffice.DeclineKey(code), "reqstatus.reason." + code} {
				if !i18n.Default().Has(l, key) {
					t.Errorf("%s has no text %s in %s", code, key, l)
				}
			}
		}
	}
	if got, want := identity.Relations(), []string{wire.RelationSpouse, wire.RelationChild, wire.RelationParent, wire.RelationSponsored}; len(got) != len(want) ||
		got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("identity relations %v, wire %v", got, want)
	}
}
