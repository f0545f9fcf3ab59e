package identity

import (
	"errors"
	"testing"
	"time"
)

func TestCheckRelation(t *testing.T) {
	today := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	g := func(y, m, d int) Date { return Date{Calendar: Gregorian, Year: y, Month: m, Day: d} }
	h := func(y, m, d int) Date { return Date{Calendar: Hijri, Year: y, Month: m, Day: d} }
	adult := Kin{IDType: NationalID, Birth: g(1980, 5, 1)}
	tests := []struct {
		name      string
		relation  string
		applicant Kin
		dependent Kin
		want      error // nil, or the code
	}{
		{"a spouse of 30 fits", RelationSpouse, adult, Kin{NationalID, g(1996, 1, 1)}, nil},
		{"a spouse who turned 18 today fits", RelationSpouse, adult, Kin{NationalID, g(2008, 12, 2)}, nil},
		{"a spouse who turns 18 tomorrow does not", RelationSpouse, adult, Kin{NationalID, g(2008, 12, 3)}, CodeRelationSpouseAge},
		{"a spouse's age counts Gregorian years even from a Hijri date", RelationSpouse, adult, Kin{NationalID, h(1430, 1, 1)}, CodeRelationSpouseAge},
		{"a spouse whose date the kiosk does not know yet is not judged", RelationSpouse, adult, Kin{NationalID, Date{}}, nil},
		{"a child born after the applicant fits", RelationChild, adult, Kin{NationalID, g(2010, 1, 1)}, nil},
		{"a child born the same day does not", RelationChild, adult, Kin{NationalID, g(1980, 5, 1)}, CodeRelationChildAge},
		{"a child older than the applicant does not", RelationChild, adult, Kin{NationalID, g(1970, 1, 1)}, CodeRelationChildAge},
		{"a child, the applicant's birth unknown (at the kiosk), is not judged", RelationChild, Kin{IDType: NationalID}, Kin{NationalID, g(1970, 1, 1)}, nil},
		{"a parent born before the applicant fits", RelationParent, adult, Kin{NationalID, g(1950, 1, 1)}, nil},
		{"a parent younger than the applicant does not", RelationParent, adult, Kin{NationalID, g(1990, 1, 1)}, CodeRelationParentAge},
		{"a sponsored resident fits", RelationSponsored, adult, Kin{Iqama, g(1990, 1, 1)}, nil},
		{"a sponsored new arrival fits", RelationSponsored, adult, Kin{BorderNumber, g(1990, 1, 1)}, nil},
		{"a sponsored citizen does not", RelationSponsored, adult, Kin{NationalID, g(1990, 1, 1)}, CodeRelationSponsoredCitizen},
		{"an unknown relation does not", "cousin", adult, Kin{NationalID, g(1990, 1, 1)}, CodeRelationUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRelation(tt.relation, tt.applicant, tt.dependent, today)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("got %v, want none", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("got %v, want %v", err, tt.want)
			case err != nil && !errors.Is(err, Error{Code: err.(Error).Code, Field: FieldRelation}):
				t.Fatalf("got %v, want it on the relation field", err)
			}
		})
	}
}

func TestCheckDependentID(t *testing.T) {
	if err := CheckDependentID("1000000008", "١٠٠٠٠٠٠٠٠٨"); !errors.Is(err, Error{Code: CodeRelationSelf, Field: FieldID}) {
		t.Fatalf("the applicant's own number in Arabic digits: got %v", err)
	}
	if err := CheckDependentID("1000000008", "1000000016"); err != nil {
		t.Fatalf("another number: got %v", err)
	}
}
