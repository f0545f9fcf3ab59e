package manager

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/serialport"
)

// TestEveryDetailIsListed feeds detail every failure the drivers can return and
// checks the code is one of Details: the UI has a text for each of those, so a
// code missing from the list would reach a screen untranslated.
func TestEveryDetailIsListed(t *testing.T) {
	errs := map[string]error{
		"nil":           nil,
		"no reply":      fmt.Errorf("verify: %w", fingerprint.ErrNoReply),
		"checksum":      fingerprint.ErrChecksum,
		"protocol":      fingerprint.ErrProtocol,
		"deadline":      context.DeadlineExceeded,
		"canceled":      context.Canceled,
		"anything else": errors.New("some driver failure"),
	}
	for c := serialport.Other; c <= serialport.Disconnected+1; c++ {
		errs[fmt.Sprint("serial ", c)] = fmt.Errorf("open: %w", &serialport.PortError{Code: c})
	}
	for c := printer.Offline - 1; c <= printer.Canceled+1; c++ {
		errs[fmt.Sprint("printer ", c)] = &printer.Error{Code: c, Op: "status"}
	}
	for c := range 0x30 {
		errs[fmt.Sprint("sensor ", c)] = &fingerprint.Error{Code: fingerprint.Code(c), Op: "VerifyPwd"}
	}
	for name, err := range errs {
		d := detail(err)
		if err == nil {
			if d != "" {
				t.Errorf("no error gave detail %q", d)
			}
			continue
		}
		if !slices.Contains(Details, d) {
			t.Errorf("%s: detail %q is not in Details", name, d)
		}
	}
	for _, st := range []printer.Status{{CutterError: true}, {CoverOpen: true}, {Paper: printer.PaperOut}, {Paper: printer.PaperLow}} {
		if d := printerDetail(st); !slices.Contains(Details, d) {
			t.Errorf("printer status %+v: detail %q is not in Details", st, d)
		}
	}
}

// TestDetailsNameTheCause checks the codes the screens tell apart.
func TestDetailsNameTheCause(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&serialport.PortError{Code: serialport.PortNotFound}, DetailPortNotFound},
		{&serialport.PortError{Code: serialport.PermissionDenied}, DetailPermission},
		{&fingerprint.Error{Code: fingerprint.CodeWrongPassword}, DetailSensorPassword},
		{&fingerprint.Error{Code: fingerprint.CodeFlashError}, DetailSensorRefused},
		{&printer.Error{Code: printer.CoverOpen}, DetailCoverOpen},
		{fingerprint.ErrNoReply, DetailNoReply},
		{errors.New("x"), DetailError},
	} {
		if got := detail(tc.err); got != tc.want {
			t.Errorf("detail(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
