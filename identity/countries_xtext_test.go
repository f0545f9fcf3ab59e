package identity

import (
	"testing"

	"golang.org/x/text/language"
)

// TestCountriesAgainstCLDR checks the hand-kept table against a second,
// independent source: CLDR's region data in golang.org/x/text.
func TestCountriesAgainstCLDR(t *testing.T) {
	for _, c := range isoCountries {
		r, err := language.ParseRegion(c.Alpha3)
		if err != nil {
			t.Errorf("%s: CLDR does not know it: %v", c.Alpha3, err)
			continue
		}
		if r.ISO3() != c.Alpha3 || r.String() != c.Alpha2 {
			t.Errorf("%s/%s: CLDR says %s/%s", c.Alpha3, c.Alpha2, r.ISO3(), r.String())
		}
	}
}
