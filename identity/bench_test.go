package identity

import "testing"

// The checklist re-runs on every key press; these show it costs microseconds.

func BenchmarkCheckPassword(b *testing.B) {
	for b.Loop() {
		CheckPassword("Kiosk#2024Pass", "Kiosk#2024Pass", "TestUser1")
	}
}

func BenchmarkParseMobile(b *testing.B) {
	for b.Loop() {
		if _, err := ParseMobile("+966 (50) 123-4567"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseID(b *testing.B) {
	for b.Loop() {
		if _, err := ParseID(NationalID, "١٠٥٨٥٢٩٩٤٠", ""); err != nil {
			b.Fatal(err)
		}
	}
}
