package transfer

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
)

var (
	// ErrFormat is returned when a file is not a bundle or receipt of a version this
	// package reads, or its JSON is malformed.
	ErrFormat = errors.New("transfer: not a bundle or receipt of a known format")
	// ErrTruncated is returned when a file ends before its signature line: it was cut
	// short (a stick pulled mid-write, a copy that did not finish).
	ErrTruncated = errors.New("transfer: file cut short")
	// ErrTooLarge is returned when a file is larger than MaxFileBytes.
	ErrTooLarge = errors.New("transfer: file too large")
	// ErrSignature is returned when the signature does not verify: the file was
	// changed after it was signed, or signed by another key.
	ErrSignature = errors.New("transfer: signature does not verify")
	// ErrCertificate is returned when a bundle's certificate chain is missing or
	// unusable (not a certificate, a key type that cannot sign bundles).
	ErrCertificate = errors.New("transfer: bad certificate")
	// ErrOtherKiosk is returned when a receipt names another kiosk, or a bundle's
	// kiosk ID differs from its certificate's.
	ErrOtherKiosk = errors.New("transfer: for another kiosk")
	// ErrReplayed is returned by ImportReceipt when every record the receipt lists
	// is already settled on this kiosk: the receipt was imported before, or the
	// records were delivered over the network meanwhile. Nothing changed.
	ErrReplayed = errors.New("transfer: receipt already imported")
	// ErrNothing is returned by Export when no record is waiting to be sent.
	ErrNothing = errors.New("transfer: no records waiting to be sent")
	// ErrStickFull is returned when the stick has no room left; nothing was kept.
	ErrStickFull = errors.New("transfer: the stick is full")
	// ErrStickReadOnly is returned when the stick cannot be written (read-only
	// switch, read-only mount, permissions); nothing was written.
	ErrStickReadOnly = errors.New("transfer: the stick is read-only")
	// ErrStickGone is returned when the stick's directory is missing or failed
	// mid-write (pulled out, I/O error); what was written is not a bundle.
	ErrStickGone = errors.New("transfer: the stick is not there or failed")
	// ErrExists is returned when a file with the bundle's name is already on the
	// stick; it is never overwritten.
	ErrExists = errors.New("transfer: a file with that name is already on the stick")
)

// stickErr classifies a file-system error on the stick so that callers (the staff
// screen) can say what to do: free space, flip the lock switch, put it back.
func stickErr(op, path string, err error) error {
	var sentinel error
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EFBIG):
		sentinel = ErrStickFull
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		sentinel = ErrStickReadOnly
	case errors.Is(err, fs.ErrExist):
		sentinel = ErrExists
	default:
		// ENOENT, ENODEV, EIO, ENXIO: the stick is gone or failing.
		sentinel = ErrStickGone
	}
	return fmt.Errorf("%w: %s %s: %w", sentinel, op, path, err)
}
