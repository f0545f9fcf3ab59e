package register

import (
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/kiosk/slip"
)

// StatusQR is slip.StatusQR, the content of the receipt's QR code, shared with
// the other services that queue a request.
func StatusQR(ref string) string { return slip.StatusQR(ref) }

// NextSteps says what happens after the request, for the done screen and the
// receipt.
func NextSteps(verified bool) Text {
	if verified {
		return Text{
			"تم التحقق من رقم جوالك وحُفظ طلبك. سيُنشأ حسابك عند وصول الطلب إلى النظام، ثم فعّله بالبصمة من هذا الجهاز أو من البنك.",
			"Your mobile number is verified and your request is saved. Your account is created when the request reaches the system; then activate it with your fingerprint at a kiosk or through your bank.",
		}
	}
	return Text{
		"حُفظ طلبك في هذا الجهاز وسيُرسل تلقائياً عند توفر الاتصال. ستصلك رسالة نصية على جوالك لإكمال تفعيل الحساب.",
		"Your request is saved on this kiosk and will be sent automatically when the network is available. You will receive an SMS on your mobile to complete the activation.",
	}
}

func (w *Wizard) receipt(res *Result) receipt.Receipt {
	next := NextSteps(res.Verified)
	status := Text{"بانتظار التحقق برسالة نصية", "Awaiting SMS verification"}
	if res.Verified {
		status = Text{"تم التحقق من الجوال", "Mobile verified"}
	}
	lines := []receipt.Line{
		// LRM keeps the masked number in reading order inside the Arabic line.
		{AR: "الجوال: \u200e" + res.MaskedMobile + "\u200e", EN: "Mobile: " + res.MaskedMobile},
		{AR: "الحالة: " + status.AR, EN: "Status: " + status.EN},
	}
	if w.deps.KioskID != "" {
		lines = append(lines, receipt.Line{AR: "الجهاز: " + w.deps.KioskID, EN: "Kiosk: " + w.deps.KioskID})
	}
	return receipt.Receipt{
		Title:     receipt.Line{AR: "تسجيل حساب جديد", EN: "New account registration", Bold: true, Size: 2},
		Lines:     lines,
		Reference: res.Ref,
		QR:        StatusQR(res.Ref),
		Footer:    []receipt.Line{{AR: next.AR, EN: next.EN}},
		Lang:      res.Language,
		Time:      res.Created,
	}
}
