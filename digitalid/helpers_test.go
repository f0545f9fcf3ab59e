package digitalid

import (
	"bytes"
	"compress/zlib"
	"crypto/ed25519"
	"testing"
	"time"
)

// goldenNow is the fixed issue time of the golden credential.
var goldenNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// testKey returns a fixed Ed25519 key made from seed byte b, so tests and the golden
// credential are reproducible.
func testKey(b byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{b}, ed25519.SeedSize))
}

// testIssuer signs with testKey(1) under kid "k1" and a fixed nonce source.
func testIssuer() Issuer {
	return Issuer{URI: "https://bawaba.example", KeyID: []byte("k1"), Key: testKey(1),
		Rand: bytes.NewReader(bytes.Repeat([]byte{0x5a}, 1<<10))}
}

// trusted is the key set that trusts testIssuer from a day before goldenNow for a year.
func trusted() []Key {
	return []Key{{ID: []byte("k1"), Public: testKey(1).Public().(ed25519.PublicKey),
		NotBefore: goldenNow.Add(-24 * time.Hour), NotAfter: goldenNow.AddDate(1, 0, 0)}}
}

// goldenHolder is a synthetic person.
var goldenHolder = Holder{
	ID: "1000000008", FullName: "محمد عبدالله الحربي", Language: LanguageArabic,
	SecondaryFullName: "Mohammed Abdullah Al-Harbi", SecondaryLanguage: LanguageEnglish,
	BirthDate: Date{1990, 3, 15}, Gender: GenderMale, Nationality: "SAU",
}

// longHolder has a long Arabic name, the size case of the issue.
var longHolder = Holder{
	ID: "2123456789", Language: LanguageArabic, SecondaryLanguage: LanguageEnglish,
	FullName:          "عبدالرحمن بن محمد بن عبدالعزيز بن عبدالله بن سليمان آل عبدالكريم الشمري",
	SecondaryFullName: "Abdulrahman bin Mohammed bin Abdulaziz bin Abdullah bin Sulaiman Al Abdulkareem Al-Shammari",
	BirthDate:         Date{1985, 11, 30}, Gender: GenderMale, Nationality: "SAU",
}

// trustedKid is trusted() for the key of is under is's kid.
func trustedKid(is Issuer) []Key {
	return []Key{{ID: is.KeyID, Public: is.Key.Public().(ed25519.PublicKey),
		NotBefore: goldenNow.Add(-24 * time.Hour), NotAfter: goldenNow.AddDate(1, 0, 0)}}
}

func mustIssue(t testing.TB, is Issuer, h Holder, o Options) Credential {
	t.Helper()
	c, err := is.Issue(h, o)
	if err != nil {
		t.Fatalf("Issue: %v", err)
	}
	return c
}

// wrap is the tail of the pipeline (zlib, base45) over any bytes, to build bad input.
func wrap(b []byte) string {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return Base45Encode(z.Bytes())
}

// unwrap undoes wrap for a credential the tests built themselves.
func unwrap(t testing.TB, qr string) []byte {
	t.Helper()
	z, err := Base45Decode(qr)
	if err != nil {
		t.Fatal(err)
	}
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.ReadFrom(r)
	return b.Bytes()
}
