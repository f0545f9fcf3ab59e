package digitalid

import (
	"sort"
	"strings"
	"testing"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// fourPartHolder has a long four-part Arabic name (name, father, grandfather,
// family) of 37 letters, 45 in English: the issue's size target, version 12 at M.
var fourPartHolder = Holder{
	ID: "2123456789", Language: LanguageArabic, SecondaryLanguage: LanguageEnglish,
	FullName: "عبدالرحمن محمد عبدالعزيز آل عبدالكريم", SecondaryFullName: "Abdulrahman Mohammed Abdulaziz Al Abdulkareem",
	BirthDate: Date{1985, 11, 30}, Gender: GenderMale, Nationality: "SAU",
}

// TestQRSize measures the QR of a credential at error correction M and holds each
// case to the version it reaches today, so growth of the format shows up here.
// The issue's target is version 12 for a long name; a four-part name meets it, the
// eight-part name with "bin" between the parts (71 letters, 91 in English) needs 14.
func TestQRSize(t *testing.T) {
	shortKid := testIssuer()
	shortKid.KeyID = []byte{1, 2, 3, 4} // central's kids are 4 bytes
	for _, tt := range []struct {
		name       string
		h          Holder
		o          Options
		maxVersion int
	}{
		{"on screen, four-part long Arabic name", fourPartHolder, Options{Now: goldenNow, TTL: ScreenTTL}, 12},
		// The copy claim (-65537: true) costs 6 bytes, one version; paper has room.
		{"printed copy, four-part long Arabic name", fourPartHolder, Options{Now: goldenNow, TTL: DefaultCopyTTL, Copy: true}, 13},
		{"on screen, eight-part Arabic name", longHolder, Options{Now: goldenNow, TTL: ScreenTTL}, 14},
		{"on screen, golden holder", goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL}, 11},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := mustIssue(t, shortKid, tt.h, tt.o)
			q, err := qrcode.New(c.QR, qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			// go-qrcode picks the mode from the content; a base45 text must get
			// alphanumeric (5.5 bits a character), so it must need a smaller version
			// than a byte-mode text (8 bits) of the same length.
			b, err := qrcode.New(strings.Repeat("x", len(c.QR)), qrcode.Medium)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d characters (%d zlib bytes): QR version %d at EC M; byte mode would need %d",
				len(c.QR), len(c.QR)/3*2+len(c.QR)%3/2, q.VersionNumber, b.VersionNumber)
			if q.VersionNumber >= b.VersionNumber {
				t.Fatalf("version %d is not smaller than byte mode's %d: not alphanumeric mode", q.VersionNumber, b.VersionNumber)
			}
			if q.VersionNumber > tt.maxVersion {
				t.Fatalf("QR version %d, want at most %d", q.VersionNumber, tt.maxVersion)
			}
		})
	}
}

// BenchmarkVerify is a verifier reading a scanned on-screen QR offline.
func BenchmarkVerify(b *testing.B) {
	c := mustIssue(b, testIssuer(), longHolder, Options{Now: goldenNow, TTL: ScreenTTL})
	keys := trusted()
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		if r := Verify(c.QR, keys, goldenNow); r.Verdict != Valid {
			b.Fatal(r.Err)
		}
		durations = append(durations, time.Since(start))
	}
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	if n := len(durations); n > 0 {
		b.ReportMetric(float64(durations[n*99/100].Nanoseconds()), "p99-ns")
	}
}

// BenchmarkIssue is central signing one on-screen credential.
func BenchmarkIssue(b *testing.B) {
	is := testIssuer()
	is.Rand = nil
	b.ReportAllocs()
	for b.Loop() {
		if _, err := is.Issue(longHolder, Options{Now: goldenNow, TTL: ScreenTTL}); err != nil {
			b.Fatal(err)
		}
	}
}
