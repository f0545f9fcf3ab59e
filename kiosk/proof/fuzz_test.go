package proof

import (
	"testing"

	"github.com/bawaba/bawaba/identity"
)

// FuzzParseTyped: whatever is typed (or pasted by a test tool), ParseTyped never
// panics, and a number it accepts is accepted again unchanged.
func FuzzParseTyped(f *testing.F) {
	for _, s := range []string{"", "1000000008", "2000000006", "3000000001", "١٠٠٠٠٠٠٠٠٨", " 1-000-000-008 ", "9", "\u200e1000000008"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		id, err := ParseTyped(raw, identity.Rules{})
		if err != nil {
			return
		}
		again, err := ParseTyped(id.Number, identity.Rules{})
		if err != nil || again != id {
			t.Fatalf("%q parsed to %+v, which parses to %+v %v", raw, id, again, err)
		}
	})
}
