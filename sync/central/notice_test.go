package central_test

import (
	"errors"
	"io/fs"
	"sort"
	"testing"

	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/biometric"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/central/centraltest"
	"github.com/bawaba/bawaba/sync/central/sms"
	"github.com/bawaba/bawaba/sync/wire"
)

// smsLog is every message in central's development SMS file; none before the first.
func smsLog(t testing.TB, h *centraltest.Central) []sms.Message {
	t.Helper()
	msgs, err := sms.Read(h.SMSPath)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return msgs
}

// TestOutcomeSMS delivers requests of every kind that central applies or declines and
// reads, from the SMS log, the one message each sends: to whom, in which language,
// with the reference and, for a decline, the reason's text. Where there is no number
// that is the person's to send to, no message goes out at all.
func TestOutcomeSMS(t *testing.T) {
	eachBackend(t, func(t *testing.T, h *centraltest.Central) {
		k := h.Kiosk(t)
		const i = 4 // a citizen with a fingerprint on record
		p := backoffice.SyntheticPerson(i)
		finger := biometric.SyntheticTemplate(p.IDNumber)
		dep := backoffice.SyntheticPerson(6)
		regEN := centraltest.Registration(i)
		regEN.Language = "en"
		taken := centraltest.Registration(8)
		taken.Mobile = p.Mobile
		unknown := &wire.Registration{IDType: wire.IDCitizen, IDNumber: "1999999996", Mobile: "+966559999999", Email: "nobody@example.com",
			Username: "Nobody123", Password: "Str0ng!Pass#", Language: "en", BirthDate: wire.Date{Calendar: wire.CalendarHijri, Year: 1400, Month: 1, Day: 1}}
		address := wire.Address{BuildingNumber: "1234", Street: "Test Street", District: "Test District", City: "Riyadh", PostalCode: "12345", AdditionalNumber: "6789"}
		newMobile := "+971501234567"

		steps := []struct {
			name   string
			kind   string
			body   func() any
			state  string
			key    string // "" when no message may go out
			mobile string
			lang   i18n.Lang
		}{
			{"a registration applied: to its mobile, in its language", wire.KindRegistration, func() any { return regEN },
				wire.StateCompleted, "sms.registered", p.Mobile, i18n.EN},
			{"a registration declined: to its mobile, in its own language", wire.KindRegistration, func() any { return centraltest.Registration(i) },
				wire.StateDeclined, "sms.declined.account_exists", p.Mobile, i18n.AR},
			{"an unknown person's registration: to the mobile given", wire.KindRegistration, func() any { return unknown },
				wire.StateDeclined, "sms.declined.not_in_registry", unknown.Mobile, i18n.EN},
			{"a registration with someone else's number: not to that number", wire.KindRegistration, func() any { return taken },
				wire.StateDeclined, "", "", ""},
			{"an activation declined: to the account's mobile, in its language", wire.KindActivation, func() any {
				return &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: biometric.SyntheticTemplate("someone else")}
			}, wire.StateDeclined, "sms.declined.fingerprint_mismatch", p.Mobile, i18n.EN},
			{"an activation applied", wire.KindActivation, func() any {
				return &wire.Activation{IDNumber: p.IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: finger}
			}, wire.StateCompleted, "sms.activated", p.Mobile, i18n.EN},
			{"an activation of the active account, by the card alone: already active, to the account's mobile", wire.KindActivation, func() any {
				return &wire.Activation{Method: wire.MethodBankCard, CardPAN: p.CardPAN}
			}, wire.StateDeclined, "sms.declined.already_active", p.Mobile, i18n.EN},
			{"an activation with no account: nobody to tell", wire.KindActivation, func() any {
				return &wire.Activation{IDNumber: backoffice.SyntheticPerson(9).IDNumber, Method: wire.MethodFingerprint, FingerprintTemplate: finger}
			}, wire.StateDeclined, "", "", ""},
			{"an address update applied", wire.KindAddressUpdate, func() any {
				return &wire.AddressUpdate{IDNumber: p.IDNumber, Address: address, FingerprintTemplate: finger}
			}, wire.StateCompleted, "sms.address_updated", p.Mobile, i18n.EN},
			{"an address update declined", wire.KindAddressUpdate, func() any {
				return &wire.AddressUpdate{IDNumber: p.IDNumber, Address: wire.Address{BuildingNumber: "12"}, FingerprintTemplate: finger}
			}, wire.StateDeclined, "sms.declined.invalid", p.Mobile, i18n.EN},
			{"a dependent added", wire.KindDependent, func() any {
				return &wire.Dependent{IDNumber: p.IDNumber, DependentIDNumber: dep.IDNumber, Relationship: wire.RelationSpouse, DependentBirthDate: dep.BirthHijri, FingerprintTemplate: finger}
			}, wire.StateCompleted, "sms.dependent_added", p.Mobile, i18n.EN},
			{"a dependent declined", wire.KindDependent, func() any {
				return &wire.Dependent{IDNumber: p.IDNumber, DependentIDNumber: "1999999996", Relationship: wire.RelationChild, DependentBirthDate: dep.BirthHijri, FingerprintTemplate: finger}
			}, wire.StateDeclined, "sms.declined.dependent_unknown", p.Mobile, i18n.EN},
			{"a mobile change declined: to the new number the person holds", wire.KindMobileChange, func() any {
				return &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: newMobile, NewMobileOTP: "otp-none", Proof: wire.MethodFingerprint, FingerprintTemplate: finger}
			}, wire.StateDeclined, "sms.declined.otp_not_verified", newMobile, i18n.EN},
			{"a mobile change to someone else's number: to the registered number", wire.KindMobileChange, func() any {
				return &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: backoffice.SyntheticPerson(5).Mobile, NewMobileOTP: "otp-none", Proof: wire.MethodFingerprint, FingerprintTemplate: finger}
			}, wire.StateDeclined, "sms.declined.mobile_taken", p.Mobile, i18n.EN},
			{"a mobile change applied: to the new number", wire.KindMobileChange, func() any {
				var sent wire.OTPSendResponse
				k.Call(t, "POST", wire.PathOTPSend, wire.OTPSendRequest{Mobile: newMobile, Purpose: wire.PurposeMobileChange, Language: "en"}, &sent)
				var ver wire.OTPVerifyResponse
				k.Call(t, "POST", wire.PathOTPVerify, wire.OTPVerifyRequest{ChallengeID: sent.ChallengeID, Code: h.LastCode(t, newMobile)}, &ver)
				return &wire.MobileChange{IDNumber: p.IDNumber, NewMobile: newMobile, NewMobileOTP: sent.ChallengeID, Proof: wire.MethodFingerprint, FingerprintTemplate: finger}
			}, wire.StateCompleted, "sms.mobile_changed", newMobile, i18n.EN},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				rec := k.Record(t, s.kind, s.body())
				before := len(smsLog(t, h))
				// Delivered twice, as a kiosk does when the first answer is lost:
				// the person is told once.
				for range 2 {
					if st, _, e := k.Push(t, rec); st != 200 {
						t.Fatalf("push: %d %+v", st, e)
					}
				}
				if got := k.Status(t, rec.Ref); got.State != s.state {
					t.Fatalf("status %+v, want %s", got, s.state)
				}
				sent := smsLog(t, h)[before:]
				if s.key == "" {
					if len(sent) != 0 {
						t.Fatalf("want no SMS, sent %+v", sent)
					}
					return
				}
				// An applied mobile change also tells the old number that the
				// account moved away from it.
				var also, alsoTo string
				if s.kind == wire.KindMobileChange && s.state == wire.StateCompleted {
					also, alsoTo = "sms.mobile_moved", p.Mobile
				}
				wantN := 1
				if also != "" {
					wantN = 2
				}
				if len(sent) != wantN {
					t.Fatalf("want %d SMS, sent %d: %+v", wantN, len(sent), sent)
				}
				want := i18n.Tf(s.lang, s.key, rec.Ref)
				if !i18n.Default().Has(s.lang, s.key) || sent[0].Mobile != s.mobile || sent[0].Text != want {
					t.Fatalf("sent %+v\nwant to %s: %q", sent[0], s.mobile, want)
				}
				if also != "" {
					want := i18n.Tf(s.lang, also, rec.Ref)
					if !i18n.Default().Has(s.lang, also) || sent[1].Mobile != alsoTo || sent[1].Text != want {
						t.Fatalf("sent %+v\nwant to %s: %q", sent[1], alsoTo, want)
					}
				}
			})
		}
	})
}

// TestEveryDeclineHasItsText: a decline code with no text would reach the person as
// a bare catalogue key by SMS, and as general advice on the kiosk's Request status
// screen (kiosk/status, reqstatus.reason.<code>). The codes are read from
// sync/wire's source, so a new code without its texts fails here.
func TestEveryDeclineHasItsText(t *testing.T) {
	var codes []string
	for _, v := range wireStrings(t, "Decline") {
		codes = append(codes, v)
	}
	sort.Strings(codes)
	if len(codes) < 13 {
		t.Fatalf("only %d decline codes found; the parser missed them", len(codes))
	}
	for _, code := range codes {
		for _, l := range []i18n.Lang{i18n.AR, i18n.EN} {
			for _, key := range []string{backoffice.DeclineKey(code), "reqstatus.reason." + code} {
				if !i18n.Default().Has(l, key) {
					t.Errorf("%s: no %s text", l, key)
				}
			}
		}
	}
}
