package identity

import (
	"errors"
	"testing"

	"github.com/bawaba/bawaba/identity/luhn"
)

// withLuhn appends the Luhn check digit: synthetic IDs for tests.
func withLuhn(payload string) string { return payload + string(luhn.Digit(payload)) }

// TestLuhnVectors pins the check digit of national IDs and iqamas to known
// numbers (shared/devices.md §2.3, recomputed there by hand), through ParseID.
func TestLuhnVectors(t *testing.T) {
	tests := []struct {
		kind IDType
		n    string
		want bool
	}{
		{NationalID, "1000000008", true}, {NationalID, "1058529940", true}, {NationalID, "1001244019", true},
		{Iqama, "2000000006", true}, {NationalID, "1000000000", false}, {NationalID, "1058529941", false},
	}
	for _, tc := range tests {
		if _, err := ParseID(tc.kind, tc.n, ""); (err == nil) != tc.want {
			t.Errorf("ParseID(%s, %q) = %v, want valid %v", tc.kind, tc.n, err, tc.want)
		}
	}
}

func TestIDTypeCodes(t *testing.T) {
	seen := map[string]bool{}
	for k := NationalID; k <= GCCID; k++ {
		c := k.Code()
		if c == "" || seen[c] {
			t.Fatalf("%s: code %q empty or taken", k, c)
		}
		seen[c] = true
		if back, ok := IDTypeFromCode(c); !ok || back != k {
			t.Errorf("IDTypeFromCode(%q) = %v, %v; want %v", c, back, ok, k)
		}
	}
	for _, c := range []string{"", "national_id", "Citizen", "iqama"} {
		if _, ok := IDTypeFromCode(c); ok {
			t.Errorf("IDTypeFromCode(%q) accepted", c)
		}
	}
}

func TestParseID(t *testing.T) {
	uae := "784199012345670"
	tests := []struct {
		name     string
		kind     IDType
		raw, nat string
		want     ID
		code     Code
	}{
		{"national ID", NationalID, "1058529940", "", ID{NationalID, "1058529940", "SAU"}, ""},
		{"national ID with SAU", NationalID, "1001244019", "sau", ID{NationalID, "1001244019", "SAU"}, ""},
		{"national ID surrounded by spaces", NationalID, "  1000000008\t", "", ID{NationalID, "1000000008", "SAU"}, ""},
		{"national ID in Arabic-Indic digits", NationalID, "١٠٥٨٥٢٩٩٤٠", "", ID{NationalID, "1058529940", "SAU"}, ""},
		{"national ID in Persian digits", NationalID, "۱۰۰۱۲۴۴۰۱۹", "", ID{NationalID, "1001244019", "SAU"}, ""},
		{"national ID mixing three scripts", NationalID, "1٠۵8 529-940", "", ID{NationalID, "1058529940", "SAU"}, ""},
		{"national ID with RLM pasted from Arabic text", NationalID, "\u200f1058529940\u200f", "", ID{NationalID, "1058529940", "SAU"}, ""},
		{"national ID bad check digit", NationalID, "1000000000", "", ID{}, CodeIDChecksum},
		{"national ID starting 2", NationalID, "2000000006", "", ID{}, CodeIDPrefix},
		{"national ID 9 digits", NationalID, "105852994", "", ID{}, CodeIDLength},
		{"national ID 11 digits", NationalID, "10585299400", "", ID{}, CodeIDLength},
		{"national ID letters", NationalID, "10585299A0", "", ID{}, CodeIDDigits},
		{"national ID empty", NationalID, "   ", "", ID{}, CodeIDRequired},
		{"national ID foreign nationality", NationalID, "1058529940", "EGY", ID{}, CodeNationalityNotAllowed},
		{"iqama", Iqama, "2000000006", "", ID{Iqama, "2000000006", ""}, ""},
		{"iqama synthetic", Iqama, withLuhn("212345678"), "IND", ID{Iqama, withLuhn("212345678"), "IND"}, ""},
		{"iqama with alpha-2 nationality", Iqama, "2000000006", "pk", ID{Iqama, "2000000006", "PAK"}, ""},
		{"iqama starting 1", Iqama, "1000000008", "", ID{}, CodeIDPrefix},
		{"iqama bad check digit", Iqama, "2000000007", "", ID{}, CodeIDChecksum},
		{"iqama Saudi nationality", Iqama, "2000000006", "SAU", ID{}, CodeNationalityNotAllowed},
		{"iqama unknown nationality", Iqama, "2000000006", "XYZ", ID{}, CodeNationalityUnknown},
		{"border number 3", BorderNumber, "3123456789", "", ID{BorderNumber, "3123456789", ""}, ""},
		{"border number 4", BorderNumber, "4000000001", "YEM", ID{BorderNumber, "4000000001", "YEM"}, ""},
		{"border number wrong prefix", BorderNumber, "5123456789", "", ID{}, CodeIDPrefix},
		{"border number short", BorderNumber, "312345678", "", ID{}, CodeIDLength},
		{"passport", Passport, " a1234567 ", "GBR", ID{Passport, "A1234567", "GBR"}, ""},
		{"passport German MRZ nationality D", Passport, "C01X00T47", "D", ID{Passport, "C01X00T47", "DEU"}, ""},
		{"passport Kosovo", Passport, "P01234567", "RKS", ID{Passport, "P01234567", "RKS"}, ""},
		{"passport Arabic-Indic digits", Passport, "N١٢٣٤٥٦٧", "EGY", ID{Passport, "N1234567", "EGY"}, ""},
		{"passport no nationality", Passport, "A1234567", "", ID{}, CodeNationalityRequired},
		{"passport Saudi", Passport, "A1234567", "SAU", ID{}, CodeNationalityNotAllowed},
		{"passport too short", Passport, "A123", "GBR", ID{}, CodePassportFormat},
		{"passport too long", Passport, "A123456789012345", "GBR", ID{}, CodePassportFormat},
		{"passport symbol", Passport, "A1234<567", "GBR", ID{}, CodePassportFormat},
		{"passport Arabic letter", Passport, "ب1234567", "EGY", ID{}, CodePassportFormat},
		{"passport empty", Passport, "", "GBR", ID{}, CodeIDRequired},
		{"UAE Emirates ID printed with dashes", GCCID, "784-1990-1234567-0", "ARE", ID{GCCID, uae, "ARE"}, ""},
		{"UAE wrong prefix", GCCID, "785199012345670", "ARE", ID{}, CodeIDPrefix},
		{"UAE 14 digits", GCCID, "78419901234567", "ARE", ID{}, CodeIDLength},
		{"Kuwait civil ID", GCCID, "290010112345", "KWT", ID{GCCID, "290010112345", "KWT"}, ""},
		{"Kuwait 11 digits", GCCID, "29001011234", "KWT", ID{}, CodeIDLength},
		{"Kuwait century digit 9", GCCID, "990010112345", "KWT", ID{}, CodeIDPrefix},
		{"Bahrain CPR", GCCID, "900112345", "BHR", ID{GCCID, "900112345", "BHR"}, ""},
		{"Bahrain 10 digits", GCCID, "9001123456", "BHR", ID{}, CodeIDLength},
		{"Qatar QID", GCCID, "29063412345", "QAT", ID{GCCID, "29063412345", "QAT"}, ""},
		{"Qatar starting 1", GCCID, "19063412345", "QAT", ID{}, CodeIDPrefix},
		{"Oman 8 digits", GCCID, "12345678", "OMN", ID{GCCID, "12345678", "OMN"}, ""},
		{"Oman 9 digits", GCCID, "123456789", "OMN", ID{GCCID, "123456789", "OMN"}, ""},
		{"Oman 10 digits", GCCID, "1234567890", "OMN", ID{}, CodeIDLength},
		{"Oman leading zero", GCCID, "01234567", "OMN", ID{}, CodeIDPrefix},
		{"GCC ID from Saudi Arabia", GCCID, "1058529940", "SAU", ID{}, CodeNationalityNotAllowed},
		{"GCC ID from Egypt", GCCID, "12345678", "EGY", ID{}, CodeNationalityNotAllowed},
		{"GCC ID without nationality", GCCID, "12345678", "", ID{}, CodeNationalityRequired},
		{"unknown kind", IDType(99), "1058529940", "", ID{}, CodeIDType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseID(tc.kind, tc.raw, tc.nat)
			if tc.code != "" {
				if !errors.Is(err, tc.code) {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
				var e Error
				if !errors.As(err, &e) || (e.Field != FieldID && e.Field != FieldNationality) {
					t.Fatalf("err %v is not an Error with an ID field", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseID = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestBorderPrefixesConfigurable(t *testing.T) {
	r := Rules{BorderPrefixes: []string{"5"}}
	if _, err := r.ParseID(BorderNumber, "5123456789", ""); err != nil {
		t.Errorf("configured prefix 5 rejected: %v", err)
	}
	if _, err := r.ParseID(BorderNumber, "3123456789", ""); !errors.Is(err, CodeIDPrefix) {
		t.Errorf("default prefix 3 still accepted with override: %v", err)
	}
	if _, err := (Rules{BorderPrefixes: []string{}}).ParseID(BorderNumber, "3123456789", ""); !errors.Is(err, CodeIDPrefix) {
		t.Errorf("empty prefix list accepted a number: %v", err)
	}
}

func TestIdentityTypes(t *testing.T) {
	for _, it := range IdentityTypes() {
		if len(it.IDTypes()) == 0 || len(it.Calendars()) == 0 {
			t.Errorf("%s has no ID types or calendars", it)
		}
		for _, k := range it.IDTypes() {
			if k.IdentityType() != it {
				t.Errorf("%s.IdentityType() = %s, want %s", k, k.IdentityType(), it)
			}
		}
		if it.Name("ar") == "" || it.Name("en") == "" {
			t.Errorf("%s has no name", it)
		}
	}
	if !Citizen.AllowsCalendar(Hijri) || !Citizen.AllowsCalendar(Gregorian) {
		t.Error("citizen must allow both calendars")
	}
	for _, it := range []IdentityType{Resident, Visitor, GCC} {
		if it.AllowsCalendar(Hijri) || !it.AllowsCalendar(Gregorian) {
			t.Errorf("%s must allow Gregorian only", it)
		}
	}
	if Citizen.Calendars()[0] != Hijri {
		t.Error("the citizen's default calendar must be Hijri")
	}
}

func TestIDStringIsMasked(t *testing.T) {
	id, err := ParseID(NationalID, "1058529940", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{id.String(), errors.New(id.String()).Error()} {
		if s != "national_id ******9940" {
			t.Errorf("String() = %q", s)
		}
	}
	if Mask("123") != "***" {
		t.Errorf("Mask of a short value leaks it: %q", Mask("123"))
	}
}
