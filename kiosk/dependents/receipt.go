package dependents

import (
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/kiosk/slip"
)

// Receipt is the receipt of a queued dependent: the relation and the dependent's
// masked ID, the reference and its status QR, and what happens next. live says
// the request carries a proof token (the outcome then goes by SMS to the
// account's mobile); nothing of the applicant is printed.
func Receipt(ref, relation, maskedID string, live bool, kioskID, lang string, at time.Time) receipt.Receipt {
	both := func(key string, args ...any) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
	}
	rel := receipt.Line{
		AR: i18n.Tf(i18n.AR, "dependents.receipt.relation", i18n.T(i18n.AR, "dependents.relation."+relation)),
		EN: i18n.Tf(i18n.EN, "dependents.receipt.relation", i18n.T(i18n.EN, "dependents.relation."+relation)),
	}
	lines := []receipt.Line{
		rel,
		// LRM keeps the masked number in reading order inside the Arabic line.
		both("dependents.receipt.dependent", "\u200e"+maskedID+"\u200e"),
		both("dependents.receipt.status"),
	}
	if kioskID != "" {
		lines = append(lines, both("dependents.receipt.kiosk", kioskID))
	}
	next := "dependents.done.next_offline"
	if live {
		next = "dependents.done.next_online"
	}
	title := both("dependents.receipt.title")
	title.Bold, title.Size = true, 2
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref),
		Footer: []receipt.Line{both(next)}, Lang: lang, Time: at}
}
