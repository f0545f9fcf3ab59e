package address

import (
	"time"

	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/i18n"
	"github.com/bawaba/bawaba/identity/places"
	"github.com/bawaba/bawaba/kiosk/slip"
	"github.com/bawaba/bawaba/sync/wire"
)

// What an address card says of its address.
const (
	CardOnRecord  = "on_record" // central's record, read live
	CardRequested = "requested" // an update queued at this kiosk, not yet confirmed
)

// CardQR is the content of the address card's QR code: the short address alone,
// upper-case ("RRRD2929"). See the package doc for why.
func CardQR(a wire.Address) string { return a.ShortAddress }

func both(key string, args ...any) receipt.Line {
	return receipt.Line{AR: i18n.Tf(i18n.AR, key, args...), EN: i18n.Tf(i18n.EN, key, args...)}
}

// names are a place's Arabic and English names from the directory, or the
// name as stored (in both halves) for an address stored without codes.
func names(get func(string) (places.Place, bool), code, stored string) (ar, en string) {
	if p, ok := get(code); ok {
		return p.AR, p.EN
	}
	return stored, stored
}

// lrm keeps numbers and Latin text in reading order inside an Arabic line.
func lrm(s string) string { return "\u200e" + s + "\u200e" }

// Card is the printed address card of a in both languages: the short address
// large with its QR code, then every field. state is CardOnRecord or
// CardRequested; ref names the update for CardRequested.
func Card(dir *places.Directory, a wire.Address, state, ref, lang string, at time.Time) receipt.Receipt {
	title := both("address.card.title")
	title.Bold, title.Size = true, 2
	short := receipt.Line{EN: a.ShortAddress, Bold: true, Size: 3}
	cityAR, cityEN := names(dir.City, a.CityCode, a.City)
	distAR, distEN := names(dir.District, a.DistrictCode, a.District)
	field := func(key, ar, en string) receipt.Line {
		return receipt.Line{AR: i18n.Tf(i18n.AR, key, ar), EN: i18n.Tf(i18n.EN, key, en)}
	}
	lines := []receipt.Line{
		both("address.card.short"),
		short,
		field("address.card.building_number", lrm(a.BuildingNumber), a.BuildingNumber),
		field("address.card.street", a.Street, a.Street),
		field("address.card.district", distAR, distEN),
		field("address.card.city", cityAR, cityEN),
		field("address.card.postal_code", lrm(a.PostalCode), a.PostalCode),
		field("address.card.additional_number", lrm(a.AdditionalNumber), a.AdditionalNumber),
	}
	var footer []receipt.Line
	if state == CardRequested {
		footer = append(footer, field("address.card.requested", lrm(ref), ref))
	} else {
		footer = append(footer, both("address.card.on_record"))
	}
	return receipt.Receipt{Title: title, Lines: lines, QR: CardQR(a), Footer: footer, Lang: lang, Time: at}
}

// Receipt is the receipt of a queued address update: the masked ID, the
// reference with its status QR, and how the outcome will be told.
func Receipt(ref, maskedID, kioskID, lang string, at time.Time) receipt.Receipt {
	title := both("address.receipt.title")
	title.Bold, title.Size = true, 2
	lines := []receipt.Line{both("address.receipt.id", lrm(maskedID)), both("address.receipt.status")}
	if kioskID != "" {
		lines = append(lines, both("address.receipt.kiosk", kioskID))
	}
	return receipt.Receipt{Title: title, Lines: lines, Reference: ref, QR: slip.StatusQR(ref),
		Footer: []receipt.Line{both("address.done.next")}, Lang: lang, Time: at}
}
