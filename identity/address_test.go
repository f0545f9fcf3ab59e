package identity

import (
	"slices"
	"strings"
	"testing"
)

func validAddress() Address {
	return Address{
		BuildingNumber: "2929", Street: "طريق الملك فهد", District: "العليا", City: "الرياض",
		PostalCode: "12214", AdditionalNumber: "7788", ShortAddress: "RRRD2929",
	}
}

func TestCheckAddress(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Address)
		want   Address
		fields []string
	}{
		{"valid", func(*Address) {}, validAddress(), nil},
		{"Arabic-Indic and Persian digits, spaces", func(a *Address) {
			a.BuildingNumber, a.PostalCode, a.AdditionalNumber, a.ShortAddress = " ٢٩٢٩ ", "۱۲ ۲۱۴", "٧٧٨٨", " rrrd ٢٩٢٩ "
		}, validAddress(), nil},
		{"text trimmed and collapsed", func(a *Address) { a.Street = "  طريق   الملك\tفهد " }, validAddress(), nil},
		{"English names and punctuation", func(a *Address) { a.Street, a.City = "King Fahd Rd. (Service), Exit 5", "Riyadh" }, func() Address {
			a := validAddress()
			a.Street, a.City = "King Fahd Rd. (Service), Exit 5", "Riyadh"
			return a
		}(), nil},
		{"Arabic diacritics", func(a *Address) { a.District = "العُلَيَّا" }, func() Address { a := validAddress(); a.District = "العُلَيَّا"; return a }(), nil},
		{"building number 3 digits", func(a *Address) { a.BuildingNumber = "292" }, Address{}, []string{FieldBuildingNumber}},
		{"building number 5 digits", func(a *Address) { a.BuildingNumber = "29290" }, Address{}, []string{FieldBuildingNumber}},
		{"building number letter", func(a *Address) { a.BuildingNumber = "29A9" }, Address{}, []string{FieldBuildingNumber}},
		{"postal code 4 digits", func(a *Address) { a.PostalCode = "1221" }, Address{}, []string{FieldPostalCode}},
		{"additional number 5 digits", func(a *Address) { a.AdditionalNumber = "77881" }, Address{}, []string{FieldAdditionalNumber}},
		{"short address digits first", func(a *Address) { a.ShortAddress = "2929RRRD" }, Address{}, []string{FieldShortAddress}},
		{"short address 3 letters", func(a *Address) { a.ShortAddress = "RRD2929" }, Address{}, []string{FieldShortAddress}},
		{"short address Arabic letters", func(a *Address) { a.ShortAddress = "ررر د2929" }, Address{}, []string{FieldShortAddress}},
		{"street empty", func(a *Address) { a.Street = "   " }, Address{}, []string{FieldStreet}},
		{"city with symbols", func(a *Address) { a.City = "Riyadh <script>" }, Address{}, []string{FieldCity}},
		{"district too long", func(a *Address) { a.District = strings.Repeat("ح", 101) }, Address{}, []string{FieldDistrict}},
		{"control character", func(a *Address) { a.Street = "King\x00Fahd" }, Address{}, []string{FieldStreet}},
		{"everything empty, one error per field in order", func(a *Address) { *a = Address{} }, Address{},
			[]string{FieldBuildingNumber, FieldStreet, FieldDistrict, FieldCity, FieldPostalCode, FieldAdditionalNumber, FieldShortAddress}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := validAddress()
			tc.edit(&a)
			got, errs := CheckAddress(a)
			var fields []string
			for _, e := range errs {
				fields = append(fields, e.Field)
			}
			if !slices.Equal(fields, tc.fields) {
				t.Fatalf("error fields %v, want %v (%v)", fields, tc.fields, errs)
			}
			if tc.fields == nil && got != tc.want {
				t.Fatalf("CheckAddress = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestAddressErrorCodes(t *testing.T) {
	_, errs := CheckAddress(Address{BuildingNumber: "1", Street: "x", District: "y", City: "z", PostalCode: "1", AdditionalNumber: "1", ShortAddress: "1"})
	want := []Code{CodeAddressBuildingNumber, CodeAddressPostalCode, CodeAddressAdditionalNumber, CodeAddressShortAddress}
	if !slices.Equal(codes(errs), want) {
		t.Errorf("codes %v, want %v", codes(errs), want)
	}
	// A street over the length and one in a symbol script get different
	// messages: the person must know which to fix.
	_, errs = CheckAddress(Address{BuildingNumber: "2929", Street: strings.Repeat("ش", 101), District: "Riyadh <x>", City: "z", PostalCode: "12345", AdditionalNumber: "1234", ShortAddress: "RRRD2929"})
	if want := []Code{CodeAddressLength, CodeAddressText}; !slices.Equal(codes(errs), want) {
		t.Errorf("codes %v, want %v", codes(errs), want)
	}
	_, errs = CheckAddress(Address{})
	for _, e := range errs {
		if e.Code != CodeAddressRequired {
			t.Errorf("%s: %s, want address.required", e.Field, e.Code)
		}
	}
}
