package wire

import "time"

// PathDependents is where a kiosk lists the dependents on a proven person's record.
const PathDependents = "/v1/dependents" // POST DependentsRequest -> DependentsResponse

// DependentsRequest is the body of POST /v1/dependents: the proof token of the
// person whose record is listed (POST, so that it is never in a URL or a log).
type DependentsRequest struct {
	ProofToken string `json:"proof_token"`
}

// DependentInfo is one dependent as the person whose record it is may see it:
// the name in both languages, the relation, the ID number masked to its last
// four characters (identity.Mask) and when it was added. Nothing else (no date of
// birth, no mobile) leaves central.
type DependentInfo struct {
	Name         Text      `json:"name"`
	MaskedID     string    `json:"masked_id"`
	Relationship string    `json:"relationship"`
	Added        time.Time `json:"added"`
}

// DependentsResponse is the 200 body of POST /v1/dependents, oldest first; an
// empty list when there are none. Errors: 403 ErrProofFailed when the token does
// not prove a person to this kiosk (tampered, expired, another kiosk's).
type DependentsResponse struct {
	Dependents []DependentInfo `json:"dependents"`
}

// Decline codes of KindDependent beyond DeclineDependentUnknown and
// DeclineDependentExists: the registry checks central makes when it applies one
// (identity.CheckRelation is the rule the relation codes come from).
const (
	DeclineDependentSelf     = "dependent_self"      // the dependent's ID is the applicant's own
	DeclineDependentTaken    = "dependent_taken"     // the dependent is on another person's record
	DeclineDependentMismatch = "dependent_mismatch"  // the dependent's type of ID or date of birth does not match the registry
	DeclineRelationSpouseAge = "relation_spouse_age" // a spouse under identity.MinSpouseAge
	DeclineRelationChildAge  = "relation_child_age"  // a child not younger than the applicant
	DeclineRelationParentAge = "relation_parent_age" // a parent not older than the applicant
	DeclineRelationSponsored = "relation_sponsored"  // a citizen cannot be a sponsored person
	// DeclineProofFailed is a queued request whose proof token does not prove the
	// person it names (tampered, another kiosk's, or made after it expired).
	DeclineProofFailed = "proof_failed"
)

// DependentDeclines lists the decline codes a KindDependent record can get, for
// the tests that every one has its texts.
var DependentDeclines = []string{DeclineInvalid, DeclineNotInRegistry, DeclineFingerprint, DeclineNoFingerprint,
	DeclineCardMismatch, DeclineProofFailed, DeclineDependentSelf, DeclineDependentUnknown, DeclineDependentMismatch,
	DeclineRelationSpouseAge, DeclineRelationChildAge, DeclineRelationParentAge, DeclineRelationSponsored,
	DeclineDependentExists, DeclineDependentTaken}
