package diag

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fynetheme "fyne.io/fyne/v2/theme"

	"github.com/bawaba/bawaba/devices/fingerprint"
	"github.com/bawaba/bawaba/devices/magstripe"
	"github.com/bawaba/bawaba/devices/manager"
	"github.com/bawaba/bawaba/devices/mrz"
	"github.com/bawaba/bawaba/devices/printer"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/rtl"
	"github.com/bawaba/bawaba/kiosk/shell"
	"github.com/bawaba/bawaba/kiosk/speech"
	"github.com/bawaba/bawaba/kiosk/staff"
)

// Devices is what the device tests need of the device manager
// (*manager.Manager): the devices' states, and the operations the services
// use — printing, capturing a finger, and the events of a document, a card or a
// scan.
type Devices interface {
	Statuses() []manager.Status
	Print(ctx context.Context, name string, r receipt.Receipt) error
	CaptureFinger(ctx context.Context, name string) ([]byte, error)
	Subscribe(buf int) (<-chan manager.Event, func())
}

// outcome is one device test's result, in words, with its audit code.
type outcome struct {
	text   string
	failed bool
}

// testDevice runs the test of device st off the Fyne goroutine: a test slip for
// a printer, the next document, card or scan for a reader, a finger's capture
// for the sensor. It ends within TestTimeout, or when the screen is left.
func (f *Flow) testDevice(st manager.Status) {
	f.h.Touch()
	l, session := f.h.Lang(), f.session
	ctx, cancel := context.WithTimeout(context.Background(), f.opts.TestTimeout)
	f.cancelTest = cancel
	f.testing = st.Name
	delete(f.results, st.Name)
	secs := int(f.opts.TestTimeout.Seconds())
	var events <-chan manager.Event
	unsubscribe := func() {}
	if st.Kind == manager.DocReader || st.Kind == manager.CardReader || st.Kind == manager.Scanner {
		// Subscribed before the prompt, so a card swiped at once is not missed.
		events, unsubscribe = f.opts.Devices.Subscribe(4)
	}
	f.waiting = i18n.Tf(l, "diag.test.wait."+string(st.Kind), secs)
	shell.Speak(f.h, speech.Say("speech.diag.test."+string(st.Kind)))
	f.h.Show(f.screen())
	go func() {
		defer cancel()
		defer unsubscribe()
		var o outcome
		var code string
		switch st.Kind {
		case manager.Printer:
			o, code = f.testPrint(ctx, l, st.Name)
		case manager.Fingerprint:
			o, code = f.testFinger(ctx, l, st.Name)
		default:
			o, code = waitEvent(ctx, l, st, events)
		}
		fyne.Do(func() {
			if f.session != session {
				return
			}
			f.testing, f.waiting, f.cancelTest = "", "", nil
			f.results[st.Name] = o
			f.audit(staff.ActionDeviceTest, o.failed, st.Name+":"+code)
			if o.failed {
				shell.Speak(f.h, speech.Say("speech.diag.test.failed"))
			} else {
				shell.Speak(f.h, speech.Say("speech.diag.test.ok"))
			}
			f.h.Show(f.screen())
		})
	}()
}

// testSlip is the test print: which kiosk, when, the paper width it is set
// for, and a QR code, in both languages, the staff member's first.
func (f *Flow) testSlip(l i18n.Lang, now time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	title := both("diag.slip.title")
	title.Bold, title.Size = true, 2
	return receipt.Receipt{
		Title: title,
		Lines: []receipt.Line{
			both("diag.slip.kiosk", f.opts.KioskID),
			both("diag.slip.time", now.Format("2006-01-02 15:04:05")),
			both("diag.slip.paper", f.opts.PaperWidth),
		},
		// Not a request's QR: nothing looks it up; a scanner test can read it.
		QR:     fmt.Sprintf("BAWABA-TEST %s %s", f.opts.KioskID, now.UTC().Format(time.RFC3339)),
		Footer: []receipt.Line{both("diag.slip.footer")},
		Lang:   string(l),
		Time:   now,
	}
}

func (f *Flow) testPrint(ctx context.Context, l i18n.Lang, name string) (outcome, string) {
	err := f.opts.Devices.Print(ctx, name, f.testSlip(l, f.opts.Now()))
	if err == nil {
		return outcome{text: i18n.T(l, "diag.test.printed")}, "ok"
	}
	return failure(l, err)
}

// testFinger captures a finger and says only how good the image was: the
// template is cleared at once and never kept or shown.
func (f *Flow) testFinger(ctx context.Context, l i18n.Lang, name string) (outcome, string) {
	tmpl, err := f.opts.Devices.CaptureFinger(ctx, name)
	clear(tmpl)
	switch {
	case err == nil:
		return outcome{text: i18n.T(l, "diag.test.finger.good")}, "ok"
	case errors.Is(err, fingerprint.ErrImageMessy):
		return outcome{text: i18n.T(l, "diag.test.finger.messy"), failed: true}, "image_messy"
	case errors.Is(err, fingerprint.ErrFewFeatures):
		return outcome{text: i18n.T(l, "diag.test.finger.few"), failed: true}, "few_features"
	}
	return failure(l, err)
}

// waitEvent waits for the reader's next document, card or scan. What is read
// is described, never shown: a document's kind, a card's masked number, a
// code's symbology and length.
func waitEvent(ctx context.Context, l i18n.Lang, st manager.Status, events <-chan manager.Event) (outcome, string) {
	for {
		select {
		case <-ctx.Done():
			return failure(l, ctx.Err())
		case ev, ok := <-events:
			if !ok {
				return failure(l, manager.ErrUnavailable)
			}
			if ev.Device != st.Name {
				continue
			}
			switch {
			case ev.Type == manager.DocumentRead && ev.Document != nil:
				return outcome{text: i18n.Tf(l, "diag.test.document", ev.Document.DocumentCode, ev.Document.Format.String())}, "ok"
			case ev.Type == manager.DocumentRead:
				var me *mrz.Error
				code := "other"
				if errors.As(ev.Err, &me) {
					code = me.Code.String()
				}
				return misread(l, code)
			case ev.Type == manager.CardInserted && ev.Card != nil:
				// Marked left-to-right, so the stars do not reorder the digits in Arabic.
				return outcome{text: i18n.Tf(l, "diag.test.card", "\u200e"+ev.Card.Masked()+"\u200e")}, "ok"
			case ev.Type == manager.CardInserted:
				var me *magstripe.Error
				code := "other"
				if errors.As(ev.Err, &me) {
					code = me.Code.String()
				}
				return misread(l, code)
			case ev.Type == manager.BarcodeRead && ev.Barcode != nil:
				if ev.Barcode.Symbology == "" { // a scanner that does not send AIM identifiers
					return outcome{text: i18n.Tf(l, "diag.test.scan.untyped", len(ev.Barcode.Data))}, "ok"
				}
				return outcome{text: i18n.Tf(l, "diag.test.scan", ev.Barcode.Symbology, len(ev.Barcode.Data))}, "ok"
			case ev.Type == manager.BarcodeRead:
				return misread(l, "frame")
			}
		}
	}
}

// misread says what a reader's misread was, by its code (mrz.Code,
// magstripe.Code or "frame"), in l; the audit trail keeps the code.
func misread(l i18n.Lang, code string) (outcome, string) {
	code = strings.ReplaceAll(code, " ", "_")
	key := "diag.misread." + code
	if !i18n.Default().Has(l, key) {
		key = "diag.misread.other"
	}
	return outcome{text: i18n.Tf(l, "diag.test.misread", i18n.T(l, key)), failed: true}, "misread_" + code
}

// failure says why a test did not pass, with a code for the audit trail.
func failure(l i18n.Lang, err error) (outcome, string) {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return outcome{text: i18n.T(l, "diag.test.timeout"), failed: true}, "timeout"
	case errors.Is(err, context.Canceled):
		return outcome{text: i18n.T(l, "diag.test.canceled"), failed: true}, "canceled"
	case errors.Is(err, manager.ErrUnavailable):
		return outcome{text: i18n.T(l, "diag.test.unavailable"), failed: true}, "unavailable"
	}
	if _, ok := printer.CodeOf(err); ok {
		code := manager.DetailOf(err)
		return outcome{text: i18n.Tf(l, "diag.test.printer.failed", shell.DeviceDetailText(l, code)), failed: true}, "printer_" + code
	}
	var fe *fingerprint.Error
	if errors.As(err, &fe) {
		return outcome{text: i18n.T(l, "diag.test.sensor"), failed: true}, fmt.Sprintf("sensor_0x%02x", byte(fe.Code))
	}
	return outcome{text: i18n.T(l, "diag.test.error"), failed: true}, "error"
}

// stateText says a device's state in l.
func stateText(l i18n.Lang, st manager.Status) string {
	s := i18n.T(l, "diag.state."+string(st.State))
	if st.Kind == manager.Printer && st.Paper != "" && st.Paper != manager.PaperUnknown {
		s += " · " + i18n.T(l, "diag.paper."+string(st.Paper))
	}
	if st.Detail != "" && st.State != manager.StateOnline && !repeats(st) {
		s += " (" + shell.DeviceDetailText(l, st.Detail) + ")" // the code itself is in the log
	}
	return s
}

// repeats reports whether a device's detail says again what its state or
// paper already says (not plugged in: the port is not there).
func repeats(st manager.Status) bool {
	switch st.Detail {
	case manager.DetailPortNotFound, manager.DetailDisconnected:
		return st.State == manager.StateNoDevice
	case manager.DetailPaperOut:
		return st.Paper == manager.PaperOut
	}
	return false
}

// devicesBox is the devices' section: each device's state, its test, and the
// test's result.
func (f *Flow) devicesBox(l i18n.Lang, section func(string) *rtl.Label, result func(string, bool) *rtl.Label) []fyne.CanvasObject {
	out := []fyne.CanvasObject{section("diag.devices")}
	statuses := f.opts.Devices.Statuses()
	if len(statuses) == 0 {
		out = append(out, rtl.NewLabel(l, i18n.T(l, "diag.devices.none")))
	}
	for _, st := range statuses {
		name := i18n.T(l, "settings.kind."+string(st.Kind))
		if st.Name != string(st.Kind) {
			name += " (" + st.Name + ")"
		}
		head := rtl.NewLabel(l, name)
		head.Bold = true
		state := rtl.NewLabel(l, stateText(l, st))
		state.Wrap = true
		out = append(out, head, state)
		test := rtl.NewButton(l, i18n.T(l, "diag.test."+string(st.Kind)), func() { f.testDevice(st) })
		test.Icon = fynetheme.MediaPlayIcon()
		if f.testing != "" || f.busy {
			test.Disable()
		}
		out = append(out, rtl.NavRow(l, test, nil))
		if f.testing == st.Name {
			w := result(f.waiting, false)
			w.ColorName, w.Wrap = fynetheme.ColorNamePrimary, true
			out = append(out, w)
		} else if o, ok := f.results[st.Name]; ok {
			r := result(o.text, o.failed)
			r.Wrap = true
			out = append(out, r)
		}
	}
	return out
}
