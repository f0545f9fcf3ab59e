package register

import (
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/slip"
)

// StatusQR is slip.StatusQR, the content of the receipt's QR code, shared with
// the other services that queue a request.
func StatusQR(ref string) string { return slip.StatusQR(ref) }

// NextSteps says what happens after the request, for the done screen and the
// receipt.
func NextSteps(verified bool) Text {
	if verified {
		return catalogText("register.next.verified")
	}
	return catalogText("register.next.queued")
}

func (w *Wizard) receipt(res *Result) receipt.Receipt {
	next := NextSteps(res.Verified)
	status := catalogText("register.receipt.status.pending")
	if res.Verified {
		status = catalogText("register.receipt.status.verified")
	}
	line := func(t Text) receipt.Line { return receipt.Line{AR: t.AR, EN: t.EN} }
	lines := []receipt.Line{
		// The Arabic text puts LRM marks around the masked number, to keep it in
		// reading order inside the Arabic line.
		line(catalogText("register.receipt.mobile", res.MaskedMobile)),
		// Each language's line carries that language's status text.
		{AR: i18n.Tf(i18n.AR, "register.receipt.status", status.AR), EN: i18n.Tf(i18n.EN, "register.receipt.status", status.EN)},
	}
	if w.deps.KioskID != "" {
		lines = append(lines, line(catalogText("register.receipt.kiosk", w.deps.KioskID)))
	}
	title := catalogText("register.title")
	return receipt.Receipt{
		Title:     receipt.Line{AR: title.AR, EN: title.EN, Bold: true, Size: 2},
		Lines:     lines,
		Reference: res.Ref,
		QR:        StatusQR(res.Ref),
		Footer:    []receipt.Line{line(next)},
		Lang:      res.Language,
		Time:      res.Created,
	}
}
