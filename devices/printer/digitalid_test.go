package printer

import (
	"bytes"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/printersim"
	"github.com/bawaba/bawaba/devices/receipt"
	"github.com/bawaba/bawaba/digitalid"
)

// A printed copy of a digital ID: its QR, printed by the simulator on 80 mm and
// 58 mm paper, natively and as raster, is read back by zbarimg to the same text,
// and that text verifies.
func TestPrintedDigitalIDVerifies(t *testing.T) {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	now := time.Now()
	is := digitalid.Issuer{URI: "https://bawaba.example", KeyID: []byte{1, 2, 3, 4}, Key: key}
	c, err := is.Issue(digitalid.Holder{
		ID: "2123456789", FullName: "عبدالرحمن محمد عبدالعزيز آل عبدالكريم", Language: digitalid.LanguageArabic,
		SecondaryFullName: "Abdulrahman Mohammed Abdulaziz Al Abdulkareem", SecondaryLanguage: digitalid.LanguageEnglish,
		BirthDate: digitalid.Date{Year: 1985, Month: 11, Day: 30}, Nationality: "SA",
	}, digitalid.Options{Now: now, TTL: digitalid.DefaultCopyTTL, Copy: true})
	if err != nil {
		t.Fatal(err)
	}
	keys := []digitalid.Key{{ID: []byte{1, 2, 3, 4}, Public: key.Public().(ed25519.PublicKey), NotBefore: now.Add(-time.Hour), NotAfter: now.Add(40 * 24 * time.Hour)}}
	for _, tt := range []struct {
		name   string
		width  int
		native bool
	}{
		{"80 mm, native GS ( k", 576, true},
		{"80 mm, raster", 576, false},
		{"58 mm, native GS ( k", 384, true},
		{"58 mm, raster", 384, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, printersim.Options{WidthDots: tt.width, NoQR: !tt.native})
			p := New(r.port, receipt.Profile{WidthDots: tt.width, NativeQR: tt.native}, Options{})
			ctx := ctxT(t)
			if err := p.Print(ctx, testReceipt(c.QR)); err != nil {
				t.Fatal(err)
			}
			pages, err := r.sim.WaitPages(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if pages[0].Err != nil {
				t.Fatal(pages[0].Err)
			}
			got := zbarimg(t, pages[0].Path)
			if got != c.QR {
				t.Fatalf("zbarimg read %q, want the credential", got)
			}
			if v := digitalid.Verify(got, keys, now.Add(29*24*time.Hour)); v.Verdict != digitalid.Valid || !v.Copy {
				t.Fatalf("the printed copy: %v %v", v.Verdict, v.Err)
			}
		})
	}
}
