package receipt

import "time"

// sampleRef is a reference in the outbox's current format (sync/outbox/ref: 10
// characters, the last a check character); TestSampleIsCurrent parses it.
const sampleRef = "7K3Q9XF2WK"

// sampleReceipt is a typical kiosk receipt, shaped like the registration receipt
// (kiosk/register): Arabic first, mixed lines with digits and a Latin reference,
// the reference printed large, a QR code holding what register.StatusQR puts there
// ("BAWABA:REF:" and the reference, nothing personal), and a footer. The resident
// is synthetic.
func sampleReceipt() Receipt {
	return Receipt{
		Title: Line{AR: "تسجيل حساب جديد", EN: "New account registration", Bold: true, Size: 2},
		Lines: []Line{
			{AR: "الاسم: مقيم تجريبي", EN: "Name: Test Resident"},
			// LRM keeps the masked number in reading order, as the registration does.
			{AR: "الجوال: \u200e05•••••123\u200e", EN: "Mobile: 05•••••123"},
			{AR: "رقم الهوية: 2XXXXXX018", EN: "ID number: 2XXXXXX018"},
			{AR: "المرجع " + sampleRef + " مطبوع في الرمز أدناه أيضًا", EN: "Reference " + sampleRef + ", also in the code below", Bold: true},
			{AR: "الجهاز: K-0042", EN: "Kiosk: K-0042"},
		},
		Reference: sampleRef,
		QR:        "BAWABA:REF:" + sampleRef,
		Footer: []Line{
			{AR: "احتفظ بهذا الإيصال", EN: "Keep this receipt"},
			{AR: "شكرًا لاستخدامكم بوابة", EN: "Thank you for using Bawaba"},
		},
		Lang: "ar",
		Time: time.Date(2026, 11, 22, 21, 51, 0, 0, time.UTC),
	}
}
