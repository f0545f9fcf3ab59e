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
// The issue's target is version 12 for a long name on screen (Options.MaxChars =
// ScreenQRChars, as central issues it): a four-part name meets it with both names;
// the eight-part name with "bin" between the parts (71 letters, 91 in English)
// would need 14 with both, and meets it with the Arabic name alone.
func TestQRSize(t *testing.T) {
	shortKid := testIssuer()
	shortKid.KeyID = []byte{1, 2, 3, 4} // central's kids are 4 bytes
	for _, tt := range []struct {
		name       string
		h          Holder
		o          Options
		maxVersion int
		// secondary says whether the English name is still in the credential.
		secondary bool
	}{
		{"on screen, four-part long Arabic name", fourPartHolder, Options{Now: goldenNow, TTL: ScreenTTL, MaxChars: ScreenQRChars}, 12, true},
		// The copy claim (-65537: true) costs 6 bytes, one version; paper has room.
		{"printed copy, four-part long Arabic name", fourPartHolder, Options{Now: goldenNow, TTL: DefaultCopyTTL, Copy: true}, 13, true},
		{"on screen, eight-part Arabic name", longHolder, Options{Now: goldenNow, TTL: ScreenTTL, MaxChars: ScreenQRChars}, 12, false},
		{"eight-part Arabic name, both names kept", longHolder, Options{Now: goldenNow, TTL: ScreenTTL}, 14, true},
		{"printed copy, eight-part Arabic name", longHolder, Options{Now: goldenNow, TTL: DefaultCopyTTL, Copy: true}, 14, true},
		{"on screen, golden holder", goldenHolder, Options{Now: goldenNow, TTL: ScreenTTL, MaxChars: ScreenQRChars}, 11, true},
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
			r := Verify(c.QR, trustedKid(shortKid), goldenNow)
			if r.Verdict != Valid {
				t.Fatalf("verdict %v: %v", r.Verdict, r.Err)
			}
			if got := r.Holder.SecondaryFullName != ""; got != tt.secondary || r.Holder.FullName != tt.h.FullName {
				t.Fatalf("names in the credential: %q / %q, want the English one kept = %v", r.Holder.FullName, r.Holder.SecondaryFullName, tt.secondary)
			}
			if r.Holder != c.Holder {
				t.Fatalf("Credential.Holder %+v is not what the credential says, %+v", c.Holder, r.Holder)
			}
		})
	}
}

// TestScreenQRChars holds ScreenQRChars to what it claims: the longest base45 text
// go-qrcode draws at version 12, error correction M.
func TestScreenQRChars(t *testing.T) {
	for _, tt := range []struct {
		n, version int
	}{{ScreenQRChars, 12}, {ScreenQRChars + 1, 13}} {
		q, err := qrcode.New(strings.Repeat("A", tt.n), qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		if q.VersionNumber != tt.version {
			t.Errorf("%d characters: version %d, want %d", tt.n, q.VersionNumber, tt.version)
		}
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
