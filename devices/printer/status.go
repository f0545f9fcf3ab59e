package printer

import (
	"errors"
	"fmt"

	"github.com/bawaba/bawaba/devices/escpos"
)

// DeviceState is the XFS4IoT Common.Status "device" value.
type DeviceState string

// Device states used by the printer.
const (
	DeviceOnline        DeviceState = "online"
	DeviceOffline       DeviceState = "offline"
	DeviceNoDevice      DeviceState = "noDevice"
	DeviceUserError     DeviceState = "userError"     // a person can fix it: paper, cover
	DeviceHardwareError DeviceState = "hardwareError" // needs service: cutter, fault
)

// PaperState is the XFS4IoT Printer paper supply value.
type PaperState string

// Paper supply states.
const (
	PaperUnknown PaperState = "unknown"
	PaperFull    PaperState = "full"
	PaperLow     PaperState = "low"
	PaperOut     PaperState = "out"
)

// Status is the printer's state as the kiosk and device manager see it.
type Status struct {
	Device      DeviceState
	Paper       PaperState
	CoverOpen   bool
	CutterError bool
	Raw         escpos.Status
}

// Ready reports whether a job may be sent.
func (s Status) Ready() bool { return s.Device == DeviceOnline && s.Paper != PaperOut }

func fromRaw(r escpos.Status) Status {
	s := Status{Device: DeviceOnline, Paper: PaperFull, CoverOpen: r.CoverOpen, CutterError: r.CutterError, Raw: r}
	switch {
	case r.PaperOut || r.PaperEndStop:
		s.Paper = PaperOut
	case r.PaperNearEnd:
		s.Paper = PaperLow
	}
	switch {
	case r.CutterError || r.Unrecoverable:
		s.Device = DeviceHardwareError
	case r.CoverOpen || s.Paper == PaperOut:
		s.Device = DeviceUserError
	case r.Offline || r.ErrorOccurred || r.AutoRecoverable:
		s.Device = DeviceOffline
	}
	return s
}

// err is the typed error for a printer that cannot print, or nil.
func (s Status) err(op string, sent int) error {
	var c Code
	switch {
	case s.CutterError:
		c = CutterError
	case s.Raw.Unrecoverable:
		c = HardwareError
	case s.CoverOpen:
		c = CoverOpen
	case s.Paper == PaperOut:
		c = PaperOutError
	case s.Device != DeviceOnline:
		c = Offline
	default:
		return nil
	}
	return &Error{Code: c, Op: op, Sent: sent, Status: s}
}

// Code classifies a printer failure; the kiosk maps each to a translated message.
type Code int

// Failure codes.
const (
	Offline       Code = iota + 1 // offline for no reported reason
	PaperOutError                 // out of paper: a person must load a roll
	CoverOpen                     // the cover is open
	CutterError                   // the cutter jammed
	HardwareError                 // an unrecoverable fault
	NoResponse                    // nothing answered a status request
	Protocol                      // the reply made no sense (noise, wrong speed)
	NoDevice                      // the port failed or went away
	BadReceipt                    // the receipt could not be laid out
	Canceled                      // the caller gave up
)

func (c Code) String() string {
	switch c {
	case Offline:
		return "offline"
	case PaperOutError:
		return "paper out"
	case CoverOpen:
		return "cover open"
	case CutterError:
		return "cutter error"
	case HardwareError:
		return "hardware error"
	case NoResponse:
		return "no response"
	case Protocol:
		return "protocol error"
	case NoDevice:
		return "no device"
	case BadReceipt:
		return "bad receipt"
	case Canceled:
		return "canceled"
	}
	return fmt.Sprintf("code %d", int(c))
}

// Error is every failure the driver returns.
type Error struct {
	Code   Code
	Op     string // "status" or "print"
	Sent   int    // bytes of the job written before the failure
	Status Status // the printer's state, when known
	Err    error  // underlying cause, may be nil
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("printer: %s: %s", e.Op, e.Code)
	if e.Op == "print" && e.Sent > 0 {
		msg += fmt.Sprintf(" after %d bytes", e.Sent)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, printer.ErrPaperOut) and friends match by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Op == "" && t.Code == e.Code
}

// Sentinels for errors.Is; each matches any *Error with the same Code.
var (
	// ErrPaperOut: the paper ran out before or during a job.
	ErrPaperOut = &Error{Code: PaperOutError}
	// ErrCoverOpen: the cover is open.
	ErrCoverOpen = &Error{Code: CoverOpen}
	// ErrCutter: the auto-cutter jammed.
	ErrCutter = &Error{Code: CutterError}
	// ErrOffline: the printer is offline for another reason.
	ErrOffline = &Error{Code: Offline}
	// ErrNoResponse: the printer did not answer a status request in time.
	ErrNoResponse = &Error{Code: NoResponse}
	// ErrProtocol: the printer's replies were not status bytes.
	ErrProtocol = &Error{Code: Protocol}
	// ErrNoDevice: the port failed (unplugged, closed).
	ErrNoDevice = &Error{Code: NoDevice}
)

// CodeOf returns the Code of the first *Error in err's chain.
func CodeOf(err error) (Code, bool) { return codeOf(err) }

func codeOf(err error) (Code, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e.Code, true
	}
	return 0, false
}
