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

// FuzzParseLockFile: whatever the lockout file holds (a torn write, a disk
// fault, a hand edit), parsing never panics and keeps at most maxLockTracked
// well-formed entries.
func FuzzParseLockFile(f *testing.F) {
	for _, s := range []string{"", "{}", `{"v":1,"ids":{}}`, `{"v":1,"ids":{"00112233445566778899aabbccddeeff":{"fails":2,"last":"2026-01-01T10:00:00Z"}}}`,
		`{"v":1,"ids":{"zz":{"fails":1}}}`, `{"v":1,"ids":{"00112233445566778899aabbccddeeff":null}}`, `{"v":2}`, `[1,2]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ids, err := parseLockFile(b)
		if err != nil {
			return
		}
		if len(ids) > maxLockTracked {
			t.Fatalf("%d entries kept", len(ids))
		}
		for tag, st := range ids {
			if len(tag) != 2*tagSize || st == nil || st.Fails < 0 {
				t.Fatalf("kept %q: %+v", tag, st)
			}
		}
	})
}
