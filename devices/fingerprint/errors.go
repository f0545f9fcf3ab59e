package fingerprint

import "fmt"

// Code is a module confirmation code. The UI shows Message (translated) to the
// person at the kiosk.
type Code byte

// Confirmation codes (ZFM / R30x manuals; Adafruit_Fingerprint.h).
const (
	CodeOK             Code = 0x00
	CodePacketError    Code = 0x01
	CodeNoFinger       Code = 0x02
	CodeImageFail      Code = 0x03
	CodeImageMessy     Code = 0x06
	CodeFewFeatures    Code = 0x07
	CodeNoMatch        Code = 0x08
	CodeNotFound       Code = 0x09
	CodeEnrollMismatch Code = 0x0A
	CodeBadLocation    Code = 0x0B
	CodeBadTemplate    Code = 0x0C
	CodeUploadFail     Code = 0x0D
	CodeReceiveFail    Code = 0x0E
	CodeUploadImage    Code = 0x0F
	CodeDeleteFail     Code = 0x10
	CodeClearFail      Code = 0x11
	CodeWrongPassword  Code = 0x13
	CodeNoValidImage   Code = 0x15
	CodeFlashError     Code = 0x18
	CodeInvalidReg     Code = 0x1A
	CodeAddress        Code = 0x20
	CodePasswordNeeded Code = 0x21
)

// Message is an English explanation for people (the UI translates by Code).
func (c Code) Message() string {
	switch c {
	case CodeOK:
		return "ok"
	case CodePacketError:
		return "the sensor did not understand the command"
	case CodeNoFinger:
		return "no finger on the sensor"
	case CodeImageFail:
		return "the finger image could not be captured"
	case CodeImageMessy:
		return "the finger image is too messy"
	case CodeFewFeatures:
		return "too few features in the finger image"
	case CodeNoMatch:
		return "the fingerprints do not match"
	case CodeNotFound:
		return "the fingerprint is not enrolled"
	case CodeEnrollMismatch:
		return "the two captures are not the same finger"
	case CodeBadLocation:
		return "the template slot is out of range"
	case CodeBadTemplate:
		return "the stored template is invalid"
	case CodeUploadFail, CodeUploadImage:
		return "the sensor could not send the data"
	case CodeReceiveFail:
		return "the sensor could not receive the data"
	case CodeWrongPassword:
		return "wrong sensor password"
	case CodeNoValidImage:
		return "no valid finger image"
	case CodeFlashError:
		return "the sensor's memory failed"
	case CodePasswordNeeded:
		return "the sensor password must be verified first"
	}
	return fmt.Sprintf("sensor error 0x%02X", byte(c))
}

// Error is a non-OK confirmation code returned for an operation.
type Error struct {
	Code Code
	Op   string // "GenImg", "Search", …
}

func (e *Error) Error() string {
	if e.Op == "" {
		return "fingerprint: " + e.Code.Message()
	}
	return "fingerprint: " + e.Op + ": " + e.Code.Message()
}

// Is matches any *Error with the same Code, so errors.Is(err, ErrNoFinger) works
// whatever the operation.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels for the codes callers branch on.
var (
	ErrNoFinger    = &Error{Code: CodeNoFinger}    // nobody is touching the sensor
	ErrImageMessy  = &Error{Code: CodeImageMessy}  // ask the person to press again
	ErrFewFeatures = &Error{Code: CodeFewFeatures} // ask the person to press flatter
	ErrNoMatch     = &Error{Code: CodeNoMatch}     // 1:1 verification failed
	ErrNotFound    = &Error{Code: CodeNotFound}    // 1:N identification found nobody
)
