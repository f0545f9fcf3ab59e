package receipt

import "time"

// sampleReceipt is a typical kiosk receipt: Arabic first, mixed lines with digits
// and a Latin reference code, a QR code and a footer. The resident is synthetic.
func sampleReceipt() Receipt {
	return Receipt{
		Title: Line{AR: "إيصال تقديم طلب", EN: "Application receipt"},
		Lines: []Line{
			{AR: "الاسم: مقيم تجريبي", EN: "Name: Test Resident"},
			{AR: "الخدمة: تجديد الإقامة", EN: "Service: Residence renewal"},
			{AR: "رقم الهوية: 2XXXXXX018", EN: "ID number: 2XXXXXX018"},
			{AR: "المرجع BWB-7K3Q-9XF2 صالح لمدة 30 يومًا", EN: "Reference BWB-7K3Q-9XF2 valid for 30 days"},
			{AR: "الرسوم: 650 ريال", EN: "Fee: SAR 650", Bold: true},
		},
		Reference: "BWB-7K3Q-9XF2",
		QR:        "https://bawaba.example.sa/r/BWB-7K3Q-9XF2?k=6f1d2c9a4e",
		Footer: []Line{
			{AR: "شكرًا لاستخدامكم بوابة", EN: "Thank you for using Bawaba"},
			{AR: "احتفظ بهذا الإيصال", EN: "Keep this receipt"},
		},
		Lang: "ar",
		Time: time.Date(2026, 11, 22, 21, 51, 0, 0, time.UTC),
	}
}
