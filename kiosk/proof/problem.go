package proof

import (
	"context"
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/manager"
)

// Problem is what went wrong with one capture, for the person.
type Problem struct {
	// Key is the i18n key of the plain-words explanation.
	Key string
	// Hint is the i18n key of what to do now ("press a little harder"); "" for none.
	Hint string
	// Counts is true when the sensor read a finger badly: the try is used up.
	// Device faults and a finger that never came do not count against the person.
	Counts bool
	// Code is the sensor's confirmation code, 0 when the error is not one.
	Code fingerprint.Code
}

// Explain says what a capture error means. Every confirmation code of
// devices/fingerprint has its own text (CodeKey); link faults (no reply, bad
// checksum, a sensor unplugged) and a finger that never came are faults that do
// not use up a try.
func Explain(err error) Problem {
	var fe *fingerprint.Error
	switch {
	case err == nil:
		return Problem{}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, fingerprint.ErrNoFinger):
		return Problem{Key: "proof.fault.timeout", Hint: "proof.hint.place"}
	case errors.As(err, &fe):
		p := Problem{Key: CodeKey(fe.Code), Code: fe.Code}
		switch fe.Code {
		case fingerprint.CodeImageMessy, fingerprint.CodeFewFeatures, fingerprint.CodeNoValidImage:
			p.Counts, p.Hint = true, "proof.hint.harder"
		case fingerprint.CodeImageFail:
			p.Counts, p.Hint = true, "proof.hint.clean"
		case fingerprint.CodeNoMatch:
			p.Counts, p.Hint = true, "proof.hint.again"
		default:
			p.Hint = "proof.hint.retry_later"
		}
		return p
	case errors.Is(err, fingerprint.ErrChecksum), errors.Is(err, fingerprint.ErrNoReply),
		errors.Is(err, fingerprint.ErrProtocol), errors.Is(err, fingerprint.ErrShort),
		errors.Is(err, fingerprint.ErrSync), errors.Is(err, fingerprint.ErrLength), errors.Is(err, fingerprint.ErrPID):
		// Checked before ErrUnavailable: the manager wraps both when a link fails.
		return Problem{Key: "proof.fault.link", Hint: "proof.hint.retry_later"}
	case errors.Is(err, manager.ErrUnavailable):
		return Problem{Key: "proof.fault.unavailable", Hint: "proof.hint.retry_later"}
	}
	return Problem{Key: "proof.fault.other", Hint: "proof.hint.retry_later"}
}

// Codes lists the confirmation codes of devices/fingerprint that CodeKey
// explains one by one; any other code gets proof.code.other.
var Codes = []fingerprint.Code{
	fingerprint.CodePacketError, fingerprint.CodeNoFinger, fingerprint.CodeImageFail,
	fingerprint.CodeImageMessy, fingerprint.CodeFewFeatures, fingerprint.CodeNoMatch,
	fingerprint.CodeNotFound, fingerprint.CodeEnrollMismatch, fingerprint.CodeBadLocation,
	fingerprint.CodeBadTemplate, fingerprint.CodeUploadFail, fingerprint.CodeReceiveFail,
	fingerprint.CodeUploadImage, fingerprint.CodeDeleteFail, fingerprint.CodeClearFail,
	fingerprint.CodeWrongPassword, fingerprint.CodeNoValidImage, fingerprint.CodeFlashError,
	fingerprint.CodeInvalidReg, fingerprint.CodeAddress, fingerprint.CodePasswordNeeded,
}

// CodeKey is the i18n key that explains a confirmation code: "proof.code.0x06".
func CodeKey(c fingerprint.Code) string {
	for _, k := range Codes {
		if k == c {
			return fmt.Sprintf("proof.code.0x%02x", byte(c))
		}
	}
	return "proof.code.other"
}
