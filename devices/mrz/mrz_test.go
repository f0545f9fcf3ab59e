package mrz_test

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bawaba/bawaba/devices/mrz"
)

// ICAO Doc 9303 specimens (devices.md §2.1); "UTO" is ICAO's fictional Utopia.
var (
	td3Specimen = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	td1Specimen = []string{
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	}
	td1Swiss = []string{
		"IDCHEA1234567<6<<<<<<<<<<<<<<<",
		"7510256M2009018CHE<<<<<<<<<<<8",
		"SPECIMEN<<TEST<<<<<<<<<<<<<<<<",
	}
)

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		in   string
		want byte
	}{
		{"123456BB", '5'}, // planetcalc worked example
		{"L898902C3", '6'},
		{"740812", '2'},
		{"120415", '9'},
		{"ZE184226B<<<<<", '1'},
		{"D23145890", '7'},
		{"<<<", '0'},
	}
	for _, tt := range tests {
		if got := mrz.CheckDigit(tt.in); got != tt.want {
			t.Errorf("CheckDigit(%q) = %c, want %c", tt.in, got, tt.want)
		}
	}
}

func TestParseSpecimens(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  mrz.Document
	}{
		{"ICAO TD3 passport", td3Specimen, mrz.Document{
			Format: mrz.TD3, DocumentCode: "P", Issuer: "UTO", Number: "L898902C3",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO",
			BirthDate: "740812", Sex: "F", ExpiryDate: "120415", Optional1: "ZE184226B",
		}},
		{"ICAO TD1 card", td1Specimen, mrz.Document{
			Format: mrz.TD1, DocumentCode: "I", Issuer: "UTO", Number: "D23145890",
			Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO",
			BirthDate: "740812", Sex: "F", ExpiryDate: "120415",
		}},
		{"Swiss TD1 specimen", td1Swiss, mrz.Document{
			Format: mrz.TD1, DocumentCode: "ID", Issuer: "CHE", Number: "A1234567",
			Surname: "SPECIMEN", GivenNames: "TEST", Nationality: "CHE",
			BirthDate: "751025", Sex: "M", ExpiryDate: "200901",
		}},
		{"TD1 long document number continues in optional data", []string{
			"I<UTOD23145890<1240<XYZ<<<<<<<",
			"7408122F1204159UTO<<<<<<<<<<<8",
			"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
		}, mrz.Document{
			Format: mrz.TD1, DocumentCode: "I", Issuer: "UTO", Number: "D23145890124",
			Optional1: "XYZ", Surname: "ERIKSSON", GivenNames: "ANNA MARIA", Nationality: "UTO",
			BirthDate: "740812", Sex: "F", ExpiryDate: "120415",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mrz.Parse(tt.lines)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Lines = tt.lines
			if fmt.Sprintf("%#v", fields(*got)) != fmt.Sprintf("%#v", fields(tt.want)) {
				t.Fatalf("got  %#v\nwant %#v", fields(*got), fields(tt.want))
			}
		})
	}
}

// fields flattens a document for comparison (Document's own formatting hides them).
func fields(d mrz.Document) []string {
	return []string{d.Format.String(), d.DocumentCode, d.Issuer, d.Number, d.Surname, d.GivenNames,
		d.Nationality, d.BirthDate, d.Sex, d.ExpiryDate, d.Optional1, d.Optional2}
}

func TestComposedTD2RoundTrips(t *testing.T) {
	for _, number := range []string{"AB1234567", "AB12345678901"} {
		want := mrz.Document{Format: mrz.TD2, DocumentCode: "V", Issuer: "SAU", Number: number,
			Surname: "TEST", GivenNames: "RESIDENT", Nationality: "UTO", BirthDate: "900101",
			Sex: "M", ExpiryDate: "300101"}
		lines, err := mrz.Compose(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mrz.Parse(lines)
		if err != nil {
			t.Fatal(err)
		}
		if got.Number != number || got.Surname != "TEST" || got.GivenNames != "RESIDENT" {
			t.Fatalf("round trip of %s: %v", number, fields(*got))
		}
	}
}

// corrupt replaces the character at 1-based line/pos.
func corrupt(lines []string, line, pos int, c byte) []string {
	out := append([]string(nil), lines...)
	b := []byte(out[line-1])
	b[pos-1] = c
	out[line-1] = string(b)
	return out
}

func TestMisreadsAreRejectedWithTheFailingField(t *testing.T) {
	tests := []struct {
		name      string
		lines     []string
		code      mrz.Code
		field     string
		line, pos int
	}{
		{"TD3 document number misread", corrupt(td3Specimen, 2, 3, '7'), mrz.CodeCheckDigit, "document number", 2, 10},
		{"TD3 birth date check digit", corrupt(td3Specimen, 2, 20, '3'), mrz.CodeCheckDigit, "birth date", 2, 20},
		{"TD3 expiry check digit", corrupt(td3Specimen, 2, 28, '0'), mrz.CodeCheckDigit, "expiry date", 2, 28},
		{"TD3 personal number check digit", corrupt(td3Specimen, 2, 43, '2'), mrz.CodeCheckDigit, "personal number", 2, 43},
		{"TD3 composite check digit", corrupt(td3Specimen, 2, 44, '1'), mrz.CodeCheckDigit, "composite", 2, 44},
		{"TD1 composite check digit", corrupt(td1Specimen, 2, 30, '5'), mrz.CodeCheckDigit, "composite", 2, 30},
		{"TD1 optional data changes composite", corrupt(td1Specimen, 1, 20, 'B'), mrz.CodeCheckDigit, "composite", 2, 30},
		{"TD1 document number", corrupt(td1Specimen, 1, 15, '8'), mrz.CodeCheckDigit, "document number", 1, 15},
		{"lower-case letter", corrupt(td3Specimen, 1, 7, 'r'), mrz.CodeCharset, "", 1, 7},
		{"month 13", corrupt(corrupt(td3Specimen, 2, 16, '1'), 2, 17, '3'), mrz.CodeDate, "birth date", 2, 14},
		{"sex Q", corrupt(td3Specimen, 2, 21, 'Q'), mrz.CodeSex, "", 2, 21},
		{"line too short", []string{td3Specimen[0], td3Specimen[1][:43]}, mrz.CodeLayout, "", 0, 0},
		{"one line", td3Specimen[:1], mrz.CodeLayout, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mrz.Parse(tt.lines)
			var me *mrz.Error
			if !errors.As(err, &me) {
				t.Fatalf("want *mrz.Error, got %v", err)
			}
			if me.Code != tt.code || me.Field != tt.field || me.Line != tt.line || me.Pos != tt.pos {
				t.Fatalf("got %+v (%v), want code %v field %q at %d:%d", *me, err, tt.code, tt.field, tt.line, tt.pos)
			}
		})
	}
}

func TestDocumentFormattingHidesPersonalData(t *testing.T) {
	d, err := mrz.Parse(td3Specimen)
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	slog.New(slog.NewTextHandler(&log, nil)).Info("read", "doc", *d, "ptr", d)
	for _, s := range []string{fmt.Sprint(*d), fmt.Sprintf("%+v", d), fmt.Sprintf("%#v", *d), log.String()} {
		for _, secret := range []string{"ERIKSSON", "L898902C3", "740812", "ZE184226B"} {
			if strings.Contains(s, secret) {
				t.Fatalf("%q leaks %s", s, secret)
			}
		}
	}
}

func TestDatesResolveCentury(t *testing.T) {
	d, _ := mrz.Parse(td3Specimen)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if y := d.BirthTime(now).Year(); y != 1974 {
		t.Errorf("birth year %d", y)
	}
	if y := d.ExpiryTime(now).Year(); y != 2012 {
		t.Errorf("expiry year %d", y)
	}
	if !d.Expired(now) {
		t.Error("a 2012 passport is expired in 2026")
	}
}
