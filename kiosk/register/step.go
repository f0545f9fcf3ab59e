package register

// Step is one screen of the wizard, in the order a person meets them.
type Step int

// The steps. Steps before StepReview collect input; StepOTP appears only when the
// central service was reachable at submission.
const (
	StepIdentityType Step = iota
	StepIDNumber
	StepBirthDate
	StepMobile
	StepEmail
	StepCredentials
	StepLanguage
	StepCaptcha
	StepTerms
	StepReview
	StepOTP
	StepDone
)

var stepNames = [...]string{
	"identity_type", "id_number", "birth_date", "mobile", "email", "credentials",
	"language", "captcha", "terms", "review", "otp", "done",
}

func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "unknown"
	}
	return stepNames[s]
}

// InputSteps are the steps the step indicator numbers: every step that collects
// input, then the review.
func InputSteps() []Step {
	s := make([]Step, 0, int(StepReview)+1)
	for i := StepIdentityType; i <= StepReview; i++ {
		s = append(s, i)
	}
	return s
}

// Title is the step's heading on screen and in the step indicator: the catalogue's
// "register.step.<String()>". An unknown step has no title.
func (s Step) Title() Text {
	if s < 0 || int(s) >= len(stepNames) {
		return Text{}
	}
	return catalogText("register.step." + s.String())
}

// Field names one piece of input; errors are attached to fields.
type Field string

// The fields, named as in logs and tests.
const (
	FieldIDType      Field = "id_type"
	FieldIDNumber    Field = "id_number"
	FieldNationality Field = "nationality"
	FieldBirthDate   Field = "birth_date"
	FieldMobile      Field = "mobile"
	FieldEmail       Field = "email"
	FieldUsername    Field = "username"
	FieldPassword    Field = "password"
	FieldConfirm     Field = "confirm"
	FieldLanguage    Field = "language"
	FieldCaptcha     Field = "captcha"
	FieldTerms       Field = "terms"
	FieldOTP         Field = "otp"
)

// stepOf is where a field is entered, so a late error (an ID that already has an
// account) sends the person back to the right screen.
func stepOf(f Field) Step {
	switch f {
	case FieldIDType:
		return StepIdentityType
	case FieldIDNumber, FieldNationality:
		return StepIDNumber
	case FieldBirthDate:
		return StepBirthDate
	case FieldMobile:
		return StepMobile
	case FieldEmail:
		return StepEmail
	case FieldUsername, FieldPassword, FieldConfirm:
		return StepCredentials
	case FieldLanguage:
		return StepLanguage
	case FieldCaptcha:
		return StepCaptcha
	case FieldTerms:
		return StepTerms
	case FieldOTP:
		return StepOTP
	}
	return StepReview
}
