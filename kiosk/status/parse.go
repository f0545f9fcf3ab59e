package status

import (
	"errors"
	"strings"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/sync/outbox/ref"
)

// QRPrefix starts the text of the QR code printed on every receipt
// (register.StatusQR); the reference follows it.
const QRPrefix = "BAWABA:REF:"

// InputError is why a scan or typed text is not a reference. Code names the
// catalogue text status.err.<Code> shown next to the field.
type InputError struct {
	Code string
	err  error
}

func (e *InputError) Error() string { return "status: " + e.Code }
func (e *InputError) Unwrap() error { return e.err }

// Input error codes.
const (
	ErrCodeEmpty     = "empty"      // nothing typed
	ErrCodeLength    = "length"     // not 10 characters
	ErrCodeChar      = "char"       // a character no reference has (0, O, 1, I, U, …)
	ErrCodeCheck     = "check"      // the check character does not match: a typo
	ErrCodeNotOurs   = "not_ours"   // a scanned code that is not a receipt's (a web address, …)
	ErrCodeDigitalID = "digital_id" // a scanned digital ID, not a receipt
)

// ParseTyped checks a reference typed by a person (case, spaces and dashes do not
// matter) and returns its canonical form.
func ParseTyped(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", &InputError{Code: ErrCodeEmpty}
	}
	r, err := ref.Parse(s)
	if err != nil {
		return "", refError(err)
	}
	return r, nil
}

// ParseScan checks the text of a scanned code: a receipt's QR code, or a bare
// reference (a reference printed as a barcode reads the same).
func ParseScan(data []byte) (string, error) {
	s := strings.TrimSpace(string(data))
	// A scanner set to send AIM symbology identifiers puts "]Q1" (or "]C0", …)
	// before the data; no text of ours starts with "]".
	if len(s) >= 3 && s[0] == ']' {
		s = s[3:]
	}
	switch {
	case strings.HasPrefix(s, QRPrefix):
		r, err := ref.Parse(strings.TrimPrefix(s, QRPrefix))
		if err != nil {
			return "", refError(err)
		}
		return r, nil
	case digitalid.Verify(s, nil, time.Now()).Verdict != digitalid.NotDigitalID:
		// Well formed but, with no keys given, unverified: it is a digital ID,
		// whatever its signature, and not a receipt.
		return "", &InputError{Code: ErrCodeDigitalID}
	}
	if r, err := ref.Parse(s); err == nil && len(s) <= ref.Len+4 {
		return r, nil
	}
	return "", &InputError{Code: ErrCodeNotOurs}
}

func refError(err error) error {
	code := ErrCodeLength
	switch {
	case errors.Is(err, ref.ErrChar):
		code = ErrCodeChar
	case errors.Is(err, ref.ErrCheck):
		code = ErrCodeCheck
	}
	return &InputError{Code: code, err: err}
}
