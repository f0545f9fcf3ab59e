package register

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/bawaba/bawaba/identity"
	"github.com/bawaba/bawaba/identity/luhn"
	"github.com/bawaba/bawaba/sync/central/backoffice"
	"github.com/bawaba/bawaba/sync/wire"
)

// sharedInput is one registration as a person types it at the kiosk (the typed
// fields) and as a kiosk sends it to central (the wire fields). Empty typed fields
// take a valid default, and so do empty wire fields.
type sharedInput struct {
	name  string
	valid bool // the verdict both sides must give

	idType      identity.IdentityType
	idNumber    string // typed
	nationality string // typed (alpha-3, as the picker stores it)
	date        identity.Date
	mobile      string // typed
	email       string
	username    string

	// What a kiosk sends for this input: for a valid input the test checks that the
	// kiosk sent exactly this; for an invalid one it is what a kiosk that skipped the
	// check would have sent, the canonical form, so central is asked about the rule
	// and not about the typing.
	wireType, wireID, wireNat, wireMobile string
}

// TestKioskAndCentralGiveOneVerdict runs every input through the kiosk's checks
// (the registration wizard, step by step, then queued offline) and central's
// (backoffice.ValidRegistration, which the back office applies to every received
// registration) and demands the same verdict from both, and the expected one.
//
// The minimum age is a kiosk setting (Deps.MinAge, 0 here) that central does not
// know, and the password is checked by the same identity.CheckPassword on both
// sides before central hashes it; neither is in this table.
func TestKioskAndCentralGiveOneVerdict(t *testing.T) {
	citizen, iqama := luhnID("100000001"), luhnID("200000002")
	hijri := identity.Date{Calendar: identity.Hijri, Year: 1410, Month: 5, Day: 12}
	greg := func(y, m, d int) identity.Date {
		return identity.Date{Calendar: identity.Gregorian, Year: y, Month: m, Day: d}
	}
	tests := []sharedInput{
		// National IDs.
		{name: "a national ID with a correct check digit", valid: true},
		{name: "a national ID typed in Arabic-Indic digits", valid: true, idNumber: arabicIndic(citizen), wireID: citizen},
		{name: "a national ID typed with spaces and dashes", valid: true, idNumber: citizen[:3] + " " + citizen[3:6] + "-" + citizen[6:], wireID: citizen},
		{name: "a national ID with a wrong check digit", idNumber: citizen[:9] + string('0'+(citizen[9]-'0'+1)%10)},
		{name: "a national ID of nine digits", idNumber: citizen[:9]},
		{name: "a national ID of eleven digits", idNumber: citizen + "0"},
		{name: "an iqama number given as a national ID", idNumber: iqama},
		{name: "a national ID with a letter", idNumber: "10000A0001"},
		{name: "a national ID with a foreign nationality", nationality: "EGY", wireNat: "EG"},
		// Iqamas and border numbers.
		{name: "an iqama with a correct check digit", valid: true, idType: identity.Resident, idNumber: iqama, date: greg(1990, 3, 1), wireType: wire.IDResident},
		{name: "an iqama with a wrong check digit", idType: identity.Resident, idNumber: iqama[:9] + string('0'+(iqama[9]-'0'+1)%10), date: greg(1990, 3, 1), wireType: wire.IDResident},
		{name: "an iqama with a nationality", valid: true, idType: identity.Resident, idNumber: iqama, nationality: "IND", date: greg(1990, 3, 1), wireType: wire.IDResident, wireNat: "IN"},
		{name: "a border number starting 3, no check digit", valid: true, idType: identity.Resident, idNumber: "3123456789", date: greg(1990, 3, 1), wireType: wire.IDBorder},
		{name: "a border number starting 4 that also passes Luhn", valid: true, idType: identity.Resident, idNumber: luhnID("400000001"), date: greg(1990, 3, 1), wireType: wire.IDBorder},
		{name: "a border number starting 5", idType: identity.Resident, idNumber: "5123456789", date: greg(1990, 3, 1), wireType: wire.IDBorder},
		{name: "a border number of eleven digits", idType: identity.Resident, idNumber: "31234567890", date: greg(1990, 3, 1), wireType: wire.IDBorder},
		{name: "a border number with a Saudi nationality", idType: identity.Resident, idNumber: "3123456789", nationality: "SAU", date: greg(1990, 3, 1), wireType: wire.IDBorder, wireNat: "SA"},
		// Passports.
		{name: "a passport of eight characters", valid: true, idType: identity.Visitor, idNumber: "A1234567", nationality: "GBR", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "GB"},
		{name: "a passport typed in lower case", valid: true, idType: identity.Visitor, idNumber: "a1234567", nationality: "GBR", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireID: "A1234567", wireNat: "GB"},
		{name: "a passport of five characters", valid: true, idType: identity.Visitor, idNumber: "N1234", nationality: "EGY", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "EG"},
		{name: "a passport of four characters", idType: identity.Visitor, idNumber: "N123", nationality: "EGY", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "EG"},
		{name: "a passport of fifteen characters", valid: true, idType: identity.Visitor, idNumber: "AB1234567890123", nationality: "IND", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "IN"},
		{name: "a passport of sixteen characters", idType: identity.Visitor, idNumber: "AB12345678901234", nationality: "IND", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "IN"},
		{name: "a passport of twenty characters, once accepted by central", idType: identity.Visitor, idNumber: "AB123456789012345678", nationality: "IND", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "IN"},
		{name: "a passport with a filler sign", idType: identity.Visitor, idNumber: "A1234<567", nationality: "GBR", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "GB"},
		{name: "a passport without nationality", idType: identity.Visitor, idNumber: "A1234567", date: greg(1985, 7, 4), wireType: wire.IDVisitor},
		{name: "a Saudi passport", idType: identity.Visitor, idNumber: "A1234567", nationality: "SAU", date: greg(1985, 7, 4), wireType: wire.IDVisitor, wireNat: "SA"},
		// GCC national IDs.
		{name: "an Emirates ID", valid: true, idType: identity.GCC, idNumber: "784-1990-1234567-0", nationality: "ARE", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireID: "784199012345670", wireNat: "AE"},
		{name: "an Emirates ID not starting 784", idType: identity.GCC, idNumber: "785199012345670", nationality: "ARE", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "AE"},
		{name: "a Kuwaiti civil ID", valid: true, idType: identity.GCC, idNumber: "290011512345", nationality: "KWT", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "KW"},
		{name: "a Kuwaiti civil ID of eleven digits", idType: identity.GCC, idNumber: "29001151234", nationality: "KWT", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "KW"},
		{name: "a Bahraini CPR", valid: true, idType: identity.GCC, idNumber: "900112345", nationality: "BHR", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "BH"},
		{name: "a Qatari ID", valid: true, idType: identity.GCC, idNumber: "29063412345", nationality: "QAT", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "QA"},
		{name: "an Omani civil number", valid: true, idType: identity.GCC, idNumber: "12345678", nationality: "OMN", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "OM"},
		{name: "an Omani civil number with a leading zero", idType: identity.GCC, idNumber: "01234567", nationality: "OMN", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "OM"},
		{name: "a GCC ID with a nationality outside the GCC", idType: identity.GCC, idNumber: "784199012345670", nationality: "EGY", date: greg(1990, 1, 15), wireType: wire.IDGCC, wireNat: "EG"},
		{name: "a GCC ID without nationality", idType: identity.GCC, idNumber: "784199012345670", date: greg(1990, 1, 15), wireType: wire.IDGCC},
		// Dates of birth.
		{name: "a citizen's Hijri date", valid: true, date: hijri},
		{name: "a citizen's Gregorian date", valid: true, date: greg(1989, 12, 10)},
		{name: "30 Rabi' I 1410, a day that does not exist (ICU: 29 days)", date: identity.Date{Calendar: identity.Hijri, Year: 1410, Month: 3, Day: 30}},
		{name: "a Hijri date after today", date: identity.Date{Calendar: identity.Hijri, Year: 1460, Month: 1, Day: 1}},
		{name: "a resident's Hijri date", idType: identity.Resident, idNumber: iqama, date: hijri, wireType: wire.IDResident},
		{name: "29 February of a leap year", valid: true, date: greg(2000, 2, 29)},
		{name: "29 February of a common year", date: greg(2001, 2, 29)},
		{name: "a Gregorian date the day before the supported range", date: greg(1882, 11, 11)},
		{name: "the first day of the supported range (1 Muharram 1300)", valid: true, date: greg(1882, 11, 12)},
		// Mobiles.
		{name: "a Saudi mobile typed 05…", valid: true, mobile: "0501234567", wireMobile: "+966501234567"},
		{name: "a Saudi mobile typed +966 5…", valid: true, mobile: "+966 50 123 4567", wireMobile: "+966501234567"},
		{name: "a Saudi mobile in Arabic-Indic digits", valid: true, mobile: "٠٥٠١٢٣٤٥٦٧", wireMobile: "+966501234567"},
		{name: "a Saudi landline", mobile: "0112345678", wireMobile: "+966112345678"},
		{name: "a Saudi mobile one digit short", mobile: "050123456", wireMobile: "+96650123456"},
		{name: "an Emirati mobile", valid: true, mobile: "+971501234567", wireMobile: "+971501234567"},
		{name: "a number with no country behind its code", mobile: "+999501234567", wireMobile: "+999501234567"},
		{name: "a foreign number of sixteen digits", mobile: "+4479111234567890", wireMobile: "+4479111234567890"},
		// Email and username.
		{name: "an email address", valid: true, email: "test.resident@example.com"},
		{name: "an email without a domain", email: "test.resident@"},
		{name: "no email", email: " "},
		{name: "a username without a capital letter", username: "testuser2026"},
		{name: "a username of seven characters", username: "Test202"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt = tt.withDefaults(citizen)
			kiosk, sent := kioskVerdict(t, tt)
			if kiosk != tt.valid {
				t.Fatalf("kiosk says valid=%v, want %v", kiosk, tt.valid)
			}
			reg := &wire.Registration{
				IDType: tt.wireType, IDNumber: tt.wireID, Nationality: tt.wireNat, Mobile: tt.wireMobile,
				BirthDate: wire.Date{Calendar: tt.date.Calendar.String(), Year: tt.date.Year, Month: tt.date.Month, Day: tt.date.Day},
				Email:     strings.TrimSpace(tt.email), Username: tt.username, Language: LangArabic,
			}
			if kiosk {
				got := *sent
				got.Password, got.TermsVersion = "", ""
				if got != *reg {
					t.Fatalf("the kiosk sent\n%+v\nwant\n%+v", got, *reg)
				}
			}
			if central := backoffice.ValidRegistration(reg, clockStart); central != kiosk {
				t.Fatalf("kiosk says valid=%v, central says %v", kiosk, central)
			}
		})
	}
	if len(tests) < 50 {
		t.Fatalf("%d shared inputs; the table was meant to cover every kind", len(tests))
	}
}

func (in sharedInput) withDefaults(citizen string) sharedInput {
	if in.idType == 0 {
		in.idType = identity.Citizen
	}
	if in.idNumber == "" {
		in.idNumber = citizen
	}
	if in.date == (identity.Date{}) {
		in.date = identity.Date{Calendar: identity.Hijri, Year: 1410, Month: 5, Day: 12}
	}
	if in.mobile == "" {
		in.mobile, in.wireMobile = testMobile, testE164
	}
	if in.email == "" {
		in.email = "test.resident@example.com"
	}
	if in.username == "" {
		in.username = "TestUser2026"
	}
	if in.wireType == "" {
		in.wireType = wire.IDCitizen
	}
	if in.wireID == "" {
		in.wireID = in.idNumber
	}
	if in.wireNat == "" && in.idType == identity.Citizen {
		in.wireNat = "SA"
	}
	return in
}

// kioskVerdict walks the wizard with the input and, when every step accepts it,
// submits offline and returns the registration the kiosk queued.
func kioskVerdict(t *testing.T, in sharedInput) (bool, *wire.Registration) {
	t.Helper()
	h := newHarness(t)
	w, ctx := h.w, context.Background()
	for w.Step() < StepReview {
		switch s := w.Step(); s {
		case StepIdentityType:
			w.SetIDType(in.idType)
		case StepIDNumber:
			w.Set(FieldIDNumber, in.idNumber)
			w.Set(FieldNationality, in.nationality)
		case StepBirthDate:
			// Set directly: the date picker offers only the calendars the type
			// allows, and the check behind it must refuse the others all the same.
			w.form.BirthDate = in.date
		case StepMobile:
			w.Set(FieldMobile, in.mobile)
		case StepEmail:
			w.Set(FieldEmail, in.email)
		case StepCredentials:
			w.Set(FieldUsername, in.username)
			w.Set(FieldPassword, testPass)
			w.Set(FieldConfirm, testPass)
		default:
			h.fill(t, s)
		}
		if s := w.Step(); s == StepLanguage {
			w.SetLanguage(LangArabic)
		}
		err := w.Next(ctx)
		if errors.Is(err, ErrInvalid) {
			t.Logf("kiosk: %v", err)
			return false, nil
		}
		if err != nil {
			t.Fatalf("step %s: %v", w.Step(), err)
		}
	}
	if err := w.Submit(ctx); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if len(h.q.Requests()) != 1 {
		t.Fatalf("%d requests queued", len(h.q.Requests()))
	}
	return true, decode(t, h.q.Requests()[0])
}

func luhnID(payload string) string { return payload + string(luhn.Digit(payload)) }

func arabicIndic(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + r - '0'
		}
		return r
	}, s)
}
