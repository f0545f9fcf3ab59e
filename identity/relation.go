package identity

import "time"

// Relations of a dependent to the person whose record they are added to. The
// strings are the protocol's (sync/wire's Relation* constants); the central
// service's tests hold the two equal.
const (
	RelationSpouse    = "spouse"
	RelationChild     = "child"
	RelationParent    = "parent"
	RelationSponsored = "sponsored" // a domestic worker or other sponsored resident
)

// Relations lists the relations in the order the kiosk offers them.
func Relations() []string {
	return []string{RelationSpouse, RelationChild, RelationParent, RelationSponsored}
}

// MinSpouseAge is the age in Gregorian years below which nobody is accepted as a
// spouse on a record: the legal age of marriage registration (18).
const MinSpouseAge = 18

// Codes of CheckRelation and CheckDependentID, carried with FieldRelation or
// FieldID.
const (
	CodeRelationUnknown          Code = "relation.unknown"           // not one of Relations
	CodeRelationSelf             Code = "relation.self"              // the dependent is the applicant
	CodeRelationSpouseAge        Code = "relation.spouse_age"        // a spouse under MinSpouseAge
	CodeRelationChildAge         Code = "relation.child_age"         // a child not younger than the applicant
	CodeRelationParentAge        Code = "relation.parent_age"        // a parent not older than the applicant
	CodeRelationSponsoredCitizen Code = "relation.sponsored_citizen" // a citizen cannot be sponsored
)

// FieldRelation is the relation choice.
const FieldRelation = "relation"

// Kin is what the relation rules know of one side: the kind of ID and the date
// of birth. A zero Birth is unknown (the kiosk does not know the applicant's),
// and the rules that compare dates are then left to whoever knows it.
type Kin struct {
	IDType IDType
	Birth  Date
}

// CheckDependentID reports CodeRelationSelf (on FieldID) when the dependent's
// number is the applicant's own: nobody is their own dependent.
func CheckDependentID(applicant, dependent string) error {
	if NormalizeDigits(applicant) == NormalizeDigits(dependent) {
		return errf(CodeRelationSelf, FieldID)
	}
	return nil
}

// CheckRelation applies the rules a dependent's relation must fit, the same at
// the kiosk (with the applicant's birth date unknown) and at the central service
// (with both from the registry):
//
//   - a spouse is at least MinSpouseAge Gregorian years old on today;
//   - a child is born after the applicant, a parent before;
//   - a sponsored person is not a citizen (citizens are nobody's sponsored
//     worker).
//
// Errors carry FieldRelation.
func CheckRelation(relation string, applicant, dependent Kin, today time.Time) error {
	known := func(d Date) bool { return d.Calendar != 0 && d.Year != 0 }
	switch relation {
	case RelationSpouse:
		if known(dependent.Birth) {
			if age, err := AgeIn(Gregorian, dependent.Birth, today); err == nil && age < MinSpouseAge {
				return errf(CodeRelationSpouseAge, FieldRelation)
			}
		}
	case RelationChild:
		if known(applicant.Birth) && known(dependent.Birth) && !applicant.Birth.Before(dependent.Birth) {
			return errf(CodeRelationChildAge, FieldRelation)
		}
	case RelationParent:
		if known(applicant.Birth) && known(dependent.Birth) && !dependent.Birth.Before(applicant.Birth) {
			return errf(CodeRelationParentAge, FieldRelation)
		}
	case RelationSponsored:
		if dependent.IDType == NationalID {
			return errf(CodeRelationSponsoredCitizen, FieldRelation)
		}
	default:
		return errf(CodeRelationUnknown, FieldRelation)
	}
	return nil
}
