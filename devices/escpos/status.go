package escpos

import (
	"errors"
	"fmt"
)

// ErrStatusByte is returned by ParseStatus for a byte that cannot be a DLE EOT reply
// (bits 0 and 7 must be 0, bits 1 and 4 must be 1), e.g. line noise or a wrong baud rate.
var ErrStatusByte = errors.New("escpos: not a status byte")

// Status is what the four DLE EOT replies say, merged. Only the fields of the kinds
// that were parsed are meaningful.
type Status struct {
	Offline         bool // n=1 bit 3
	CoverOpen       bool // n=2 bit 2
	FeedButton      bool // n=2 bit 3: paper being fed by the FEED button
	PaperEndStop    bool // n=2 bit 5: printing stopped by paper end
	ErrorOccurred   bool // n=2 bit 6
	CutterError     bool // n=3 bit 3
	Unrecoverable   bool // n=3 bit 5
	AutoRecoverable bool // n=3 bit 6: e.g. head overheat
	PaperNearEnd    bool // n=4 bits 2-3
	PaperOut        bool // n=4 bits 5-6
}

// ValidStatusByte reports whether b has the fixed bits every DLE EOT reply carries.
func ValidStatusByte(b byte) bool { return b&0x93 == 0x12 }

// ParseStatus records into s what reply b to DLE EOT k says. It changes nothing
// and returns ErrStatusByte when b is not a status byte or k is unknown.
func (s *Status) ParseStatus(k StatusKind, b byte) error {
	if !ValidStatusByte(b) {
		return fmt.Errorf("%w: 0x%02x for DLE EOT %d", ErrStatusByte, b, k)
	}
	switch k {
	case StatusPrinter:
		s.Offline = b&0x08 != 0
	case StatusOffline:
		s.CoverOpen = b&0x04 != 0
		s.FeedButton = b&0x08 != 0
		s.PaperEndStop = b&0x20 != 0
		s.ErrorOccurred = b&0x40 != 0
	case StatusError:
		s.CutterError = b&0x08 != 0
		s.Unrecoverable = b&0x20 != 0
		s.AutoRecoverable = b&0x40 != 0
	case StatusPaper:
		// Either bit of each pair counts: models differ in which sensor bit they set.
		s.PaperNearEnd = b&0x0C != 0
		s.PaperOut = b&0x60 != 0
	default:
		return fmt.Errorf("%w: unknown DLE EOT %d", ErrStatusByte, k)
	}
	return nil
}

// StatusByte is the reply a printer in state s gives to DLE EOT k; the simulator
// answers with it.
func (s Status) StatusByte(k StatusKind) byte {
	b := byte(0x12)
	set := func(on bool, bits byte) {
		if on {
			b |= bits
		}
	}
	switch k {
	case StatusPrinter:
		set(s.Offline, 0x08)
	case StatusOffline:
		set(s.CoverOpen, 0x04)
		set(s.FeedButton, 0x08)
		set(s.PaperEndStop, 0x20)
		set(s.ErrorOccurred, 0x40)
	case StatusError:
		set(s.CutterError, 0x08)
		set(s.Unrecoverable, 0x20)
		set(s.AutoRecoverable, 0x40)
	case StatusPaper:
		set(s.PaperNearEnd, 0x0C)
		set(s.PaperOut, 0x60)
	}
	return b
}
